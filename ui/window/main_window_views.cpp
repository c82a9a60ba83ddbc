// MainWindow: what happens when a result arrives — the grids, contour lines and heatmaps of the
// shown result, its trajectory and motion, the hover read-out — and lessons, which set up a
// scene, train it and finish their view when the result arrives.
#include "core/model/mlp_model.h"
#include "core/systems/system.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/jobs/job_runner.h"
#include "ui/window/lessons.h"
#include "ui/window/main_window.h"
#include "ui/views/motion_view.h"
#include "ui/views/phase_portrait_view.h"
#include "ui/views/poincare_view.h"
#include "ui/views/race_view.h"
#include "ui/panel/run_panel.h"
#include "ui/views/runs_view.h"
#include "ui/views/sampling_view.h"
#include "ui/panel/settings_form.h"
#include "ui/panel/slice_controls.h"
#include "ui/window/studio_session.h"
#include "ui/jobs/train_controller.h"
#include "ui/views/trajectory_view.h"

#include <QGroupBox>
#include <QLabel>
#include <QStatusBar>
#include <QToolTip>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {
constexpr int kGridSize = 200;

// "q2 = 0, p2 = 0.1": the fixed coordinates of a slice.
QString sliceDescription(const TrainingResult& r, const Slice& s) {
    const auto names = r.system->coordinateNames();
    QStringList parts;
    for (size_t i = 0; i < s.fixed.size(); ++i)
        if (static_cast<int>(i) != s.ix && static_cast<int>(i) != s.iy)
            parts << QString("%1 = %2").arg(QString::fromStdString(names[i])).arg(s.fixed[i], 0, 'g', 4);
    if (parts.size() > 4) return parts.mid(0, 3).join(", ") + QObject::tr(", … (%1 fixed)").arg(parts.size());
    return parts.join(", ");
}
} // namespace

void MainWindow::showRun(int index) {
    if (index < 0 || index >= static_cast<int>(runs().size())) return;
    const ResultPtr r = runs()[static_cast<size_t>(index)];
    const ResultPtr before = currentResult();
    const bool newSystem = !before || before->settings.system != r->settings.system || before->model.dim() != r->model.dim();
    session_->setCurrent(index);
    form_->setSettings(r->settings);
    if (newSystem || slice_->xAxis()->count() != r->model.dim()) systemChanged();
    runPanel_->showResult(*r, false);
    runsView_->setRuns(runs(), index);
    poincare_->setResult(r);
    refreshGrids(true);
    runTrajectory();
}

void MainWindow::onFinished(const ResultPtr& r, bool intermediate) {
    if (!intermediate) {
        session_->add(r);
        runPanel_->setRunning(false);
        runsView_->setRuns(runs(), static_cast<int>(runs().size()) - 1);
        poincare_->setResult(r);
    }
    session_->setShown(r);
    runPanel_->showResult(*r, intermediate);
    // A new system (or domain) changes what the slice and trajectory fields mean.
    if (!intermediate && (slice_->xAxis()->count() != r->model.dim())) systemChanged();
    if (!intermediate && pendingLesson_) finishLesson(r);
    refreshGrids(!intermediate);
    if (!intermediate) runTrajectory();
}

void MainWindow::refreshGrids(bool finalResult) {
    ResultPtr r = finalResult ? currentResult() : session_->shown();
    if (!r) return;
    session_->setShown(r);
    const auto slice = slice_->slice();
    if (!slice || slice->fixed.size() != static_cast<size_t>(r->model.dim())) return;
    const GridSpec spec = GridSpec::over(r->settings.domain, *slice, kGridSize, kGridSize);
    const QString xl = slice_->axisName(slice->ix), yl = slice_->axisName(slice->iy);
    struct Grids {
        GridValues main, firstPass;
    };
    gridJob_->start<Grids>(
        [r, spec](const JobRunner::Context& ctx) {
            RunControl control(nullptr, &ctx.cancelFlag());
            Grids out;
            out.main = evaluateGrid(*r->system, &r->model, spec, false, &control);
            if (r->firstModel) {
                out.firstPass = out.main;
                evaluateModelOnGrid(*r->firstModel, spec, out.firstPass.Hhat, nullptr, &control);
            }
            return out;
        },
        [this, r, xl, yl, finalResult](const Grids& grids) {
            const GridValues& g = grids.main;
            portrait_->setModel(&r->model);
            portrait_->setGrid(g, xl, yl);
            heatmap_->setGrid(g, r->train.X, xl, yl);
            sampling_->setResult(r, g, grids.firstPass, xl, yl);
            runsView_->setSlice(g.spec.slice);
            const QString what = QString("%1, %2, width %3")
                                     .arg(QString::fromStdString(r->system->title()),
                                          QString::fromStdString(samplerTitle(r->settings.sampler)))
                                     .arg(r->settings.width);
            const QString where = r->model.dim() > 2 ? tr(" — slice through %1").arg(sliceDescription(*r, g.spec.slice)) : QString();
            portrait_->setTitle(tr("Level sets of H and Ĥ: %1%2").arg(what, where));
            heatmap_->setTitle(tr("|Ĥ − H| on the grid: %1 (test-set rel. L2 error of H %2)%3")
                                   .arg(what)
                                   .arg(r->test.relL2H, 0, 'e', 1)
                                   .arg(where));
            if (finalResult) emit resultShown(r);
        },
        [this](const QString& message) { runPanel_->showNote(tr("Could not draw the grid: %1").arg(message)); });
}

void MainWindow::runTrajectory() {
    ResultPtr r = currentResult();
    if (!r) return;
    const auto request = trajectories_->readRequest();
    if (!request) return;
    if (request->x0.size() != r->model.dim()) {
        trajectories_->showError(tr("x(0) has %1 values; this system needs %2").arg(request->x0.size()).arg(r->model.dim()));
        return;
    }
    const TrajectoryRequest req = *request;
    trajectoryJob_->start<TrajectoryPicture>(
        [r, req](const JobRunner::Context& ctx) {
            RunControl control(nullptr, &ctx.cancelFlag());
            TrajectoryPicture p;
            p.flows = compareTrajectories(*r->system, r->model, req.x0, req.tEnd, req.samples, req.integrator, &control);
            if (req.compareMlp && r->train.dXdt.rows() == r->train.X.rows()) {
                const MlpModel mlp = fitSampledMlp(r->layer, r->train.X, r->train.dXdt, r->settings.rcond, control);
                p.mlp = integrateFlow([&](const double* x, double* dx) { mlp.vectorField(x, dx); }, req.x0, req.tEnd,
                                      req.samples, req.integrator, &control);
                p.energyMlpTrueH.resize(p.mlp->states.rows());
                for (Eigen::Index k = 0; k < p.mlp->states.rows(); ++k) {
                    const Eigen::VectorXd x = p.mlp->states.row(k).transpose();
                    p.energyMlpTrueH(k) = r->system->H(x.data());
                }
            }
            return p;
        },
        [this, r](const TrajectoryPicture& p) {
            const TrajectoryComparison& c = p.flows;
            trajectories_->setPicture(p);
            motion_->setComparison(r, c);
            const auto s = slice_->slice();
            if (s) portrait_->setOrbits(c, s->ix, s->iy);
            emit trajectoryShown();
        },
        [this](const QString& message) { trajectories_->showError(message); });
}

void MainWindow::launchTrajectoryAt(double x, double y) {
    const auto s = slice_->slice();
    if (!s || !currentResult()) return;
    TrajectoryRequest r = trajectories_->readRequest().value_or(TrajectoryRequest{});
    r.x0 = s->state(x, y);
    trajectories_->setRequest(r);
    runTrajectory();
}

void MainWindow::showHover(QWidget* plot, double x, double y) {
    const ResultPtr r = currentResult();
    if (!r) return;
    const auto s = slice_->slice();
    if (!s || s->fixed.size() != static_cast<size_t>(r->model.dim())) return;
    const Eigen::VectorXd state = s->state(x, y);
    const double H = r->system->H(state.data()), Hhat = r->model.H(state.data());
    QStringList coords;
    const auto names = r->system->coordinateNames();
    for (Eigen::Index i = 0; i < state.size() && i < 6; ++i)
        coords << QString("%1 = %2").arg(QString::fromStdString(names[static_cast<size_t>(i)])).arg(state(i), 0, 'g', 5);
    const QString text = tr("%1\nH = %2\nĤ = %3\n|Ĥ − H| = %4")
                             .arg(coords.join(", "))
                             .arg(H, 0, 'g', 10)
                             .arg(Hhat, 0, 'g', 10)
                             .arg(std::abs(Hhat - H), 0, 'e', 2);
    // Next to the cursor, where the eyes are; the status bar keeps it too.
    QToolTip::showText(QCursor::pos() + QPoint(16, 16), text, plot);
    statusBar()->showMessage(QString(text).replace('\n', "    "));
}

bool MainWindow::applyLesson(const QString& id, bool trainNow, const TrainingSettings* settings) {
    const Lesson* l = findLesson(id);
    if (!l) return false;
    applySettings(settings ? *settings : l->settings);
    if (l->x0 || l->tEnd) {
        TrajectoryRequest r = trajectories_->readRequest().value_or(TrajectoryRequest{});
        if (l->x0) r.x0 = Eigen::Map<const Eigen::VectorXd>(l->x0->data(), static_cast<Eigen::Index>(l->x0->size()));
        if (l->tEnd) r.tEnd = *l->tEnd;
        trajectories_->setRequest(r);
    }
    if (l->energy) poincare_->pinEnergy(*l->energy);
    if (l->view == "poincare") poincare_->setWaiting(tr("Training the lesson's model; the section follows."));
    showView(l->view);
    lesson_->setText(l->text);
    lessonBox_->setTitle(l->title);
    lessonBox_->show();
    pendingLesson_ = l;
    if (trainNow) train();
    return true;
}

void MainWindow::finishLesson(const ResultPtr& r) {
    const Lesson* l = pendingLesson_;
    pendingLesson_ = nullptr;
    // Something else was trained meanwhile (the form's text round trip may move the last digits
    // of a bound, so compare what defines the scene).
    const TrainingSettings& a = r->settings;
    const TrainingSettings& b = l->settings;
    if (a.system != b.system || a.sampler != b.sampler || a.width != b.width || a.train != b.train || a.params != b.params)
        return;
    const QString id = l->id;
    if (l->view == "poincare") {
        auto c = std::make_shared<QMetaObject::Connection>();
        *c = connect(poincare_, &PoincareView::sectionShown, this, [this, id, c] {
            disconnect(*c);
            emit lessonShown(id);
        });
        poincare_->run();
        return;
    }
    if (l->view == "race") {
        auto c = std::make_shared<QMetaObject::Connection>();
        *c = connect(race_, &RaceView::finished, this, [this, id, c] {
            disconnect(*c);
            emit lessonShown(id);
        });
        race_->start();
        return;
    }
    if (l->view == "trajectory" || l->view == "motion") {
        auto c = std::make_shared<QMetaObject::Connection>();
        *c = connect(this, &MainWindow::trajectoryShown, this, [this, id, c] {
            disconnect(*c);
            emit lessonShown(id);
        });
        return;
    }
    auto c = std::make_shared<QMetaObject::Connection>();
    *c = connect(this, &MainWindow::resultShown, this, [this, id, c] {
        disconnect(*c);
        emit lessonShown(id);
    });
}

QString MainWindow::lessonText() const { return lessonBox_->isHidden() ? QString() : lesson_->text(); }

void MainWindow::closeLesson() { lessonBox_->hide(); }

void MainWindow::presetFromSweep(const QString& id) {
    const Lesson* l = findLesson(id);
    if (!l) return;
    const bool otherSystem = form_->currentSystem() != QString::fromStdString(l->settings.system);
    applySettings(l->settings);
    // The sweep uses the settings panel's system: say when the preset changed it, and show it.
    if (otherSystem || !currentResult() || !(currentResult()->settings == l->settings)) {
        startNote_ = tr("The preset %1 set the system to %2 and its settings; training it now.")
                         .arg(id, QString::fromStdString(l->settings.system));
        runPanel_->showNote(startNote_);
        train();
    }
}

} // namespace shnn::ui

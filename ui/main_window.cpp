#include "main_window.h"

#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/systems/system.h"
#include "core/text/parse.h"
#include "error_heatmap_view.h"
#include "job_runner.h"
#include "lessons.h"
#include "poincare_view.h"
#include "runs_view.h"
#include "sampling_view.h"
#include "sweep_view.h"
#include "phase_portrait_view.h"
#include "plot_style.h"
#include "run_panel.h"
#include "settings_form.h"
#include "slice_controls.h"
#include "train_controller.h"
#include "trajectory_view.h"

#include <QAction>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {
constexpr int kGridSize = 200;
// Live mode retrains automatically only below this many (width × training points).
constexpr double kLiveLimit = 1000.0 * 10000.0;

// "q2 = 0, p2 = 0.1": the fixed coordinates of a slice.
QString sliceDescription(const TrainingResult& r, const Slice& s) {
    const auto names = r.system->coordinateNames();
    QStringList parts;
    for (size_t i = 0; i < s.fixed.size(); ++i)
        if (static_cast<int>(i) != s.ix && static_cast<int>(i) != s.iy)
            parts << QString("%1 = %2").arg(QString::fromStdString(names[i])).arg(s.fixed[i], 0, 'g', 4);
    return parts.join(", ");
}

TrajectoryRequest exampleRequest(const HamiltonianSystem& sys, const Domain& box) {
    TrajectoryRequest r;
    const auto x = sys.exampleState();
    r.x0 = Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
    for (int i = 0; i < box.dim() && i < r.x0.size(); ++i)
        r.x0(i) = std::clamp(r.x0(i), box.intervals[static_cast<size_t>(i)].lo, box.intervals[static_cast<size_t>(i)].hi);
    r.tEnd = sys.exampleDuration();
    r.samples = 1001;
    return r;
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("S-HNN Studio"));
    controller_ = new TrainController(this);
    gridJob_ = new JobRunner("shnn-grids", this);
    trajectoryJob_ = new JobRunner("shnn-trajectory", this);
    modelJob_ = new JobRunner("shnn-open-model", this);
    liveTimer_ = new QTimer(this);
    liveTimer_->setSingleShot(true);
    liveTimer_->setInterval(300);

    // Side panel.
    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    form_ = new SettingsForm(side);
    slice_ = new SliceControls(side);
    runPanel_ = new RunPanel(side);
    lessonBox_ = new QGroupBox(tr("Lesson"), side);
    auto* lessonLayout = new QVBoxLayout(lessonBox_);
    lesson_ = new QLabel(lessonBox_);
    lesson_->setWordWrap(true);
    lesson_->setTextFormat(Qt::RichText);
    lessonLayout->addWidget(lesson_);
    lessonBox_->hide();
    sideLayout->addWidget(lessonBox_);
    sideLayout->addWidget(runPanel_);
    sideLayout->addWidget(form_);
    sideLayout->addWidget(slice_);
    sideLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(330);

    // Views.
    tabs_ = new QTabWidget;
    portrait_ = new PhasePortraitView;
    heatmap_ = new ErrorHeatmapView;
    trajectories_ = new TrajectoryView;
    tabs_->addTab(portrait_, tr("Phase portrait"));
    tabs_->setTabToolTip(0, tr("Solid blue: level sets of the true H. Dashed vermillion: Ĥ at the same levels. "
                               "Click to launch a trajectory from that state."));
    tabs_->addTab(heatmap_, tr("Error heatmap"));
    tabs_->setTabToolTip(1, tr("|Ĥ − H| on a 200×200 grid, log colour scale; dots: training states"));
    tabs_->addTab(trajectories_, tr("Trajectories"));
    tabs_->setTabToolTip(2, tr("True (solid) and learned (dashed) flows from one state, and the energy drift"));
    sampling_ = new SamplingView;
    runsView_ = new RunsView;
    sweep_ = new SweepView;
    poincare_ = new PoincareView;
    tabs_->addTab(sampling_, tr("Sampling"));
    tabs_->setTabToolTip(3, tr("Where the sampler put its neurons, their density, and the error beside it"));
    tabs_->addTab(runsView_, tr("Runs"));
    tabs_->setTabToolTip(4, tr("Every fit of this session; select two to compare their errors"));
    tabs_->addTab(sweep_, tr("Sweep"));
    tabs_->setTabToolTip(5, tr("Error and time against width or training size, per sampler"));
    tabs_->addTab(poincare_, tr("Poincaré section"));
    tabs_->setTabToolTip(6, tr("Section q1 = 0, p1 > 0 of the true and learned flows (two degrees of freedom)"));
    sweep_->setSettingsProvider([this] { return form_->readSettings(); });

    auto* splitter = new QSplitter;
    splitter->addWidget(scroll);
    splitter->addWidget(tabs_);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 1040});
    setCentralWidget(splitter);
    // The top-level layout must not push minimum sizes to the platform window after it is
    // shown (the offscreen platform warns on every such update); set one size up front.
    layout()->setSizeConstraint(QLayout::SetNoConstraint);
    setMinimumSize(960, 640);
    statusBar()->showMessage(tr("Move the mouse over a plot to read state, H, Ĥ and the error."));
    buildMenus();

    // Wiring.
    connect(runPanel_->trainButton(), &QPushButton::clicked, this, &MainWindow::train);
    connect(runPanel_->cancelButton(), &QPushButton::clicked, this, &MainWindow::cancel);
    connect(form_, &SettingsForm::changed, this, &MainWindow::onFormChanged);
    connect(form_, &SettingsForm::systemChanged, this, &MainWindow::systemChanged);
    connect(liveTimer_, &QTimer::timeout, this, &MainWindow::train);
    connect(slice_, &SliceControls::changed, this, [this] { refreshGrids(true); });
    connect(controller_, &TrainController::started, this, [this] {
        runPanel_->setRunning(true);
        runPanel_->showNote(QString());
    });
    connect(controller_, &TrainController::progress, this, [this](const Progress& p) { runPanel_->setProgress(p); });
    connect(controller_, &TrainController::intermediate, this, [this](ResultPtr r) { onFinished(r, true); });
    connect(controller_, &TrainController::finished, this, [this](ResultPtr r) { onFinished(r, false); });
    connect(controller_, &TrainController::failed, this, [this](const QString& key, const QString& message) {
        runPanel_->setRunning(false);
        form_->showError(key.isEmpty() ? QStringLiteral("general") : key, message);
        runPanel_->showNote(current_ ? tr("The fit failed; the previous result stays on screen.") : tr("The fit failed."));
        emit fitFailed(key, message);
    });
    connect(controller_, &TrainController::cancelled, this, [this] {
        runPanel_->setRunning(false);
        runPanel_->showNote(current_ ? tr("Cancelled; the previous result stays on screen.") : tr("Cancelled."));
        // A-SWIM's first pass may be drawn: go back to the last finished result.
        if (current_ && shown_ != current_) refreshGrids(true);
    });
    connect(portrait_, &PhasePortraitView::stateClicked, this, &MainWindow::launchTrajectoryAt);
    connect(portrait_, &PhasePortraitView::hovered, this, &MainWindow::showHover);
    connect(heatmap_, &ErrorHeatmapView::hovered, this, &MainWindow::showHover);
    connect(trajectories_, &TrajectoryView::runRequested, this, &MainWindow::runTrajectory);
    connect(runsView_, &RunsView::runActivated, this, &MainWindow::showRun);
    connect(sweep_, &SweepView::presetChosen, this, [this](const QString& id) {
        if (const Lesson* l = findLesson(id)) applySettings(l->settings);
    });

    applySettings(defaultPreset());
}

MainWindow::~MainWindow() {
    // Stop background work before the views it would deliver to go away.
    gridJob_->cancel();
    trajectoryJob_->cancel();
    modelJob_->cancel();
    controller_->cancel();
}

TrainingSettings MainWindow::defaultPreset() {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.sampler = Sampler::USwim;
    s.width = 300;
    s.train = 2000;
    s.test = 2000;
    return resolveSettings(s);
}

QStringList MainWindow::viewNames() { return {"phase", "error", "trajectory", "sampling", "runs", "sweep", "poincare"}; }

QString MainWindow::currentView() const { return viewNames().value(tabs_->currentIndex()); }

bool MainWindow::applyLesson(const QString& id) {
    const Lesson* l = findLesson(id);
    if (!l) return false;
    applySettings(l->settings);
    showView(l->view);
    lesson_->setText(l->text);
    lessonBox_->setTitle(l->title);
    lessonBox_->show();
    if (l->energy != 0) poincare_->setEnergy(l->energy);
    return true;
}

QString MainWindow::lessonText() const { return lessonBox_->isHidden() ? QString() : lesson_->text(); }

void MainWindow::showRun(int index) {
    if (index < 0 || index >= static_cast<int>(runs_.size())) return;
    const ResultPtr r = runs_[static_cast<size_t>(index)];
    const bool newSystem = !current_ || current_->settings.system != r->settings.system;
    current_ = r;
    shown_ = r;
    form_->setSettings(r->settings);
    if (newSystem || slice_->xAxis()->count() != r->model.dim()) systemChanged();
    runPanel_->showResult(*r, false);
    runsView_->setRuns(runs_, index);
    poincare_->setResult(r);
    refreshGrids(true);
    runTrajectory();
}

bool MainWindow::showView(const QString& name) {
    const int index = viewNames().indexOf(name);
    if (index < 0) return false;
    tabs_->setCurrentIndex(index);
    return true;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open session…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(), tr("S-HNN session (*.shnn.json *.json)"));
        if (path.isEmpty()) return;
        const QString error = openSession(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open session"), error);
    });
    file->addAction(tr("Save session…"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save session"), QString(), tr("S-HNN session (*.shnn.json)"));
        if (path.isEmpty()) return;
        const QString error = saveSession(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Save session"), error);
    });
    file->addAction(tr("Open model (JSON)…"), QKeySequence(tr("Ctrl+Shift+O")), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), QString(), tr("S-HNN model (*.json)"));
        if (path.isEmpty()) return;
        const QString error = openModel(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open model"), error);
    });
    recentMenu_ = file->addMenu(tr("Recent sessions"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("Export current plot (PNG/PDF/SVG)…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportCurrentPlot);
    file->addAction(tr("Export model (JSON)…"), QKeySequence(tr("Ctrl+Shift+S")), this, &MainWindow::exportModel);
    file->addAction(tr("Export runs table (CSV)…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export runs"), QString(), tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        try {
            io::writeFileAtomically(path.toStdString(), runsView_->csv().toStdString());
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Export runs"), QString::fromUtf8(e.what()));
        }
    });
    file->addAction(tr("Export sweep results (CSV)…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export sweep"), QString(), tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        try {
            io::writeFileAtomically(path.toStdString(), sweep_->csv().toStdString());
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Export sweep"), QString::fromUtf8(e.what()));
        }
    });
    file->addSeparator();
    file->addAction(tr("Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* run = menuBar()->addMenu(tr("&Train"));
    QAction* trainAction = run->addAction(tr("Train"), this, &MainWindow::train);
    trainAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    trainAction->setShortcutContext(Qt::ApplicationShortcut);
    QAction* cancelAction = run->addAction(tr("Cancel"), this, &MainWindow::cancel);
    cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelAction->setShortcutContext(Qt::ApplicationShortcut);
    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    QMenu* rows = presets->addMenu(tr("EXPERIMENTS.md rows"));
    for (const auto& l : experimentPresets()) rows->addAction(l.title, this, [this, id = l.id] { applyLesson(id); });
    QMenu* lessons = presets->addMenu(tr("Lessons"));
    for (const auto& l : teachingLessons()) lessons->addAction(l.title, this, [this, id = l.id] { applyLesson(id); });
}

void MainWindow::applySettings(const TrainingSettings& s) {
    const bool newSystem = form_->currentSystem() != QString::fromStdString(s.system) || !current_;
    form_->setSettings(s);
    if (newSystem) systemChanged();
}

void MainWindow::systemChanged() {
    const auto settings = form_->readSettings();
    if (!settings) return;
    const auto sys = systemFor(*settings);
    slice_->setSystem(sys->coordinateNames(), settings->domain);
    trajectories_->setSystem(sys->coordinateNames(), exampleRequest(*sys, settings->domain));
}

void MainWindow::train() {
    liveTimer_->stop();
    const auto settings = form_->readSettings();
    if (!settings) {
        runPanel_->showNote(current_ ? tr("Fix the marked field; the previous result stays on screen.") : QString());
        return;
    }
    controller_->train(*settings);
}

void MainWindow::cancel() {
    liveTimer_->stop();
    controller_->cancel();
}

bool MainWindow::busy() const {
    return controller_->busy() || gridJob_->busy() || trajectoryJob_->busy() || modelJob_->busy();
}

void MainWindow::onFormChanged() {
    if (!runPanel_->liveBox()->isChecked()) return;
    const auto settings = form_->readSettings();  // shows errors at once, next to the field
    if (!settings) {
        liveTimer_->stop();
        return;
    }
    if (static_cast<double>(settings->width) * static_cast<double>(settings->train) > kLiveLimit) {
        runPanel_->showNote(tr("Live mode pauses for fits this large; press Train (Ctrl+Return)."));
        return;
    }
    liveTimer_->start();
}

void MainWindow::onFinished(const ResultPtr& r, bool intermediate) {
    if (!intermediate) {
        current_ = r;
        runPanel_->setRunning(false);
        runs_.push_back(r);
        runsView_->setRuns(runs_, static_cast<int>(runs_.size()) - 1);
        poincare_->setResult(r);
    }
    shown_ = r;
    runPanel_->showResult(*r, intermediate);
    // A new system (or domain) changes what the slice and trajectory fields mean.
    if (!intermediate && (slice_->xAxis()->count() != r->model.dim())) systemChanged();
    refreshGrids(!intermediate);
    if (!intermediate) runTrajectory();
}

void MainWindow::refreshGrids(bool finalResult) {
    ResultPtr r = finalResult ? current_ : shown_;
    if (!r) return;
    shown_ = r;
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
    ResultPtr r = current_;
    if (!r) return;
    const auto request = trajectories_->readRequest();
    if (!request) return;
    if (request->x0.size() != r->model.dim()) {
        trajectories_->showError(tr("x(0) has %1 values; this system needs %2").arg(request->x0.size()).arg(r->model.dim()));
        return;
    }
    const TrajectoryRequest req = *request;
    trajectoryJob_->start<TrajectoryComparison>(
        [r, req](const JobRunner::Context& ctx) {
            RunControl control(nullptr, &ctx.cancelFlag());
            return compareTrajectories(*r->system, r->model, req.x0, req.tEnd, req.samples, IntegratorSettings{}, &control);
        },
        [this](const TrajectoryComparison& c) {
            trajectories_->setComparison(c);
            const auto s = slice_->slice();
            if (s) portrait_->setOrbits(c, s->ix, s->iy);
            emit trajectoryShown();
        },
        [this](const QString& message) { trajectories_->showError(message); });
}

void MainWindow::launchTrajectoryAt(double x, double y) {
    const auto s = slice_->slice();
    if (!s || !current_) return;
    const auto request = trajectories_->readRequest();
    TrajectoryRequest r = request.value_or(TrajectoryRequest{});
    r.x0 = s->state(x, y);
    trajectories_->setRequest(r);
    runTrajectory();
}

void MainWindow::showHover(double x, double y) {
    if (!current_) return;
    const auto s = slice_->slice();
    if (!s || s->fixed.size() != static_cast<size_t>(current_->model.dim())) return;
    const Eigen::VectorXd state = s->state(x, y);
    const auto& sys = current_->system;
    const double H = sys->H(state.data()), Hhat = current_->model.H(state.data());
    QStringList coords;
    const auto names = sys->coordinateNames();
    for (Eigen::Index i = 0; i < state.size(); ++i)
        coords << QString("%1 = %2").arg(QString::fromStdString(names[static_cast<size_t>(i)])).arg(state(i), 0, 'g', 5);
    statusBar()->showMessage(tr("%1    H = %2    Ĥ = %3    |Ĥ − H| = %4")
                                 .arg(coords.join(", "))
                                 .arg(H, 0, 'g', 10)
                                 .arg(Hhat, 0, 'g', 10)
                                 .arg(std::abs(Hhat - H), 0, 'e', 2));
}

void MainWindow::exportCurrentPlot() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QString(),
                                                      tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    const QString error = exportCurrentPlotTo(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export plot"), error);
    else statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

QString MainWindow::exportCurrentPlotTo(const QString& path) {
    QCustomPlot* plot = nullptr;
    QWidget* view = tabs_->currentWidget();
    if (view == portrait_) plot = portrait_->plot();
    else if (view == heatmap_) plot = heatmap_->plot();
    else if (view == trajectories_) plot = trajectories_->plot();
    else if (view == sampling_) plot = sampling_->neuronPlot();
    else if (view == runsView_) plot = runsView_->left()->plot();
    else if (view == sweep_) plot = sweep_->plot();
    else if (view == poincare_) plot = poincare_->plot();
    if (!plot) return tr("this view has no plot to export");
    // The sampling and runs views hold several plots: as PNG the whole view is saved.
    const bool wholeView = (view == sampling_ || view == runsView_) && path.toLower().endsWith(".png");
    if (wholeView) return view->grab().save(path, "PNG") ? QString() : tr("%1: could not write the file").arg(path);
    return exportPlot(plot, path);
}

void MainWindow::exportModel() {
    if (!current_) return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export model"), QString(), tr("S-HNN model (*.json)"));
    if (path.isEmpty()) return;
    const QString error = exportModelTo(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export model"), error);
    else statusBar()->showMessage(tr("Saved %1 (load it with: shnn eval --model %1)").arg(path), 8000);
}

QString MainWindow::exportModelTo(const QString& path) {
    if (!current_) return tr("no model yet: train first");
    try {
        io::saveModel(path.toStdString(), *current_);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

} // namespace shnn::ui

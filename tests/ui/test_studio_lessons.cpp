// The studio in front of a class: every lesson, chosen from the menu, ends with its own plots
// on screen without pressing Train; the Hénon–Heiles section at E = 1/8 holds both regular
// curves and a chaotic sea; the double pendulums of the Motion view part ways; an idle window
// uses no CPU; zoom and presentation mode; an anchor for boxes away from the origin.
#include "core/fit/blas_kernels.h"
#include "common/compare.h"
#include "common/studio_driver.h"
#include "common/timing.h"
#include "core/integrate/trajectory.h"
#include "core/systems/system.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/window/lessons.h"
#include "ui/window/main_window.h"
#include "ui/window/help_dialogs.h"
#include "ui/views/motion_view.h"
#include "ui/views/phase_portrait_view.h"
#include "ui/views/plot_style.h"
#include "ui/views/poincare_view.h"
#include "ui/panel/run_panel.h"
#include "ui/views/sampling_view.h"
#include "ui/panel/settings_form.h"
#include "ui/views/trajectory_view.h"

#include <QAction>
#include <QLayout>
#include <QMessageBox>
#include <memory>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <qcustomplot.h>
#include <sys/resource.h>

using namespace shnn;
using namespace shnn::ui;

class TestStudioLessons : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void idleWindowUsesNoCpu();
    void everyLessonFromTheMenuShowsItsOwnPlots_data();
    void everyLessonFromTheMenuShowsItsOwnPlots();
    void henonHeilesSectionHasOrderAndChaos();
    void doublePendulumsPartWays();
    void boxAwayFromTheOriginGetsAnAnchorInside();
    void anchorOutsideTheBoxIsWarnedAbout();
    void zoomAndPresentationMode();
    void helpMenuHasAboutShortcutsAndGuide();

private:
    MainWindow* w_ = nullptr;
    QAction* menuAction(const QString& title) const;
};

namespace {
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
} // namespace

void TestStudioLessons::init() {
    w_ = new MainWindow;
    w_->resize(1400, 900);
    w_->runPanel()->liveBox()->setChecked(false);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_));
}

void TestStudioLessons::cleanup() {
    delete w_;
    w_ = nullptr;
}

QAction* TestStudioLessons::menuAction(const QString& title) const {
    for (QAction* top : w_->menuBar()->actions())
        if (top->menu())
            for (QAction* a : top->menu()->actions()) {
                if (a->text() == title) return a;
                if (a->menu())
                    for (QAction* b : a->menu()->actions())
                        if (b->text() == title) return b;
            }
    return nullptr;
}

void TestStudioLessons::idleWindowUsesNoCpu() {
    QVERIFY(shnn::test::trainAndWait(*w_));
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    QTest::qWait(1000);  // queued replots and layouts settle
    for (const QString& view : MainWindow::viewNames()) {
        w_->showView(view);
        QTest::qWait(200);
    }
    w_->showView("phase");
    QTest::qWait(500);
    const double before = cpuSeconds();
    QTest::qWait(30000);
    const double used = cpuSeconds() - before;
    qInfo("idle window: %.3f s of CPU in 30 s (%.2f%% of a core)", used, 100.0 * used / 30.0);
    QVERIFY2(used < 0.02 * 30.0, qPrintable(QString("%1 s of CPU").arg(used)));
}

void TestStudioLessons::everyLessonFromTheMenuShowsItsOwnPlots_data() {
    QTest::addColumn<QString>("id");
    for (const Lesson& l : teachingLessons()) QTest::newRow(qPrintable(l.id)) << l.id;
    QTest::newRow("E1") << "E1";
    QTest::newRow("E3") << "E3";
}

void TestStudioLessons::everyLessonFromTheMenuShowsItsOwnPlots() {
    QFETCH(QString, id);
    const Lesson* l = findLesson(id);
    QVERIFY(l);
    // Start from another system, so stale plots would show.
    TrainingSettings other;
    other.system = "spring";
    other.width = 40;
    other.train = 400;
    other.test = 400;
    w_->applySettings(resolveSettings(other));
    QVERIFY(shnn::test::trainAndWait(*w_));
    QSignalSpy shown(w_, &MainWindow::lessonShown);
    QAction* action = menuAction(l->title);
    QVERIFY2(action, qPrintable(l->title));
    action->trigger();  // no Train pressed
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(shown.first().at(0).toString(), id);
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    const ResultPtr r = w_->currentResult();
    QVERIFY(r);
    QCOMPARE(r->settings.system, l->settings.system);
    QCOMPARE(r->settings.sampler, l->settings.sampler);
    QCOMPARE(r->settings.width, l->settings.width);
    QCOMPARE(r->settings.train, l->settings.train);
    QCOMPARE(r->settings.params, l->settings.params);
    QCOMPARE(w_->currentView(), l->view);
    QVERIFY(!w_->lessonText().isEmpty());
    QVERIFY2(!w_->lessonText().contains(".md"), "lessons speak of the paper, not of files");
    if (l->view == "phase") QVERIFY(w_->portrait()->trueContourPoints() > 500 && w_->portrait()->learnedContourPoints() > 500);
    if (l->view == "error") QVERIFY(w_->heatmap()->cell(100, 100) > 0);
    if (l->view == "trajectory") QVERIFY(w_->trajectories()->graphCount() >= 5);
    if (l->view == "sampling") QCOMPARE(w_->samplingView()->segmentCount(), static_cast<int>(r->settings.width));
    if (l->view == "poincare") {
        QCOMPARE(w_->poincareView()->energy(), *l->energy);
        QVERIFY(w_->poincareView()->trueCrossings().size() > 500);
        QVERIFY(w_->poincareView()->errorText().isEmpty());
    }
    if (l->view == "motion") {
        QVERIFY(w_->motionView()->endTime() > 0);
        QCOMPARE(w_->motionView()->systemDrawn(), QString("double pendulum"));
    }
    if (l->x0) {
        const auto req = w_->trajectories()->readRequest();
        QVERIFY(req);
        for (size_t i = 0; i < l->x0->size(); ++i) QCOMPARE(req->x0(static_cast<Eigen::Index>(i)), (*l->x0)[i]);
    }
}

void TestStudioLessons::henonHeilesSectionHasOrderAndChaos() {
    // Each orbit of the lesson's section, classified with the true flow: two states 1e-8 apart
    // stay close on a regular orbit and separate to O(1e-3) or more in the chaotic sea.
    QSignalSpy shown(w_, &MainWindow::lessonShown);
    QVERIFY(w_->applyLesson("henon-heiles-section"));
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    PoincareView* p = w_->poincareView();
    SHNN_COMPARE_REL(p->energy(), 0.125, 1e-15);
    const auto& crossings = p->trueCrossings();
    QVERIFY(crossings.size() >= 12 * 100);
    const auto sys = makeSystem("henon_heiles");
    int regular = 0, chaotic = 0;
    for (size_t k = 0; k < crossings.size(); k += 150) {
        const Eigen::VectorXd x0 = crossings[k];
        SHNN_COMPARE_TOL(sys->H(x0.data()), 0.125, 0, 1e-8);  // on the energy surface
        Eigen::VectorXd x1 = x0;
        x1(3) += 1e-8;
        auto f = [&](const double* x, double* dx) { sys->vectorField(x, dx); };
        const Trajectory a = integrateFlow(f, x0, 400, 2, IntegratorSettings{});
        const Trajectory b = integrateFlow(f, x1, 400, 2, IntegratorSettings{});
        const double separation = (a.states.row(1) - b.states.row(1)).norm();
        (separation > 1e-3 ? chaotic : regular) += 1;
    }
    qInfo("Hénon–Heiles section at E = 1/8: %d regular and %d chaotic orbits", regular, chaotic);
    QVERIFY(regular >= 1);
    QVERIFY(chaotic >= 1);
}

void TestStudioLessons::doublePendulumsPartWays() {
    QSignalSpy shown(w_, &MainWindow::lessonShown);
    QVERIFY(w_->applyLesson("double-pendulum-hard"));
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    MotionView* m = w_->motionView();
    QCOMPARE(w_->currentView(), QString("motion"));
    m->setTime(0.5);
    const double early = (m->trueState() - m->learnedState()).norm();
    double late = 0;
    for (double t = 15; t <= m->endTime(); t += 0.25) {
        m->setTime(t);
        late = std::max(late, (m->trueState() - m->learnedState()).norm());
    }
    qInfo("double pendulum: |x - x^| = %.3e at t = 0.5, up to %.3e after t = 15", early, late);
    QVERIFY(early < 0.05);
    QVERIFY(late > 0.4);   // out of step by a good fraction of a radian
    QVERIFY(late < 10.0);  // both stay in the box they were trained on: apart, not flown off
}

void TestStudioLessons::boxAwayFromTheOriginGetsAnAnchorInside() {
    // q ∈ [5, 2π]: the origin lies outside, so the anchor is the box's centre with the true H.
    TrainingSettings s;
    s.system = "single_pendulum";
    s.sampler = Sampler::Swim;
    s.width = 500;
    s.train = 5000;
    s.test = 3000;
    s.domain = parseDomain("5:2pi,-1:1", 2);
    w_->applySettings(resolveSettings(s));
    QCOMPARE(w_->form()->field("anchor")->text(), QString("auto"));
    const ResultPtr r = shnn::test::trainAndWait(*w_);
    QVERIFY(r);
    SHNN_COMPARE_REL(r->settings.anchor[0], 0.5 * (5 + 2 * M_PI), 1e-15);
    QCOMPARE(r->settings.anchor[1], 0.0);
    qInfo("q in [5, 2pi], SWIM width 500: rel_l2_H %.3e", r->test.relL2H);
    QVERIFY2(r->test.relL2H < 1e-6, qPrintable(QString::number(r->test.relL2H)));
    QVERIFY(w_->form()->anchorWarning().isEmpty());
}

void TestStudioLessons::anchorOutsideTheBoxIsWarnedAbout() {
    w_->form()->field("anchor")->setText("10, 0");
    const auto s = w_->form()->readSettings();
    QVERIFY(s);  // allowed, but said
    QCOMPARE(s->anchor, std::vector<double>({10.0, 0.0}));
    QVERIFY(!w_->form()->anchorWarning().isEmpty());
    w_->form()->field("anchor")->setText("1, x");
    QVERIFY(!w_->form()->readSettings());
    QVERIFY(!w_->form()->errorText("anchor").isEmpty());
    w_->form()->field("anchor")->setText("auto");
    w_->form()->field("anchor-h")->setText("2.5");
    const auto t = w_->form()->readSettings();
    QVERIFY(t);
    QCOMPARE(*t->anchorH, 2.5);
}

void TestStudioLessons::zoomAndPresentationMode() {
    setZoom(1.0);
    w_->setZoomLevel(1.0);
    QVERIFY(shnn::test::trainAndWait(*w_));
    QCustomPlot* plot = w_->portrait()->plot();
    const double base = plot->xAxis->labelFont().pointSizeF();
    const double pen = static_cast<QCPCurve*>(plot->plottable(0))->pen().widthF();
    w_->setZoomLevel(1.6);
    SHNN_COMPARE_REL(plot->xAxis->labelFont().pointSizeF(), 1.6 * base, 1e-6);
    SHNN_COMPARE_REL(static_cast<QCPCurve*>(plot->plottable(0))->pen().widthF(), 1.6 * pen, 1e-6);
    w_->setPresentation(true);
    QVERIFY(w_->presentation());
    QVERIFY(!w_->sidePanel()->isVisible());
    w_->setPresentation(false);
    QVERIFY(w_->sidePanel()->isVisible());
    SHNN_COMPARE_REL(plot->xAxis->labelFont().pointSizeF(), 1.6 * base, 1e-6);  // back to the zoom before
    w_->setZoomLevel(1.0);
    SHNN_COMPARE_REL(zoom(), 1.0, 1e-12);
}

void TestStudioLessons::helpMenuHasAboutShortcutsAndGuide() {
    QVERIFY(menuAction("About S-HNN Studio"));
    QVERIFY(menuAction("Keyboard shortcuts"));
    QVERIFY(menuAction("Guide"));
    QVERIFY(menuAction("Presentation mode"));
    // The About box as it is drawn: icon, version, the libraries with their licences.
    std::unique_ptr<QMessageBox> about(createAboutBox(w_));
    // Laid out without showing it (the offscreen platform warns about a shown message box).
    about->ensurePolished();
    about->layout()->activate();
    about->resize(about->layout()->totalSizeHint().expandedTo(about->layout()->totalMinimumSize()));
    QVERIFY(about->text().contains(SHNN_VERSION) && about->text().contains("GiNaC") &&
            about->text().contains("QCustomPlot") && about->text().contains("GPL"));
    // The BLAS kernels in use, and OpenBLAS's own choice where the program corrected it.
    QVERIFY(about->text().contains("kernels for " + QString::fromStdString(shnn::blas::currentCore())));
    if (const std::string chosen = shnn::blas::coreChosenBeforeRestart(); !chosen.empty())
        QVERIFY(about->text().contains("OpenBLAS chose " + QString::fromStdString(chosen)));
    const QImage shot = about->grab().toImage();
    QVERIFY(shot.width() > 300 && shot.height() > 200);
    // SHNN_SCREENSHOT_DIR: keep the picture (documentation, release notes).
    if (const QByteArray dir = qgetenv("SHNN_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(shot.save(QString::fromUtf8(dir) + "/about.png"));
}

QTEST_MAIN(TestStudioLessons)
#include "test_studio_lessons.moc"

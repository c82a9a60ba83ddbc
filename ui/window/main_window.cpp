// MainWindow: layout and wiring. What happens when a result arrives lives in
// main_window_views.cpp; menus in main_window_menus.cpp; files in main_window_session.cpp.
#include "ui/window/main_window.h"
#include "ui/panel/side_width_follower.h"

#include "core/systems/system.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/jobs/job_runner.h"
#include "ui/views/motion_view.h"
#include "ui/views/phase_portrait_view.h"
#include "ui/views/plot_style.h"
#include "ui/views/poincare_view.h"
#include "ui/views/race_view.h"
#include "ui/panel/run_panel.h"
#include "ui/views/runs_view.h"
#include "ui/views/sampling_view.h"
#include "ui/panel/settings_form.h"
#include "ui/panel/slice_controls.h"
#include "ui/window/studio_session.h"
#include "ui/views/sweep_view.h"
#include "ui/jobs/train_controller.h"
#include "ui/views/trajectory_view.h"

#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace shnn::ui {


namespace {
// Live mode retrains automatically only below this many (width × training points).
constexpr double kLiveLimit = 1000.0 * 10000.0;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("S-HNN Studio"));
    // Notes, warnings and errors are styled by role (resources/studio.qss), not inline.
    QFile style(":/studio.qss");
    if (style.open(QIODevice::ReadOnly)) setStyleSheet(QString::fromUtf8(style.readAll()));
    session_ = new StudioSession(this);
    controller_ = new TrainController(this);
    gridJob_ = new JobRunner("shnn-grids", this);
    trajectoryJob_ = new JobRunner("shnn-trajectory", this);
    modelJob_ = new JobRunner("shnn-open-model", this);
    liveTimer_ = new QTimer(this);
    liveTimer_->setSingleShot(true);
    liveTimer_->setInterval(300);

    buildSidePanel();
    buildViews();
    splitter_ = new QSplitter;
    splitter_->addWidget(sidePanel());
    splitter_->addWidget(tabs_);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({380, 1020});
    setCentralWidget(splitter_);
    // The top-level layout must not push minimum sizes to the platform window after it is
    // shown (the offscreen platform warns on every such update); set one size up front.
    layout()->setSizeConstraint(QLayout::SetNoConstraint);
    setMinimumSize(960, 640);
    statusBar()->showMessage(tr("Move the mouse over a plot to read state, H, Ĥ and the error."));
    buildMenus();
    wireUp();
    applySettings(defaultPreset());
    if (zoom() != 1.0) setZoomLevel(zoom(), false);
}

MainWindow::~MainWindow() {
    // Stop background work before the views it would deliver to go away.
    gridJob_->cancel();
    trajectoryJob_->cancel();
    modelJob_->cancel();
    controller_->cancel();
}

void MainWindow::buildSidePanel() {
    // The lesson stands above the scrolled panel, so it stays readable wherever the panel is
    // scrolled; its × closes it.
    lessonBox_ = new QGroupBox(tr("Lesson"));
    auto* lessonLayout = new QVBoxLayout(lessonBox_);
    auto* close = new QToolButton(lessonBox_);
    close->setText("×");
    close->setToolTip(tr("Close the lesson"));
    close->setAutoRaise(true);
    lesson_ = new QLabel(lessonBox_);
    lesson_->setWordWrap(true);
    lesson_->setTextFormat(Qt::RichText);
    auto* top = new QHBoxLayout;
    top->addStretch(1);
    top->addWidget(close);
    lessonLayout->addLayout(top);
    lessonLayout->addWidget(lesson_);
    lessonBox_->hide();
    connect(close, &QToolButton::clicked, this, &MainWindow::closeLesson);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    form_ = new SettingsForm(side);
    slice_ = new SliceControls(side);
    runPanel_ = new RunPanel(side);
    sideLayout->addWidget(runPanel_);
    sideLayout->addWidget(form_);
    sideLayout->addWidget(slice_);
    sideLayout->addStretch(1);
    sideScroll_ = new QScrollArea;
    sideScroll_->setWidget(side);
    sideScroll_->setWidgetResizable(true);
    sideScroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    sideScroll_->setMinimumWidth(340);
    side->installEventFilter(new SideWidthFollower(sideScroll_, 340, side));
}

QWidget* MainWindow::sidePanel() const {
    // Built once: the lesson box above the scroll area.
    static const char* kName = "side-panel";
    if (auto* existing = findChild<QWidget*>(kName)) return existing;
    auto* panel = new QWidget;
    panel->setObjectName(kName);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(lessonBox_);
    layout->addWidget(sideScroll_, 1);
    return panel;
}

void MainWindow::buildViews() {
    tabs_ = new QTabWidget;
    portrait_ = new PhasePortraitView;
    heatmap_ = new ErrorHeatmapView(nullptr, true);
    trajectories_ = new TrajectoryView;
    sampling_ = new SamplingView;
    runsView_ = new RunsView;
    sweep_ = new SweepView;
    poincare_ = new PoincareView;
    motion_ = new MotionView;
    race_ = new RaceView;
    views_ = {
        {"phase", tr("Phase portrait"),
         tr("Solid blue: level sets of the true H. Dashed vermillion: Ĥ at the same levels. Click to launch a trajectory."),
         portrait_, [this] { return portrait_->plot(); }},
        {"error", tr("Error heatmap"), tr("|Ĥ − H| on a 200×200 grid, log colour scale; dots: training states"), heatmap_,
         [this] { return heatmap_->plot(); }},
        {"trajectory", tr("Trajectories"), tr("True (solid) and learned (dashed) flows from one state, and the energy drift"),
         trajectories_, [this] { return trajectories_->plot(); }},
        {"sampling", tr("Sampling"), tr("Where the sampler put its neurons, their density, and the error beside it"),
         sampling_, [this] { return sampling_->neuronPlot(); }, true},
        {"runs", tr("Runs"), tr("Every fit of this session; select two to compare their errors"), runsView_,
         [this] { return runsView_->left()->plot(); }, true},
        {"sweep", tr("Sweep"), tr("Error and time against width or training size, per sampler"), sweep_,
         [this] { return sweep_->plot(); }},
        {"poincare", tr("Poincaré section"), tr("Section q1 = 0, p1 > 0 of the true and learned flows (two degrees of freedom)"),
         poincare_, [this] { return poincare_->plot(); }},
        {"motion", tr("Motion"), tr("The physical system moving under the true H and the learned Ĥ, side by side"), motion_,
         [] { return nullptr; }, true},
        {"race", tr("Race"), tr("The sampled fits against the same network trained by Adam, live"), race_,
         [this] { return race_->plot(); }, true},
    };
    for (const ViewEntry& v : views_) {
        const int index = tabs_->addTab(v.widget, v.title);
        tabs_->setTabToolTip(index, v.tip);
    }
    sweep_->setSettingsProvider([this] { return form_->readSettings(); });
    race_->setSettingsProvider([this] { return form_->readSettings(); });
}

void MainWindow::wireUp() {
    connect(runPanel_->trainButton(), &QPushButton::clicked, this, &MainWindow::train);
    connect(runPanel_->cancelButton(), &QPushButton::clicked, this, &MainWindow::cancel);
    connect(form_, &SettingsForm::changed, this, &MainWindow::onFormChanged);
    connect(form_, &SettingsForm::systemChanged, this, &MainWindow::systemChanged);
    connect(form_, &SettingsForm::importRequested, this, &MainWindow::askImportData);
    connect(liveTimer_, &QTimer::timeout, this, &MainWindow::train);
    connect(slice_, &SliceControls::changed, this, [this] { refreshGrids(true); });
    connect(controller_, &TrainController::started, this, [this] {
        runPanel_->setRunning(true);
        runPanel_->showNote(startNote_);  // usually empty: an old note goes
        startNote_.clear();
    });
    connect(controller_, &TrainController::progress, this, [this](const Progress& p) { runPanel_->setProgress(p); });
    connect(controller_, &TrainController::intermediate, this, [this](ResultPtr r) { onFinished(r, true); });
    connect(controller_, &TrainController::finished, this, [this](ResultPtr r) { onFinished(r, false); });
    connect(controller_, &TrainController::failed, this, [this](const QString& key, const QString& message) {
        runPanel_->setRunning(false);
        pendingLesson_ = nullptr;
        form_->showError(key.isEmpty() ? QStringLiteral("general") : key, message);
        runPanel_->showNote(currentResult() ? tr("The fit failed; the previous result stays on screen.") : tr("The fit failed."));
        emit fitFailed(key, message);
    });
    connect(controller_, &TrainController::cancelled, this, [this] {
        runPanel_->setRunning(false);
        pendingLesson_ = nullptr;
        runPanel_->showNote(currentResult() ? tr("Cancelled; the previous result stays on screen.") : tr("Cancelled."));
        // A-SWIM's first pass may be drawn: go back to the last finished result.
        if (currentResult() && session_->shown() != currentResult()) refreshGrids(true);
    });
    connect(portrait_, &PhasePortraitView::stateClicked, this, &MainWindow::launchTrajectoryAt);
    connect(portrait_, &PhasePortraitView::hovered, this, [this](double x, double y) { showHover(portrait_->plot(), x, y); });
    connect(heatmap_, &ErrorHeatmapView::hovered, this, [this](double x, double y) { showHover(heatmap_->plot(), x, y); });
    connect(trajectories_, &TrajectoryView::runRequested, this, &MainWindow::runTrajectory);
    connect(runsView_, &RunsView::runActivated, this, &MainWindow::showRun);
    connect(sweep_, &SweepView::presetChosen, this, &MainWindow::presetFromSweep);
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

QStringList MainWindow::viewNames() {
    return {"phase", "error", "trajectory", "sampling", "runs", "sweep", "poincare", "motion", "race"};
}

QString MainWindow::currentView() const { return viewNames().value(tabs_->currentIndex()); }

bool MainWindow::showView(const QString& name) {
    const int index = viewNames().indexOf(name);
    if (index < 0) return false;
    tabs_->setCurrentIndex(index);
    return true;
}

const std::vector<ResultPtr>& MainWindow::runs() const { return session_->runs(); }
ResultPtr MainWindow::currentResult() const { return session_->current(); }

void MainWindow::applySettings(const TrainingSettings& s) {
    const bool newSystem = form_->currentSystem() != QString::fromStdString(s.system) || !currentResult();
    form_->setSettings(s);
    if (newSystem) systemChanged();
}

void MainWindow::systemChanged() {
    const auto settings = form_->readSettings();
    if (!settings) return;
    const auto sys = systemFor(*settings);
    slice_->setSystem(sys->coordinateNames(), settings->domain);
    trajectories_->setSystem(sys->coordinateNames(), exampleTrajectory(*sys, settings->domain));
    QStringList params;
    for (const auto& p : sys->params()) params << QString::fromStdString(p.name);
    sweep_->setSystemParameters(params);
}

void MainWindow::train() {
    liveTimer_->stop();
    const auto settings = form_->readSettings();
    if (!settings) {
        pendingLesson_ = nullptr;
        runPanel_->showNote(currentResult() ? tr("Fix the marked field; the previous result stays on screen.") : QString());
        return;
    }
    controller_->train(*settings);
}

void MainWindow::cancel() {
    liveTimer_->stop();
    controller_->cancel();
}

bool MainWindow::busy() const {
    // A live retrain waiting for its timer is work already asked for: a script or test that
    // waits until the studio is idle must not read the result before that fit has run.
    return liveTimer_->isActive() || controller_->busy() || gridJob_->busy() || trajectoryJob_->busy() || modelJob_->busy() || poincare_->busy() ||
           race_->running();
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

} // namespace shnn::ui

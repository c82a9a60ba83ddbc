#pragma once
// The studio window: the lesson text, the side panel (run controls, settings, slice) and the
// views as tabs. The runs live in a StudioSession; the engine runs on the TrainController's
// JobRunner, grids and trajectories on JobRunners of their own, so the GUI thread only draws.
//
// The window's code is split by role: main_window.cpp (layout and wiring),
// main_window_menus.cpp (menus, dialogs, zoom and presentation), main_window_views.cpp
// (drawing results, lessons), main_window_session.cpp (session and model files).
#include "core/analysis/grid.h"
#include "core/train/settings.h"
#include "ui/views/result_ptr.h"

#include <QMainWindow>
#include <functional>
#include <optional>
#include <vector>

class QCustomPlot;
class QLabel;
class QMenu;
class QScrollArea;
class QSplitter;
class QTabWidget;
class QTimer;
class QGroupBox;

namespace shnn::ui {

class SettingsForm;
class SliceControls;
class RunPanel;
class TrainController;
class PhasePortraitView;
class ErrorHeatmapView;
class TrajectoryView;
class SamplingView;
class RunsView;
class SweepView;
class PoincareView;
class MotionView;
class RaceView;
class JobRunner;
class StudioSession;
struct Lesson;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The studio's default: pendulum, U-SWIM, width 300, 2000 training and test points.
    static TrainingSettings defaultPreset();
    void applySettings(const TrainingSettings& s);  // fills the form (no training)
    void train();                                   // as the Train button: validate, then start
    void cancel();                                  // as the Cancel button
    bool showView(const QString& name);             // one of viewNames()
    QString currentView() const;
    static QStringList viewNames();
    // A preset or lesson in one step: its settings, view and text, then it trains and the view
    // gets what it needs (a section, a motion) when the result arrives; lessonShown then.
    // With trainNow false the scene is set and the next train() finishes it (command line).
    // `settings`: the lesson's settings with changes (command-line options) instead of its own.
    bool applyLesson(const QString& id, bool trainNow = true, const TrainingSettings* settings = nullptr);
    QString lessonText() const;  // "" when no lesson is shown (or it was closed)
    void closeLesson();

    // Runs of this session.
    StudioSession* session() const { return session_; }
    const std::vector<ResultPtr>& runs() const;
    void showRun(int index);
    ResultPtr currentResult() const;
    bool busy() const;  // a live retrain pending, training, or computing grids, a trajectory or a section

    // Sessions (File menu); return an error message, empty on success.
    QString saveSession(const QString& path);
    QString openSession(const QString& path);
    // A model file (shnn fit --save, Export model) as a new run: returns the file's problem at
    // once, or "" and then measures its errors off the GUI thread and shows it (resultShown),
    // or reports a later failure through fitFailed. Nothing on screen changes on a failure.
    QString openModel(const QString& path);
    // File ▸ Import data: the CSV's states become the training set (the panel's system is the
    // truth), the box becomes the data's, and a fit starts. Returns the error ("" on success),
    // also shown next to the data-file field; nothing changes on a bad file.
    QString importData(const QString& path);
    void askImportData();  // the file dialog, then importData
    // File menu exports without their dialogs; return an error message, empty on success.
    QString exportCurrentPlotTo(const QString& path);  // .png, .pdf or .svg
    QString exportModelTo(const QString& path);

    // Readable from the back row: zoom of all text and lines (saved), presentation mode.
    void setZoomLevel(double z, bool remember = true);
    void setPresentation(bool on);
    bool presentation() const { return presentation_; }

    SettingsForm* form() const { return form_; }
    SliceControls* sliceControls() const { return slice_; }
    RunPanel* runPanel() const { return runPanel_; }
    TrainController* controller() const { return controller_; }
    PhasePortraitView* portrait() const { return portrait_; }
    ErrorHeatmapView* heatmap() const { return heatmap_; }
    TrajectoryView* trajectories() const { return trajectories_; }
    SamplingView* samplingView() const { return sampling_; }
    RunsView* runsView() const { return runsView_; }
    SweepView* sweepView() const { return sweep_; }
    PoincareView* poincareView() const { return poincare_; }
    MotionView* motionView() const { return motion_; }
    RaceView* raceView() const { return race_; }
    QTabWidget* tabs() const { return tabs_; }
    QWidget* sidePanel() const;

signals:
    void resultShown(shnn::ui::ResultPtr result);  // a final result's grids are drawn
    void trajectoryShown();
    void lessonShown(const QString& id);           // a lesson's view holds its data
    void fitFailed(const QString& key, const QString& message);

private:
    // One row per view: the tab, and what File ▸ Export saves from it.
    struct ViewEntry {
        QString id, title, tip;
        QWidget* widget = nullptr;
        std::function<QCustomPlot*()> plot;  // the exportable plot (nullptr: none)
        bool wholeViewAsPng = false;         // several plots: a PNG holds the whole view
    };

    void buildViews();
    void buildSidePanel();
    void wireUp();
    void buildMenus();
    void buildViewMenu();
    void buildHelpMenu();
    void onFinished(const ResultPtr& r, bool intermediate);
    void onFormChanged();
    void refreshGrids(bool finalResult);
    void runTrajectory();
    void launchTrajectoryAt(double x, double y);
    void showHover(QWidget* plot, double x, double y);
    void exportCurrentPlot();
    void exportModel();
    void systemChanged();
    void presetFromSweep(const QString& id);
    void finishLesson(const ResultPtr& r);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    QString askSavePath(const QString& title, const QString& filters);
    QString askOpenPath(const QString& title, const QString& filters);
    void confirmSaved(const QString& what, const QString& path);

    StudioSession* session_ = nullptr;
    SettingsForm* form_ = nullptr;
    SliceControls* slice_ = nullptr;
    RunPanel* runPanel_ = nullptr;
    QScrollArea* sideScroll_ = nullptr;
    QGroupBox* lessonBox_ = nullptr;
    QLabel* lesson_ = nullptr;
    TrainController* controller_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    std::vector<ViewEntry> views_;
    PhasePortraitView* portrait_ = nullptr;
    ErrorHeatmapView* heatmap_ = nullptr;
    TrajectoryView* trajectories_ = nullptr;
    SamplingView* sampling_ = nullptr;
    RunsView* runsView_ = nullptr;
    SweepView* sweep_ = nullptr;
    PoincareView* poincare_ = nullptr;
    MotionView* motion_ = nullptr;
    RaceView* race_ = nullptr;
    JobRunner* gridJob_ = nullptr;
    JobRunner* trajectoryJob_ = nullptr;
    JobRunner* modelJob_ = nullptr;
    QTimer* liveTimer_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    const Lesson* pendingLesson_ = nullptr;  // applied, waiting for its result
    bool presentation_ = false;
    QString startNote_;  // shown when the next fit starts (why it was started)
    double zoomBeforePresentation_ = 1.0;
};

} // namespace shnn::ui

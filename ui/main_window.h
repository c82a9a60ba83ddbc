#pragma once
// The studio window: the side panel (lesson, run controls, settings, slice) and the views as
// tabs. It keeps the session's runs and wires the pieces; the engine runs in
// TrainController's thread, grids and trajectories on JobRunners of their own, so the
// GUI thread only draws.
#include "core/analysis/grid.h"
#include "result_ptr.h"

#include <QMainWindow>
#include <optional>
#include <vector>

class QLabel;
class QMenu;
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
class JobRunner;

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
    bool applyLesson(const QString& id);            // a preset or lesson: settings, view, text
    QString lessonText() const;

    // Runs of this session.
    const std::vector<ResultPtr>& runs() const { return runs_; }
    void showRun(int index);
    ResultPtr currentResult() const { return current_; }
    bool busy() const;  // training, or computing grids or a trajectory

    // Sessions (File menu); return an error message, empty on success.
    QString saveSession(const QString& path);
    QString openSession(const QString& path);
    // A model file (shnn fit --save, Export model) as a new run: returns the file's problem at
    // once, or "" and then measures its errors off the GUI thread and shows it (resultShown),
    // or reports a later failure through fitFailed. Nothing on screen changes on a failure.
    QString openModel(const QString& path);
    // File menu exports without their dialogs; return an error message, empty on success.
    QString exportCurrentPlotTo(const QString& path);  // .png, .pdf or .svg
    QString exportModelTo(const QString& path);

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
    QTabWidget* tabs() const { return tabs_; }

signals:
    void resultShown(shnn::ui::ResultPtr result);  // a final result's grids are drawn
    void trajectoryShown();
    void fitFailed(const QString& key, const QString& message);

private:
    void buildMenus();
    void onFinished(const ResultPtr& r, bool intermediate);
    void onFormChanged();
    void refreshGrids(bool finalResult);
    void runTrajectory();
    void launchTrajectoryAt(double x, double y);
    void showHover(double x, double y);
    void exportCurrentPlot();
    void exportModel();
    void systemChanged();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();

    SettingsForm* form_ = nullptr;
    SliceControls* slice_ = nullptr;
    RunPanel* runPanel_ = nullptr;
    QGroupBox* lessonBox_ = nullptr;
    QLabel* lesson_ = nullptr;
    TrainController* controller_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    PhasePortraitView* portrait_ = nullptr;
    ErrorHeatmapView* heatmap_ = nullptr;
    TrajectoryView* trajectories_ = nullptr;
    SamplingView* sampling_ = nullptr;
    RunsView* runsView_ = nullptr;
    SweepView* sweep_ = nullptr;
    PoincareView* poincare_ = nullptr;
    JobRunner* gridJob_ = nullptr;
    JobRunner* trajectoryJob_ = nullptr;
    JobRunner* modelJob_ = nullptr;
    QTimer* liveTimer_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    std::vector<ResultPtr> runs_;
    ResultPtr current_;   // the result on screen
    ResultPtr shown_;     // the result whose grids are drawn (may be A-SWIM's first pass)
};

} // namespace shnn::ui

#pragma once
// The studio window: the side panel (settings, slice, run controls) and the views as tabs.
// It wires the pieces; the engine runs in TrainController's thread, grids and trajectories in
// LatestJobs on the thread pool, so the GUI thread only draws.
#include "core/analysis/grid.h"
#include "train_worker.h"

#include <QMainWindow>
#include <optional>

class QTabWidget;
class QTimer;

namespace shnn::ui {

class SettingsForm;
class SliceControls;
class RunPanel;
class TrainController;
class PhasePortraitView;
class ErrorHeatmapView;
class TrajectoryView;
class LatestJob;

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
    bool showView(const QString& name);             // "phase", "error", "trajectory"
    static QStringList viewNames();

    ResultPtr currentResult() const { return current_; }
    bool busy() const;  // training, or computing grids or a trajectory

    SettingsForm* form() const { return form_; }
    SliceControls* sliceControls() const { return slice_; }
    RunPanel* runPanel() const { return runPanel_; }
    TrainController* controller() const { return controller_; }
    PhasePortraitView* portrait() const { return portrait_; }
    ErrorHeatmapView* heatmap() const { return heatmap_; }
    TrajectoryView* trajectories() const { return trajectories_; }
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

    SettingsForm* form_ = nullptr;
    SliceControls* slice_ = nullptr;
    RunPanel* runPanel_ = nullptr;
    TrainController* controller_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    PhasePortraitView* portrait_ = nullptr;
    ErrorHeatmapView* heatmap_ = nullptr;
    TrajectoryView* trajectories_ = nullptr;
    LatestJob* gridJob_ = nullptr;
    LatestJob* trajectoryJob_ = nullptr;
    QTimer* liveTimer_ = nullptr;
    ResultPtr current_;   // the result on screen
    ResultPtr shown_;     // the result whose grids are drawn (may be A-SWIM's first pass)
};

} // namespace shnn::ui

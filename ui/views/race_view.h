#pragma once
// The Race view: the paper's headline, live. The sampled fits of the chosen samplers and one
// network of the same architecture trained by Adam, on the same data (core/train/race.h). The
// left plot shows the gradient run's test error against wall-clock time (log–log) as it
// trains, with one marker per sampled fit at its (time, error); on the right, the level sets of
// the gradient-trained network and of the fastest sampled one beside the true H's; a sentence
// says how the race stands. It can be stopped and continued.
#include "core/analysis/grid.h"
#include "core/train/race.h"
#include "ui/views/result_ptr.h"

#include <QWidget>
#include <functional>
#include <optional>

class QCheckBox;
class QCustomPlot;
class QCPGraph;
class QCPCurve;
class QLabel;
class QLineEdit;
class QPushButton;

namespace shnn::ui {

class JobRunner;

class RaceView : public QWidget {
    Q_OBJECT
public:
    explicit RaceView(QWidget* parent = nullptr);

    // Where the race's system, domain and sizes come from (the settings panel).
    void setSettingsProvider(std::function<std::optional<TrainingSettings>()> provider) { provider_ = std::move(provider); }
    void configure(const std::vector<Sampler>& samplers, long steps);
    bool start();      // a new race; false (with the error shown) on bad input
    bool resume();     // continues a stopped race for the same number of steps
    void stop();
    bool running() const;

    const RaceResult& result() const { return race_; }
    QString sentence() const;
    QString errorText() const;
    QCustomPlot* plot() const { return plot_; }
    int gradientPoints() const;  // points of the live curve (for tests)

signals:
    void finished();  // the race ran its steps, was stopped, or failed
    void progressed();

private:
    void run(bool fresh);
    void redraw();
    void showGrids(const GridValues& gradient, const GridValues& sampled);
    void showError(const QString& message);

    QCheckBox* samplers_[4] = {};
    QLineEdit* steps_ = nullptr;
    QLineEdit* lr_ = nullptr;
    QLineEdit* batch_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* resume_ = nullptr;
    QLabel* sentence_ = nullptr;
    QLabel* error_ = nullptr;
    QCustomPlot* plot_ = nullptr;      // error against time
    QCustomPlot* gradientSets_ = nullptr;
    QCustomPlot* sampledSets_ = nullptr;
    QCPGraph* curve_ = nullptr;
    JobRunner* job_ = nullptr;
    std::function<std::optional<TrainingSettings>()> provider_;
    TrainingSettings settings_;
    std::vector<Sampler> raceSamplers_;
    AdamSettings adam_;
    RaceResult race_;
    bool running_ = false;
};

} // namespace shnn::ui

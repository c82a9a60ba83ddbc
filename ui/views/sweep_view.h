#pragma once
// Sweeps: samplers × widths (or training sizes) × repeats, run off the GUI thread with
// per-run progress and cancel. Plots rel_l2_H (log scale) and the fit time against the swept
// size, one curve per sampler (the median over repeats) with a min–max band when repeats > 1:
// the paper's figures. Presets fill in the the reference rows E1–E9 (docs/experiments.md).
#include "core/analysis/sweep.h"
#include "core/cluster/sweep_results.h"

#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QFileSystemWatcher;
class QTimer;
class QCPLegend;
namespace shnn::ui {
class JobRunner;
}
class QComboBox;
class QCustomPlot;
class QCPAxisRect;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace shnn::ui {

class SweepView : public QWidget {
    Q_OBJECT
public:
    explicit SweepView(QWidget* parent = nullptr);
    ~SweepView() override;

    // Where the base settings come from (the side panel's form).
    void setSettingsProvider(std::function<std::optional<TrainingSettings>()> provider) { provider_ = std::move(provider); }
    // Sets the controls: samplers, sizes ("500,1000"), vary "width" or "train", repeats.
    void configure(const std::vector<Sampler>& samplers, const QString& sizes, const QString& vary, int repeat);
    bool start();   // validates and starts; false (with the error shown) on bad input
    void cancel();
    bool running() const { return running_; }
    void setRows(const std::vector<SweepRow>& rows);  // e.g. from a session
    // A Slurm sweep's results folder (shnn sweep --slurm DIR, docs/cluster.md): its rows drawn
    // like a local sweep's and read again while tasks finish (the folder is watched, and polled
    // every 2 s: network file systems do not always report changes). False, with the error
    // shown and the rows on screen kept, for a folder that is not a readable sweep plan.
    bool openResults(const QString& dir);
    QString resultsFolder() const { return resultsDir_; }
    void refreshResults();  // reads the folder again (the timer and the watcher call it)
    // The current system's parameters, offered as settings to vary (with width, train, …).
    void setSystemParameters(const QStringList& names);
    QString varied() const;
    const std::vector<SweepRow>& rows() const { return rows_; }
    QString csv() const;

    QCustomPlot* plot() const { return plot_; }
    int curveCount() const;      // one per sampler (median curves)
    QTableWidget* table() const { return table_; }
    QString errorText() const;

signals:
    void presetChosen(const QString& experimentId);
    void finished();   // all runs done (or cancelled, or failed)
    void rowAdded(int done, int total);

private:
    void stopWatching();
    void showCollected(bool rebuild);  // the collected rows and the tasks' state
    void redraw();
    void endRun(const QString& outcome);  // the sweep ended (outcome: an error, or empty)
    void addRow(const SweepRow& row);               // one more row, and the plot redrawn
    void showRows(const std::vector<SweepRow>& rows);  // these rows instead, one redraw
    void appendRow(const SweepRow& row);            // to rows_ and the table, no redraw
    void showError(const QString& message);

    QComboBox* preset_ = nullptr;
    QCheckBox* samplers_[4] = {};
    QComboBox* vary_ = nullptr;
    QLineEdit* sizes_ = nullptr;
    QSpinBox* repeat_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* export_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* error_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* errorRect_ = nullptr;
    QCPAxisRect* timeRect_ = nullptr;
    QTableWidget* table_ = nullptr;
    std::function<std::optional<TrainingSettings>()> provider_;
    std::vector<SweepRow> rows_;
    QString swept_ = "width";  // what the shown rows vary: width, train or a setting's name
    QComboBox* statistic_ = nullptr;
    bool running_ = false;
    JobRunner* job_ = nullptr;
    QCPLegend* legend_ = nullptr;
    QString resultsDir_;               // the results folder shown, or empty
    std::optional<cluster::CollectedSweep> collected_;  // what has been read of it
    QFileSystemWatcher* watcher_ = nullptr;
    QTimer* poll_ = nullptr;
};

} // namespace shnn::ui

#pragma once
// The GUI side of training: owns the worker thread, starts jobs, and makes a newer request
// supersede an older one — the running job is cancelled (its flag set) and the newest
// pending settings start as soon as it has stopped; requests in between are dropped. So
// any number of rapid changes leave at most one job running and one pending.
#include "core/progress.h"
#include "train_worker.h"

#include <QObject>
#include <QThread>
#include <optional>

namespace shnn::ui {

class TrainController : public QObject {
    Q_OBJECT
public:
    explicit TrainController(QObject* parent = nullptr);
    ~TrainController() override;  // cancels, then waits for the thread (at most ~1 s)

    void train(const TrainingSettings& settings);  // supersedes a running job
    void cancel();                                 // stops the running job, drops the pending one
    bool busy() const { return running_; }
    int jobsStarted() const { return static_cast<int>(started_); }

signals:
    void started(const shnn::TrainingSettings& settings);
    void progress(const shnn::Progress& p);
    void intermediate(shnn::ui::ResultPtr result);
    void finished(shnn::ui::ResultPtr result);
    void failed(const QString& key, const QString& message);
    void cancelled();
    // Every job that started ends with exactly one jobEnded, also when a newer request
    // superseded it (then none of finished, failed or cancelled is emitted for it).
    void jobEnded();

private:
    void startNext();
    void markEnded(quint64 id);

    QThread thread_;
    TrainWorker* worker_ = nullptr;
    quint64 nextId_ = 0;
    quint64 runningId_ = 0;
    quint64 started_ = 0;
    bool running_ = false;
    CancelFlag runningCancel_;
    std::optional<TrainingSettings> pending_;
};

} // namespace shnn::ui

#pragma once
// The GUI side of training, on the studio's JobRunner: a newer request supersedes an older one
// (the running fit is cancelled, the newest waiting settings start as soon as it has stopped;
// requests in between are dropped), so any number of rapid changes leave at most one fit
// running and one waiting. Progress is throttled to ~30 updates a second.
#include "core/progress.h"
#include "core/train/settings.h"
#include "ui/views/result_ptr.h"

#include <QObject>
#include <map>

namespace shnn::ui {

class JobRunner;

class TrainController : public QObject {
    Q_OBJECT
public:
    explicit TrainController(QObject* parent = nullptr);
    ~TrainController() override;  // cancels, then waits for the fit to stop (~100 ms)

    void train(const TrainingSettings& settings);  // supersedes a running fit
    void cancel();                                 // stops the running fit, drops the waiting one
    bool busy() const;
    int jobsStarted() const;

signals:
    void started(const shnn::TrainingSettings& settings);
    void progress(const shnn::Progress& p);
    void intermediate(shnn::ui::ResultPtr result);
    void finished(shnn::ui::ResultPtr result);
    void failed(const QString& key, const QString& message);
    void cancelled();
    // Every fit that started ends with exactly one jobEnded, also when a newer request
    // superseded it (then none of finished, failed or cancelled is emitted for it).
    void jobEnded();

private:
    JobRunner* runner_ = nullptr;
    std::map<quint64, TrainingSettings> requested_;  // settings of requests not yet begun
};

} // namespace shnn::ui

#pragma once
// The engine's thread. A TrainWorker lives on its own QThread, takes one job at a time (a
// snapshot of the settings, by value) and hands the result back by value (a shared pointer
// to an immutable TrainingResult) through queued signals. It shares nothing mutable with the
// GUI thread except each job's cancel flag, a std::atomic<bool>.
#include "core/train/trainer.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace shnn::ui {

using ResultPtr = std::shared_ptr<const TrainingResult>;
using CancelFlag = std::shared_ptr<std::atomic<bool>>;

class TrainWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Runs on the worker thread (invoke through a queued call).
    void run(quint64 id, const shnn::TrainingSettings& settings, const CancelFlag& cancel);

signals:
    void progress(quint64 id, int stage, int pass, int passes, double fraction);
    void intermediate(quint64 id, shnn::ui::ResultPtr result);
    void finished(quint64 id, shnn::ui::ResultPtr result);
    void failed(quint64 id, QString key, QString message);
    void cancelled(quint64 id);
};

} // namespace shnn::ui

Q_DECLARE_METATYPE(shnn::ui::ResultPtr)

#include "train_controller.h"

namespace shnn::ui {

TrainController::TrainController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ResultPtr>();
    worker_ = new TrainWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainWorker::progress, this, [this](quint64 id, int stage, int pass, int passes, double f) {
        if (id == runningId_ && running_ && !runningCancel_->load())
            emit progress(Progress{static_cast<Stage>(stage), pass, passes, f});
    });
    connect(worker_, &TrainWorker::intermediate, this, [this](quint64 id, ResultPtr r) {
        if (id == runningId_ && !runningCancel_->load()) emit intermediate(std::move(r));
    });
    connect(worker_, &TrainWorker::finished, this, [this](quint64 id, ResultPtr r) {
        const bool superseded = pending_.has_value();
        markEnded(id);
        if (!superseded) emit finished(std::move(r));
        startNext();
    });
    connect(worker_, &TrainWorker::failed, this, [this](quint64 id, QString key, QString message) {
        const bool superseded = pending_.has_value();
        markEnded(id);
        if (!superseded) emit failed(key, message);
        startNext();
    });
    connect(worker_, &TrainWorker::cancelled, this, [this](quint64 id) {
        markEnded(id);
        if (!pending_) emit cancelled();
        startNext();
    });
    thread_.setObjectName("shnn-train");
    thread_.start();
}

TrainController::~TrainController() {
    pending_.reset();
    if (runningCancel_) runningCancel_->store(true);
    thread_.quit();
    thread_.wait();
}

void TrainController::train(const TrainingSettings& settings) {
    pending_ = settings;
    if (running_) runningCancel_->store(true);
    else startNext();
}

void TrainController::cancel() {
    pending_.reset();
    if (running_) runningCancel_->store(true);
}

void TrainController::markEnded(quint64 id) {
    if (id != runningId_ || !running_) return;
    running_ = false;
    emit jobEnded();
}

void TrainController::startNext() {
    if (running_ || !pending_) return;
    const TrainingSettings settings = *pending_;
    pending_.reset();
    running_ = true;
    runningId_ = ++nextId_;
    ++started_;
    runningCancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 id = runningId_;
    const CancelFlag cancel = runningCancel_;
    TrainWorker* worker = worker_;
    emit started(settings);
    QMetaObject::invokeMethod(worker_, [worker, id, settings, cancel] { worker->run(id, settings, cancel); },
                              Qt::QueuedConnection);
}

} // namespace shnn::ui

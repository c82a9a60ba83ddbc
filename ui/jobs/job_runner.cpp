#include "ui/jobs/job_runner.h"

#include "core/errors.h"

#include <QMetaObject>

namespace shnn::ui {

JobRunner::JobRunner(const QString& name, QObject* parent) : QObject(parent) {
    setObjectName(name);
    thread_ = std::thread([this] { threadLoop(); });
}

JobRunner::~JobRunner() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        waiting_.reset();
        if (runningCancel_) runningCancel_->store(true);
    }
    wake_.notify_all();
    thread_.join();
}

void JobRunner::Context::post(std::function<void()> f) const { runner_->post(id_, Posted::Call, std::move(f)); }

quint64 JobRunner::enqueue(std::function<void(const Context&)> run) {
    ++outstanding_;
    const quint64 id = ++nextId_;
    latest_ = id;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (waiting_) --outstanding_;  // replaced before it began: it never runs
        waiting_ = Request{id, std::move(run), std::make_shared<std::atomic<bool>>(false)};
        if (runningCancel_) runningCancel_->store(true);  // superseded
    }
    wake_.notify_one();
    return id;
}

void JobRunner::cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_) {
        waiting_.reset();
        --outstanding_;
    }
    if (runningCancel_) {
        // The running job is the newest one left: it reports cancelled() when it ends.
        runningCancel_->store(true);
        latest_ = runningId_;
        cancelledId_ = runningId_;
    }
}

void JobRunner::post(quint64 id, Posted::Kind kind, std::function<void()> call) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        posted_.push_back(Posted{id, kind, std::move(call)});
    }
    QMetaObject::invokeMethod(this, "drain", Qt::QueuedConnection);
}

void JobRunner::drain() {
    std::deque<Posted> items;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        items.swap(posted_);
    }
    for (Posted& p : items) {
        switch (p.kind) {
        case Posted::Began:
            ++started_;
            emit jobStarted(p.id);
            break;
        case Posted::Call:
            // Only the newest request's outcome counts, and not after cancel().
            if (p.id == latest_ && p.id != cancelledId_) p.call();
            break;
        case Posted::Ended:
            --outstanding_;
            emit jobEnded(p.id);
            if (p.id == latest_) {
                if (p.id == cancelledId_) emit cancelled();
                emit settled();
            }
            break;
        }
    }
}

void JobRunner::threadLoop() {
    for (;;) {
        Request r;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || waiting_.has_value(); });
            if (stopping_) return;
            r = std::move(*waiting_);
            waiting_.reset();
            runningCancel_ = r.cancel;
            runningId_ = r.id;
        }
        post(r.id, Posted::Began, {});
        Context ctx;
        ctx.runner_ = this;
        ctx.id_ = r.id;
        ctx.cancel_ = r.cancel;
        try {
            r.run(ctx);
        } catch (...) {
            // start() reports failures through the queue; a raw job that throws ends silently.
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            runningCancel_.reset();
            runningId_ = 0;
        }
        post(r.id, Posted::Ended, {});
    }
}

} // namespace shnn::ui

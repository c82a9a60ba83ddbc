#pragma once
// The one way the studio runs work off the GUI thread (fits, grids, trajectories, sections,
// comparisons, sweeps, opening models).
//
// A JobRunner owns one thread. start() makes a job the newest: a running job gets its cancel
// flag set, and the newest request runs as soon as that job has stopped; requests replaced
// while waiting never run. So however fast requests arrive, at most one job runs and one waits.
// A job's outcome reaches the GUI thread only if no newer request came meanwhile (a
// superseded job delivers nothing), as done(value), failed(message) or — after cancel() —
// the cancelled() signal.
//
// Everything that crosses threads goes through one mutex-protected queue: the job posts a
// closure, the GUI thread runs it from drain(). Qt's queued calls only say "look at the queue"
// and carry no data, so the hand-over is visible to ThreadSanitizer (whose view of Qt's own
// locks is blind) and nothing mutable is shared otherwise; each job gets a fresh
// std::atomic<bool> cancel flag.
#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace shnn::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(const QString& name, QObject* parent = nullptr);
    ~JobRunner() override;  // cancels, then waits for the thread (a job stops within ~100 ms)

    // What a running job sees.
    class Context {
    public:
        const std::atomic<bool>& cancelFlag() const { return *cancel_; }
        bool cancelled() const { return cancel_->load(std::memory_order_relaxed); }
        // Runs `f` on the GUI thread later, unless a newer request supersedes this job first.
        void post(std::function<void()> f) const;

    private:
        friend class JobRunner;
        JobRunner* runner_ = nullptr;
        quint64 id_ = 0;
        std::shared_ptr<std::atomic<bool>> cancel_;
    };

    // Both return the request's id (as jobStarted and jobEnded name it).
    template <class T>
    quint64 start(std::function<T(const Context&)> work, std::function<void(const T&)> done,
               std::function<void(const QString&)> failed = {}) {
        return enqueue([work = std::move(work), done = std::move(done), failed = std::move(failed)](const Context& ctx) {
            try {
                auto value = std::make_shared<T>(work(ctx));
                ctx.post([done, value] { done(*value); });
            } catch (const std::exception& e) {
                if (ctx.cancelled()) return;  // a cancelled job reports nothing but cancelled()
                const QString message = QString::fromUtf8(e.what());
                if (failed) ctx.post([failed, message] { failed(message); });
            }
        });
    }

    // The same for work whose outcome it posts itself (through the context).
    quint64 startRaw(std::function<void(const Context&)> job) { return enqueue(std::move(job)); }

    void cancel();                        // stops the running job, drops the waiting one
    bool busy() const { return outstanding_ > 0; }  // a request not yet fully delivered
    int jobsStarted() const { return started_; }

signals:
    void jobStarted(quint64 id);  // a job began on the thread
    void jobEnded(quint64 id);    // exactly once per job that began (superseded ones too)
    void cancelled();   // cancel() stopped a job that had begun
    void settled();     // the newest job has ended and its outcome is delivered

private slots:
    void drain();

private:
    struct Request {
        quint64 id = 0;
        std::function<void(const Context&)> run;
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    struct Posted {
        quint64 id = 0;
        enum Kind { Call, Began, Ended } kind = Call;
        std::function<void()> call;
    };

    quint64 enqueue(std::function<void(const Context&)> run);
    void post(quint64 id, Posted::Kind kind, std::function<void()> call);
    void threadLoop();

    // GUI-thread state.
    quint64 nextId_ = 0;
    quint64 latest_ = 0;         // id of the newest request still alive
    quint64 cancelledId_ = 0;    // a request cancel() stopped (reports cancelled() when it ends)
    int outstanding_ = 0;        // requests not yet ended or dropped
    int started_ = 0;

    // Shared with the thread, under mutex_.
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Request> waiting_;
    std::shared_ptr<std::atomic<bool>> runningCancel_;
    quint64 runningId_ = 0;
    std::deque<Posted> posted_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace shnn::ui

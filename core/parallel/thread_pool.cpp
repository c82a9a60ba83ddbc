#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <list>
#include <memory>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

extern "C" void openblas_set_num_threads(int num_threads);
// OpenBLAS's pthreads build starts its own worker threads when the library loads; idle, they
// spin on sched_yield for 2^28 cycles (about 0.1 s) before they sleep, and setting the thread
// count to 1 does not stop them. Every fit in a fresh process (the CLI, each of the bench's
// children) lost that much of a core: E2's first 0.1 s ran beside a third busy thread. The
// BLAS runs single-threaded inside our tasks, so the pool stops them (weak: other builds of
// the library may not have the symbol; OpenBLAS restarts them itself if ever asked for more
// threads).
extern "C" int blas_thread_shutdown_(void) __attribute__((weak));

namespace shnn::parallel {

namespace {

// One parallelFor call.
struct Job {
    const std::function<void(std::int64_t, int)>* body = nullptr;
    std::int64_t tasks = 0;
    std::int64_t next = 0;         // next unclaimed task (under the pool's mutex)
    int running = 0;               // threads inside a task of this job
    std::vector<bool> slotBusy;    // slots handed out to the threads working on it
    std::exception_ptr error;
    bool failed = false;
};

thread_local bool insideTask = false;

int detectThreads() {
    if (const char* env = std::getenv("SHNN_THREADS")) {
        const int n = std::atoi(env);
        if (n >= 1 && n <= 256) return n;
    }
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n >= 1) return std::min(n, 256);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

class Pool {
public:
    explicit Pool(int threads) : threads_(threads) {
        // The BLAS runs inside our tasks, one thread each (see the header for why).
        openblas_set_num_threads(1);
        if (blas_thread_shutdown_) blas_thread_shutdown_();
        for (int i = 1; i < threads_; ++i) workers_.emplace_back([this] { workerLoop(); });
    }
    ~Pool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& t : workers_) t.join();
    }

    int threads() const { return threads_; }

    void run(std::int64_t tasks, const std::function<void(std::int64_t, int)>& body) {
        auto job = std::make_shared<Job>();
        job->body = &body;
        job->tasks = tasks;
        job->slotBusy.assign(static_cast<size_t>(threads_), false);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            jobs_.push_back(job);
        }
        if (tasks > 1) wake_.notify_all();
        // The caller works on its own job until no task is left to claim.
        work(*job);
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [&] { return job->running == 0; });
        jobs_.remove(job);
        lock.unlock();
        if (job->error) std::rethrow_exception(job->error);
    }

private:
    // Claims and runs tasks of `job` until none is left (or one failed).
    void work(Job& job) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (job.next >= job.tasks || job.failed) return;
        int slot = 0;
        while (job.slotBusy[static_cast<size_t>(slot)]) ++slot;
        job.slotBusy[static_cast<size_t>(slot)] = true;
        ++job.running;
        while (job.next < job.tasks && !job.failed) {
            const std::int64_t task = job.next++;
            lock.unlock();
            try {
                insideTask = true;
                (*job.body)(task, slot);
                insideTask = false;
            } catch (...) {
                insideTask = false;
                lock.lock();
                if (!job.failed) {
                    job.failed = true;
                    job.error = std::current_exception();
                }
                lock.unlock();
            }
            lock.lock();
        }
        job.slotBusy[static_cast<size_t>(slot)] = false;
        if (--job.running == 0) done_.notify_all();
    }

    void workerLoop() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stopping_ || openJob() != nullptr; });
            if (stopping_) return;
            std::shared_ptr<Job> job = openJob();
            lock.unlock();
            work(*job);
            lock.lock();
        }
    }

    // The oldest job with unclaimed tasks and a free slot (under the mutex).
    std::shared_ptr<Job> openJob() const {
        for (const auto& j : jobs_)
            if (j->next < j->tasks && !j->failed && j->running < threads_) return j;
        return nullptr;
    }

    const int threads_;
    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;  // workers: a job arrived
    std::condition_variable done_;  // callers: a job's last task ended
    std::list<std::shared_ptr<Job>> jobs_;
    bool stopping_ = false;
};

Pool& pool() {
    static Pool p(detectThreads());
    return p;
}

} // namespace

int threadCount() { return pool().threads(); }

void parallelFor(std::int64_t tasks, const std::function<void(std::int64_t task, int slot)>& body) {
    Pool& p = pool();  // first use: also switches the BLAS to one thread
    if (tasks <= 0) return;
    if (tasks == 1 || insideTask || p.threads() == 1) {
        // Serially on this thread: nested loops, single tasks, a one-thread pool.
        for (std::int64_t t = 0; t < tasks; ++t) body(t, 0);
        return;
    }
    p.run(tasks, body);
}

std::int64_t pieceCount(std::int64_t n, std::int64_t minPiece, int perThread) {
    if (n <= 0) return 0;
    const std::int64_t most = std::max<std::int64_t>(1, n / std::max<std::int64_t>(1, minPiece));
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(perThread) * threadCount(), 1, most);
}

} // namespace shnn::parallel

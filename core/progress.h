#pragma once
// Progress reporting and cancellation for long work. The engine calls report() between
// chunks and check() often enough that a cancel takes effect within ~100 ms; it never knows
// who listens (the CLI prints to stderr, the studio forwards through a queued signal).
#include "errors.h"

#include <atomic>
#include <functional>

namespace shnn {

enum class Stage { Sampling, Assembling, Solving, Evaluating, Integrating };

const char* stageName(Stage s);

struct Progress {
    Stage stage = Stage::Sampling;
    int pass = 1;            // A-SWIM runs two passes; every other sampler one
    int passes = 1;
    double fraction = 0.0;   // within the stage, 0..1
};

using ProgressFn = std::function<void(const Progress&)>;

class RunControl {
public:
    RunControl() = default;
    RunControl(ProgressFn progress, const std::atomic<bool>* cancel)
        : progress_(std::move(progress)), cancel_(cancel) {}

    bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }
    void check() const {
        if (cancelled()) throw Cancelled();
    }
    void setPass(int pass, int passes) {
        pass_ = pass;
        passes_ = passes;
    }
    // Reports and checks for cancellation in one call.
    void report(Stage stage, double fraction) const {
        check();
        if (progress_) progress_(Progress{stage, pass_, passes_, fraction});
    }
    const std::atomic<bool>* cancelFlag() const { return cancel_; }

private:
    ProgressFn progress_;
    const std::atomic<bool>* cancel_ = nullptr;
    int pass_ = 1;
    int passes_ = 1;
};

} // namespace shnn

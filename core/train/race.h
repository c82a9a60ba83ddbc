#pragma once
// The paper's headline as a measurement: sampled fits and one gradient-trained run of the same
// network on the same data, timed on this machine. For each sampled method: its time and
// error, and when (if ever) the gradient run reached that error; for the gradient run: when it
// reached 1e-2 and 1e-3, and how much longer it took than the fastest sampled fit that is at
// least as accurate as its final error.
#include "adam_hnn.h"
#include "trainer.h"

#include <optional>
#include <vector>

namespace shnn {

struct RaceEntry {
    TrainingResult fit;                                // a sampled fit (its settings name the sampler)
    std::optional<double> gradientSecondsToReach;      // the gradient run's time to this error
};

struct RaceResult {
    std::vector<RaceEntry> sampled;
    AdamState gradient;
    TrainingResult gradientResult;                     // the gradient network as a result (errors, data)
    std::optional<double> secondsTo1e2, secondsTo1e3;  // the gradient run's time to these errors
    std::optional<double> speedupAtGradientFinalError;
};

// The first time the gradient run's test error was at most `error`.
std::optional<double> secondsToReach(const std::vector<AdamPoint>& history, double error);

using RaceProgressFn = std::function<void(const RaceResult& soFar)>;
// Sampled fits first (they take seconds), then the gradient run; `onProgress` after each fit
// and at every history point of the gradient run. Cancelled leaves the partial result in
// `out`; called again with it, the race continues (the fits are kept, Adam runs a.steps more).
void runRace(const TrainingSettings& s, const std::vector<Sampler>& samplers, const AdamSettings& a, RaceResult& out,
             const RunControl& control = {}, const RaceProgressFn& onProgress = {});
// The figures derived from the history (reach times, speed-up): for a race continued later.
void finishRace(RaceResult& r);

} // namespace shnn

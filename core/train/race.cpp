#include "race.h"

#include "../stopwatch.h"
#include "../systems/system.h"

#include <limits>

namespace shnn {

std::optional<double> secondsToReach(const std::vector<AdamPoint>& history, double error) {
    for (const AdamPoint& p : history)
        if (p.relL2H <= error) return p.seconds;
    return std::nullopt;
}

void finishRace(RaceResult& r) {
    const auto& h = r.gradient.history;
    for (RaceEntry& e : r.sampled) e.gradientSecondsToReach = secondsToReach(h, e.fit.test.relL2H);
    r.secondsTo1e2 = secondsToReach(h, 1e-2);
    r.secondsTo1e3 = secondsToReach(h, 1e-3);
    r.speedupAtGradientFinalError.reset();
    if (h.empty()) return;
    const double finalError = h.back().relL2H;
    double fastest = std::numeric_limits<double>::infinity();
    for (const RaceEntry& e : r.sampled)
        if (e.fit.test.relL2H <= finalError) fastest = std::min(fastest, e.fit.seconds.total);
    if (std::isfinite(fastest) && fastest > 0) r.speedupAtGradientFinalError = r.gradient.seconds / fastest;
}

void runRace(const TrainingSettings& settings, const std::vector<Sampler>& samplers, const AdamSettings& a, RaceResult& out,
             const RunControl& control, const RaceProgressFn& onProgress) {
    const TrainingSettings s = resolveSettings(settings);
    checkMemory(s);
    const SystemPtr sys = systemFor(s);
    const auto t0 = Clock::now();
    const Dataset train = makeTrainingData(*sys, s, &control);
    const Dataset test = makeTestData(*sys, s.domain, s.test, s.seed, &control);
    const double dataSeconds = since(t0);
    // The sampled fits not run yet (a continued race has them already).
    for (size_t k = out.sampled.size(); k < samplers.size(); ++k) {
        TrainingSettings one = s;
        one.sampler = samplers[k];
        out.sampled.push_back({trainOn(one, sys, train, test, control, {}, dataSeconds), std::nullopt});
        finishRace(out);
        if (onProgress) onProgress(out);
    }
    if (out.gradient.model.empty()) out.gradient = initialAdamState(s, sys->dim());
    try {
        trainAdam(s, a, train, test, out.gradient, control, [&](const AdamPoint&, const AdamState&) {
            finishRace(out);
            if (onProgress) onProgress(out);
        });
    } catch (const Cancelled&) {
        finishRace(out);
        throw;
    }
    TrainingResult& g = out.gradientResult;
    g.settings = s;
    g.system = sys;
    g.model = out.gradient.model;
    g.layer.W = g.model.W;
    g.layer.b = g.model.b;
    g.train = train;
    g.test = measureErrors(g.model, test);
    g.trainError = measureErrors(g.model, train);
    g.seconds.total = out.gradient.seconds;
    g.seconds.solve = out.gradient.seconds;
    finishRace(out);
}

} // namespace shnn

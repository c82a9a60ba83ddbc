#pragma once
// Sweeps: the same fit over samplers × widths (or training sizes) × repeats — the curves of
// EXPERIMENTS.md. Repeat r uses seed base.seed + r.
#include "../train/trainer.h"

#include <functional>
#include <string>
#include <vector>

namespace shnn {

struct SweepPlan {
    TrainingSettings base;
    std::vector<Sampler> samplers;
    std::vector<std::int64_t> widths;  // empty: base.width only
    std::vector<std::int64_t> trains;  // empty: base.train only
    int repeat = 1;
};

struct SweepRow {
    Sampler sampler = Sampler::Swim;
    std::int64_t width = 0;
    std::int64_t train = 0;
    int repeat = 0;
    std::uint64_t seed = 0;
    ErrorMetrics test;
    StageTimes seconds;
};

// All settings of the plan, resolved and validated before anything runs (SettingsError).
std::vector<TrainingSettings> expandSweep(const SweepPlan& plan);

using SweepRowFn = std::function<void(const SweepRow& row, int done, int total)>;
std::vector<SweepRow> runSweep(const SweepPlan& plan, const RunControl& control, const SweepRowFn& onRow = {});

std::string sweepCsvHeader();
std::string sweepCsvRow(const SweepRow& r);

// Parses "elm,swim" / "500,1000,2000" (SettingsError with `key`).
std::vector<Sampler> parseSamplerList(const std::string& text);
std::vector<std::int64_t> parseSizeList(const std::string& text, const std::string& key);

} // namespace shnn

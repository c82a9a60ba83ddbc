#pragma once
// Sweeps: the same fit over samplers × values of one setting × repeats — the paper's width and
// training-size curves, and any other setting: a system parameter (the chain's n: error against
// dimension; Hénon–Heiles α; the pendulum's f), rcond, noise, the trajectory step. Repeat r
// uses seed base.seed + r.
#include "../train/trainer.h"
#include "statistics.h"

#include <functional>
#include <string>
#include <vector>

namespace shnn {

struct SweepPlan {
    TrainingSettings base;
    std::vector<Sampler> samplers;
    std::vector<std::int64_t> widths;  // empty: base.width only
    std::vector<std::int64_t> trains;  // empty: base.train only
    std::string vary;                  // another setting to vary (see variedSettings), or empty
    std::vector<double> values;        // its values
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
    std::string vary;   // the varied setting ("" for width/train sweeps)
    double value = 0;   // its value in this row
    int dim = 0;        // the phase space's dimension 2d
};

// The names --vary takes: width, train, test, rcond, noise, traj-dt, traj-points, anchor-h, h,
// and the parameters of the plan's system.
std::vector<std::string> variedSettings(const TrainingSettings& base);
// `s` with `name` set to `value` (a parameter that changes the dimension, as the chain's n,
// also resets the domain and anchor to the new system's defaults). SettingsError("vary" | …).
TrainingSettings withSetting(TrainingSettings s, const std::string& name, double value);

// One fit of a sweep: its resolved settings and the row it becomes (sampler, width, train,
// repeat, seed, varied setting and value, dimension; errors and times once it has run).
struct SweepRun {
    TrainingSettings settings;
    SweepRow row;
};

// Every fit of the plan in order (sampler, value, train, width, repeat), resolved and
// validated before anything runs (SettingsError). A local sweep and a Slurm plan both run these.
std::vector<SweepRun> expandSweep(const SweepPlan& plan);

using SweepRowFn = std::function<void(const SweepRow& row, int done, int total)>;
std::vector<SweepRow> runSweep(const SweepPlan& plan, const RunControl& control, const SweepRowFn& onRow = {});

std::string sweepCsvHeader();
std::string sweepCsvRow(const SweepRow& r);

// Parses "elm,swim" / "500,1000,2000" / "0.1,1e-3,pi" (SettingsError with `key`).
std::vector<Sampler> parseSamplerList(const std::string& text);
std::vector<std::int64_t> parseSizeList(const std::string& text, const std::string& key);
std::vector<double> parseValueList(const std::string& text, const std::string& key);

// Rows grouped by (sampler, swept value), in order, with the median, mean and range of
// rel_l2_H and of the fit time over the repeats.
struct SweepPoint {
    Sampler sampler = Sampler::Swim;
    double value = 0;  // the varied setting's value (0 for width/train sweeps)
    std::int64_t width = 0, train = 0;
    int dim = 0;
    Summary error, seconds;
};
std::vector<SweepPoint> summarizeSweep(const std::vector<SweepRow>& rows);

// What a plan varies, as the curves' x axis: its --vary setting, else "train" when only the
// training size varies, else "width".
std::string sweptSetting(const SweepPlan& plan);
// A point's x on that axis.
double sweptValue(const SweepPoint& p, const std::string& swept);

} // namespace shnn

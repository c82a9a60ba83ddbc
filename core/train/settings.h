#pragma once
// Everything that defines a fit, as a plain value: the studio snapshots it for the worker,
// the model file stores it, the CLI builds it from flags. resolveSettings() is the one place
// where every setting is checked.
#include "../data/data_settings.h"
#include "../systems/domain.h"
#include "../fit/least_squares.h"
#include "../sampling/hidden_layer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shnn {

class HamiltonianSystem;
using SystemPtr = std::shared_ptr<const HamiltonianSystem>;


struct TrainingSettings {
    std::string system = "single_pendulum";  // a built-in system, or "formula" (then `formula` holds H)
    std::string formula;                    // H as text, for system "formula"
    int dof = 0;                            // formula: degrees of freedom (0: from the variables used)
    std::map<std::string, double> params;   // overrides; resolved settings list every parameter
    Domain domain;                          // empty: the system's default domain
    Sampler sampler = Sampler::Swim;
    std::int64_t width = 1000;
    std::int64_t train = 10000;
    std::int64_t test = 10000;
    std::uint64_t seed = 0;
    double rcond = 1e-13;
    bool rcondAuto = false;                 // --rcond auto: chosen per fit by GCV (least_squares.h)
    // A-SWIM's first (U-SWIM) pass only ranks candidate pairs by |ΔĤ|/‖Δx‖: by default it is
    // sized to an eighth of the fit's flops (aswim_first_pass.h). Its width and its number of
    // training states can be set (0: chosen), or the paper's full first pass asked for.
    std::int64_t aswimFirstWidth = 0;
    std::int64_t aswimFirstTrain = 0;
    bool aswimFullFirstPass = false;
    Solver solver = Solver::Qr;
    std::vector<double> anchor;             // x0; empty: defaultAnchor(domain)
    std::optional<double> anchorH;          // H(x0); empty: the true H there
    DataSettings data;
    // Measured data instead of generated (core/data/data_file.h): a CSV file whose states are
    // the training set, with `system` as the truth the errors are measured against (the
    // studio's File ▸ Import data). Empty: data generated from the system as `data` says.
    std::string dataFile;

    bool operator==(const TrainingSettings& o) const;
};

// Limits that keep a fit meaningful (below) and the machine alive (above).
struct SettingLimits {
    static constexpr std::int64_t minTrain = 3;        // SWIM pairs need b = a + δ, δ ∈ [1, N−2]
    static constexpr std::int64_t maxTrain = 50'000'000;
    static constexpr std::int64_t maxTest = 50'000'000;
    static constexpr std::int64_t maxWidth = 100'000;
};

// Fills in defaults (all parameters, the default domain, the origin anchor and its H) and
// validates everything: names, finiteness, ranges, domain shape, pairs available, anchor.
// Throws SettingsError naming the setting.
TrainingSettings resolveSettings(const TrainingSettings& in);

// --aswim-first-pass / "aswim_first_pass": "full" → true, "auto" → false, else nullopt.
std::optional<bool> parseAswimFullFirstPass(const std::string& text);

// The state that fixes Ĥ's constant when none is given: the origin when the box contains it
// (as in the paper), else the box's centre. Derivatives say nothing about the constant; an
// anchor far outside the box makes Ĥ's level right there and wrong everywhere it is used.
std::vector<double> defaultAnchor(const Domain& box);
bool anchorInside(const Domain& box, const std::vector<double>& x);

// The system these settings describe (name and parameters, or the formula and its
// constants), validated. Throws SettingsError.
// Results keep the system they were trained on (TrainingResult::system): views and
// comparisons use that object, never one rebuilt from the name.
SystemPtr systemFor(const TrainingSettings& s);

// Bytes a fit with these (resolved) settings needs at its peak.
double estimatePeakBytes(const TrainingSettings& s);
// Refuses a fit whose estimated peak exceeds the machine's available memory
// (SettingsError naming width or train, with the amounts).
void checkMemory(const TrainingSettings& s);
// Bytes the machine can still allocate (MemAvailable), or a large number if unknown.
double availableMemoryBytes();

} // namespace shnn

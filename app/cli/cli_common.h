#pragma once
// Helpers shared by the `shnn` subcommands: the cancel flag Ctrl-C sets, progress on stderr,
// and JSON for a fit.
#include "core/progress.h"
#include "app/options/command_line.h"
#include "core/train/adam_hnn.h"
#include "core/train/trainer.h"

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace shnn::cli {

using Json = nlohmann::ordered_json;

// Set by SIGINT; the engine checks it and throws Cancelled (exit 130).
std::atomic<bool>& cancelFlag();
void installInterruptHandler();

// Progress on stderr ("\r[fit] solving 42%"), only when stderr is a terminal or `always`.
RunControl stderrProgress(const std::string& label, bool always = false);
void clearProgressLine();

Json settingsSummary(const TrainingSettings& s);  // system, params, domain, sampler, width, train, test, seed, rcond, solver
Json fitJson(const TrainingResult& r);
Json secondsJson(const StageTimes& t);  // {sample, assemble, solve, evaluate, total, data}
// Gradient training: the Adam options on the command line (absent: the paper's defaults)...
std::vector<text::OptionSpec> adamOptionSpecs();
AdamSettings adamFromCommandLine(const text::CommandLine& cl, bool stepsRequired);
// ... and what a gradient run adds to its fit JSON: optimizer, steps, lr, batch, history.
void addAdamJson(Json& fit, const AdamSettings& a, const AdamState& st);
void printFitSummary(const TrainingResult& r);
std::string seconds(double s);  // "0.412 s"
// One "warning:" line on stderr when the anchor lies outside the domain box.
void warnIfAnchorOutside(const TrainingSettings& s);

} // namespace shnn::cli

#pragma once
// The `shnn` subcommands. Each takes its arguments (after the command name) and returns the
// exit status; errors are thrown (SettingsError/FileError → 2, NumericalError → 1,
// Cancelled → 130) and reported by main().
#include "core/cluster/sweep_plan_file.h"

#include <string>
#include <vector>

namespace shnn::text {
class CommandLine;
}

namespace shnn::cli {

using Args = std::vector<std::string>;

int runSystems(const Args& args);
int runFit(const Args& args);
int runEval(const Args& args);
int runTrajectory(const Args& args);
int runSweep(const Args& args);
int runBench(const Args& args);
int runRace(const Args& args);
int runMachine(const Args& args);
// fit --data-file: called by runFit with its parsed command line (cmd_fit_data_file.cpp).
int runFitDataFile(const Args& args, const text::CommandLine& cl);
// sweep --slurm DIR and sweep --collect DIR (cmd_sweep_slurm.cpp). Collect returns 0 when every
// fit has a result, 3 when tasks are missing, failed or still queued.
int runSweepSlurm(const SweepPlan& sweep, const cluster::SlurmOptions& options, const std::string& dir, bool submit);
int runSweepCollect(const std::string& dir, const std::string& csvPath, bool resubmit);
// fit --plan FILE --plan-index I: fit I of a sweep plan, as a Slurm task runs it (cmd_fit.cpp).
int runFitFromPlan(const text::CommandLine& cl, const std::vector<std::string>& optionNames);

} // namespace shnn::cli

#pragma once
// The `shnn` subcommands. Each takes its arguments (after the command name) and returns the
// exit status; errors are thrown (SettingsError/FileError → 2, NumericalError → 1,
// Cancelled → 130) and reported by main().
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
// fit --data-file: called by runFit with its parsed command line (cmd_fit_data_file.cpp).
int runFitDataFile(const Args& args, const text::CommandLine& cl);

} // namespace shnn::cli

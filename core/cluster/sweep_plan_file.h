#pragma once
// A sweep written out for a batch system: DIR/plan.json lists every fit of the sweep with its
// fully resolved settings and seed, so any machine reproduces fit i bit for bit with
// `shnn fit --plan DIR/plan.json --plan-index i`; DIR/sweep.sbatch is a Slurm job array whose
// task t runs fits [t·K, (t+1)·K) of the plan (K = fits per task) into DIR/results/.
//
// Layout of DIR:
//   plan.json                 the plan (format "shnn-sweep-plan", version 1)
//   sweep.sbatch              the job array
//   results/fit-IIIII.json    `shnn fit --json` of fit I, plus plan_id and plan_index
//   results/task-T.status     the exit status of array task T, written when it ends
//   logs/task-T.out, logs/fit-I.err   Slurm's output per task, each fit's stderr
//   jobs.txt                  one line per submission: the job id and the tasks it ran
//
// The plan id is a hash of the fits (not of the Slurm options): results carry it, so a
// results folder is never merged into another plan's table.
#include "../analysis/sweep.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace shnn::cluster {

struct SlurmOptions {
    std::string partition;   // empty: the cluster's default
    std::string time;        // HH:MM:SS (or D-HH:MM:SS), empty: the partition's default
    std::string mem;         // e.g. 4G, empty: the partition's default
    int cpusPerTask = 1;
    int fitsPerTask = 1;
};

// One fit of the plan: the sweep row it becomes (errors and times not yet known) and its settings.
struct PlannedFit {
    int index = 0;
    SweepRow row;  // sampler, width, train, repeat, seed, vary, value, dim
    TrainingSettings settings;
};

struct SweepPlanFile {
    std::string id;  // 16 hex digits
    SweepPlan sweep;
    SlurmOptions slurm;
    std::vector<PlannedFit> fits;
    int tasks() const;  // array tasks: ceil(fits / fitsPerTask)
    // The fit indices task t runs.
    std::pair<int, int> taskRange(int task) const;  // [first, last)
    int taskOf(int fitIndex) const { return fitIndex / slurm.fitsPerTask; }
};

// Expands and validates the sweep (SettingsError as a local sweep would) and checks the
// Slurm options (SettingsError keyed "partition", "time", "mem", "cpus-per-task", "fits-per-task").
SweepPlanFile makePlanFile(const SweepPlan& sweep, const SlurmOptions& slurm);

nlohmann::ordered_json planToJson(const SweepPlanFile& plan);
// Throws std::invalid_argument naming the field (and the plan id when it does not match the fits).
SweepPlanFile planFromJson(const nlohmann::ordered_json& j);
// Reads a plan file, e.g. planPath(DIR) (FileError naming the file and the problem).
SweepPlanFile loadPlanFile(const std::string& path);

// The job array script; `shnn` is the absolute path of the program the tasks run, `dir` the
// absolute path of the plan folder.
std::string sbatchScript(const SweepPlanFile& plan, const std::string& shnn, const std::string& dir);

// "DIR/results/fit-00012.json" and friends.
std::string planPath(const std::string& dir);
std::string resultPath(const std::string& dir, int fitIndex);
std::string taskStatusPath(const std::string& dir, int task);
std::string fitLogPath(const std::string& dir, int fitIndex);

} // namespace shnn::cluster

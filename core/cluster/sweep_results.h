#pragma once
// Collecting a Slurm sweep (see sweep_plan_file.h for the folder's layout): the rows of every
// fit whose result is in DIR/results/, in plan order, and the state of every array task.
//
// A task is
//   done      all its fits have results;
//   failed    it ended (its status file exists) with a fit missing, or a fit logged an error;
//   queued    Slurm still lists it as pending or running (the caller passes those, from squeue);
//   missing   none of the above: never run, cancelled (scancel) or killed (time limit, node
//             failure) before it could write its status.
// Failed and missing tasks are the ones --resubmit-failed submits again.
#include "sweep_plan_file.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace shnn::cluster {

enum class TaskState { Done, Failed, Queued, Missing };

struct TaskReport {
    int task = 0;
    TaskState state = TaskState::Missing;
    int fitsDone = 0, fitsTotal = 0;
    std::string reason;  // for failed tasks: the first fit error (from logs/fit-I.err)
};

struct CollectedSweep {
    SweepPlanFile plan;
    std::vector<std::optional<SweepRow>> results;  // per fit of the plan: its row, once its result is read
    std::vector<TaskReport> tasks;
    std::vector<SweepRow> rows() const;  // the fits with results, in plan order
    int fitsDone() const;
    bool complete() const { return fitsDone() == static_cast<int>(plan.fits.size()); }
    std::vector<int> tasksIn(TaskState s) const;
};

// Reads DIR/plan.json and DIR/results/. `queued` holds the array task indices Slurm still
// lists. Throws FileError for an unreadable plan and for a result that is malformed or
// belongs to another plan (its plan_id differs).
CollectedSweep collectSweep(const std::string& dir, const std::set<int>& queued = {});
// The same, again, for a sweep read before: only the results that were missing are read (a
// result file is complete once it exists and never changes), then the tasks' states.
void refreshCollected(CollectedSweep& c, const std::string& dir, const std::set<int>& queued = {});

// The sweep row a result file (the JSON `shnn fit --plan … --json` prints) describes, on top of
// the planned row. Throws std::invalid_argument naming a missing field.
SweepRow rowFromFitJson(const SweepRow& planned, const nlohmann::ordered_json& fit);

const char* taskStateName(TaskState s);  // "done", "failed", "queued", "missing"

} // namespace shnn::cluster

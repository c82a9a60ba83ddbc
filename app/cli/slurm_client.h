#pragma once
// The few Slurm commands `shnn sweep` runs: sbatch to submit a job array (or some of its
// tasks again) and squeue to learn which tasks are still pending or running. Slurm's own
// programs do the work; this only runs them and reads their answers.
#include <set>
#include <string>
#include <vector>

namespace shnn::cli {

bool programOnPath(const std::string& name);

// Submits `script` (all its array tasks, or only `tasks`); returns the job id. On failure
// throws SettingsError keyed `key` ("partition" when sbatch names the partition) with
// sbatch's own error lines joined into one.
std::string submitJobArray(const std::string& script, const std::vector<int>& tasks, const std::string& key);

// The array task indices of `jobIds` that squeue still lists (pending, running, completing).
// Empty when squeue is not installed or does not answer.
std::set<int> queuedArrayTasks(const std::vector<std::string>& jobIds);

} // namespace shnn::cli

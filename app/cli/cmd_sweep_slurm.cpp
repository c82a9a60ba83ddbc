// shnn sweep --slurm DIR (write a plan and a job array, optionally submit it) and
// shnn sweep --collect DIR (merge the results; resubmit failed tasks).
#include "cli_common.h"
#include "commands.h"
#include "slurm_client.h"
#include "sweep_table.h"
#include "core/cluster/sweep_results.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace shnn::cli {

namespace fs = std::filesystem;

namespace {

std::string absoluteFolder(const std::string& dir, const std::string& key) {
    if (dir.empty()) throw SettingsError(key, "needs a folder");
    std::error_code ec;
    std::string abs = fs::absolute(dir, ec).lexically_normal().string();
    if (ec) throw FileError(dir, "cannot resolve the folder: " + ec.message());
    while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
    return abs;
}

// jobs.txt: "JOBID TASKS" per submission (TASKS "all" or "3,5").
std::vector<std::string> submittedJobs(const std::string& dir) {
    std::vector<std::string> ids;
    std::ifstream in(dir + "/jobs.txt");
    for (std::string line; std::getline(in, line);) {
        std::istringstream l(line);
        std::string id;
        if (l >> id) ids.push_back(id);
    }
    return ids;
}

void recordSubmission(const std::string& dir, const std::string& jobId, const std::vector<int>& tasks) {
    std::string list;
    for (int t : tasks) list += (list.empty() ? "" : ",") + std::to_string(t);
    std::ofstream out(dir + "/jobs.txt", std::ios::app);
    out << jobId << ' ' << (tasks.empty() ? "all" : list) << '\n';
    if (!out) throw FileError(dir + "/jobs.txt", "cannot record the job id");
}

std::string listed(const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
    return s;
}

bool hasResults(const std::string& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir + "/results", ec))
        if (e.path().extension() == ".json") return true;
    return false;
}

} // namespace

int runSweepSlurm(const SweepPlan& sweep, const cluster::SlurmOptions& options, const std::string& dirArg, bool submit) {
    const std::string dir = absoluteFolder(dirArg, "slurm");
    // Slurm reads #SBATCH lines without shell quoting, and %-patterns in --output.
    if (dir.find_first_of(" \t\n'\"\\$%`") != std::string::npos)
        throw SettingsError("slurm", "'" + dir + "': the folder's path must not contain spaces, quotes, $, % or \\ "
                                     "(Slurm reads the job script's #SBATCH lines unquoted)");
    const cluster::SweepPlanFile plan = cluster::makePlanFile(sweep, options);
    std::error_code ec;
    if (fs::exists(cluster::planPath(dir), ec) && hasResults(dir)) {
        std::string oldId;
        try {
            oldId = cluster::loadPlanFile(cluster::planPath(dir)).id;
        } catch (const FileError&) {
        }
        if (oldId != plan.id)
            throw FileError(dir, "holds the results of another sweep plan" + (oldId.empty() ? "" : " (" + oldId + ")") +
                                     ": choose an empty folder");
    }
    for (const char* sub : {"results", "logs"}) {
        fs::create_directories(dir + "/" + sub, ec);
        if (ec) throw FileError(dir, std::string("cannot create the folder ") + sub + "/: " + ec.message());
    }
    const std::string exe = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec || exe.empty()) throw FileError("/proc/self/exe", "cannot find this program's path for the job script");
    io::writeFileAtomically(cluster::planPath(dir), cluster::planToJson(plan).dump(1) + "\n");
    const std::string script = dir + "/sweep.sbatch";
    io::writeFileAtomically(script, cluster::sbatchScript(plan, exe, dir));
    fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add, ec);

    std::printf("plan %s: %zu fits in %d array tasks of up to %d fits (%d CPU(s) each)\n", plan.id.c_str(),
                plan.fits.size(), plan.tasks(), options.fitsPerTask, options.cpusPerTask);
    std::printf("wrote %s and %s\n", cluster::planPath(dir).c_str(), script.c_str());
    if (submit) {
        const std::string job = submitJobArray(script, {}, "submit");
        recordSubmission(dir, job, {});
        std::printf("submitted job array %s (sbatch %s)\n", job.c_str(), script.c_str());
    } else {
        std::printf("submit with:  sbatch %s\n", script.c_str());
    }
    std::printf("collect with: shnn sweep --collect %s [--csv FILE] [--resubmit-failed]\n", dir.c_str());
    return 0;
}

int runSweepCollect(const std::string& dirArg, const std::string& csvPath, bool resubmit) {
    const std::string dir = absoluteFolder(dirArg, "collect");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw FileError(dir, "no such folder");
    if (!fs::exists(cluster::planPath(dir), ec))
        throw FileError(dir, "has no plan.json: not a folder written by shnn sweep --slurm");
    const std::vector<std::string> jobs = submittedJobs(dir);
    const cluster::CollectedSweep c = cluster::collectSweep(dir, queuedArrayTasks(jobs));

    printSweepHeader(c.plan.sweep);
    std::string csv = sweepCsvHeader() + "\n";
    const std::vector<SweepRow> rows = c.rows();
    for (const SweepRow& r : rows) {
        printSweepRow(c.plan.sweep, r);
        csv += sweepCsvRow(r) + "\n";
    }
    printSweepSummary(c.plan.sweep, rows);
    const auto done = c.tasksIn(cluster::TaskState::Done), failed = c.tasksIn(cluster::TaskState::Failed),
               queued = c.tasksIn(cluster::TaskState::Queued), missing = c.tasksIn(cluster::TaskState::Missing);
    std::printf("\ncollected %d of %zu fits; %zu of %d tasks done\n", c.fitsDone(), c.plan.fits.size(), done.size(),
                c.plan.tasks());
    if (!queued.empty()) std::printf("tasks queued or running: %s\n", listed(queued).c_str());
    if (!failed.empty()) {
        std::printf("tasks failed: %s\n", listed(failed).c_str());
        for (const auto& t : c.tasks)
            if (t.state == cluster::TaskState::Failed)
                std::printf("  task %d: %s (log: %s/logs/task-%d.out)\n", t.task, t.reason.c_str(), dir.c_str(), t.task);
    }
    if (!missing.empty())
        std::printf("tasks missing (cancelled, killed, or not run yet): %s\n", listed(missing).c_str());
    if (!csvPath.empty()) io::writeFileAtomically(csvPath, csv);
    if (resubmit) {
        std::vector<int> again = failed;
        again.insert(again.end(), missing.begin(), missing.end());
        std::sort(again.begin(), again.end());
        if (again.empty()) {
            std::printf("nothing to resubmit\n");
        } else {
            const std::string job = submitJobArray(dir + "/sweep.sbatch", again, "resubmit-failed");
            recordSubmission(dir, job, again);
            std::printf("resubmitted tasks %s as job array %s\n", listed(again).c_str(), job.c_str());
        }
    }
    std::fflush(stdout);
    return c.complete() ? 0 : 3;
}

} // namespace shnn::cli

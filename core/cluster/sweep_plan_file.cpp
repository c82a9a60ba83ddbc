#include "sweep_plan_file.h"

#include "../errors.h"
#include "../io/atomic_file.h"
#include "../io/json_text.h"
#include "../io/settings_json.h"
#include "../text/parse.h"

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

namespace shnn::cluster {

using Json = nlohmann::ordered_json;

namespace {

constexpr int kFormatVersion = 1;
constexpr std::size_t kMaxPlanBytes = 256u << 20;

// FNV-1a, 64 bits: a stable fingerprint of the fits (not a security measure).
std::string fingerprint(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Json fitsToJson(const std::vector<PlannedFit>& fits, int fitsPerTask) {
    Json a = Json::array();
    for (const PlannedFit& f : fits) {
        a.push_back({{"index", f.index},
                     {"task", f.index / fitsPerTask},
                     {"sampler", samplerName(f.row.sampler)},
                     {"width", f.row.width},
                     {"train", f.row.train},
                     {"repeat", f.row.repeat},
                     {"seed", f.row.seed},
                     {"vary", f.row.vary},
                     {"value", f.row.value},
                     {"dim", f.row.dim},
                     {"settings", io::settingsToJson(f.settings)}});
    }
    return a;
}

// The id covers what the fits compute, not which task runs them.
std::string planId(const std::vector<PlannedFit>& fits) { return fingerprint(fitsToJson(fits, 1).dump()); }

void checkSlurmOptions(const SlurmOptions& o) {
    // These go into the job script verbatim: only the characters Slurm's own syntax uses.
    if (!o.partition.empty() && !std::regex_match(o.partition, std::regex("[A-Za-z0-9_.,-]+")))
        throw SettingsError("partition", "'" + o.partition + "' is not a partition name (letters, digits, _ . , -)");
    if (!o.time.empty() &&
        !std::regex_match(o.time, std::regex("([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}")))
        throw SettingsError("time", "'" + o.time + "' is not a time limit (HH:MM:SS, D-HH:MM:SS or minutes)");
    if (!o.mem.empty() && !std::regex_match(o.mem, std::regex("[0-9]+[KMGTkmgt]?")))
        throw SettingsError("mem", "'" + o.mem + "' is not a memory size (e.g. 4G, 500M)");
    if (o.cpusPerTask < 1 || o.cpusPerTask > 1024) throw SettingsError("cpus-per-task", "must be between 1 and 1024");
    if (o.fitsPerTask < 1) throw SettingsError("fits-per-task", "must be at least 1");
}

const Json& field(const Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) throw std::invalid_argument(std::string("missing field '") + name + "'");
    return j.at(name);
}

} // namespace

int SweepPlanFile::tasks() const {
    const int n = static_cast<int>(fits.size());
    return (n + slurm.fitsPerTask - 1) / slurm.fitsPerTask;
}

std::pair<int, int> SweepPlanFile::taskRange(int task) const {
    const int n = static_cast<int>(fits.size());
    const int first = std::min(n, task * slurm.fitsPerTask);
    return {first, std::min(n, first + slurm.fitsPerTask)};
}

SweepPlanFile makePlanFile(const SweepPlan& sweep, const SlurmOptions& slurm) {
    checkSlurmOptions(slurm);
    SweepPlanFile plan;
    plan.sweep = sweep;
    plan.slurm = slurm;
    const std::vector<SweepRun> runs = expandSweep(sweep);
    if (runs.empty()) throw SettingsError("slurm", "the plan has no fits");
    for (const SweepRun& run : runs) {
        PlannedFit f;
        f.index = static_cast<int>(plan.fits.size());
        f.settings = run.settings;
        f.row = run.row;
        plan.fits.push_back(std::move(f));
    }
    plan.id = planId(plan.fits);
    return plan;
}

Json planToJson(const SweepPlanFile& plan) {
    Json j;
    j["format"] = "shnn-sweep-plan";
    j["version"] = kFormatVersion;
    j["plan_id"] = plan.id;
    j["shnn_version"] = SHNN_VERSION;
    const SweepPlan& s = plan.sweep;
    Json samplers = Json::array();
    for (Sampler x : s.samplers) samplers.push_back(samplerName(x));
    j["sweep"] = {{"samplers", samplers}, {"widths", s.widths}, {"trains", s.trains}, {"vary", s.vary},
                  {"values", s.values},   {"repeat", s.repeat}, {"base", io::settingsToJson(s.base)}};
    j["slurm"] = {{"partition", plan.slurm.partition},       {"time", plan.slurm.time},
                  {"mem", plan.slurm.mem},                   {"cpus_per_task", plan.slurm.cpusPerTask},
                  {"fits_per_task", plan.slurm.fitsPerTask}, {"tasks", plan.tasks()}};
    j["fits"] = fitsToJson(plan.fits, plan.slurm.fitsPerTask);
    return j;
}

SweepPlanFile planFromJson(const Json& j) {
    if (!j.is_object() || j.value("format", "") != "shnn-sweep-plan")
        throw std::invalid_argument("not a sweep plan (no \"format\": \"shnn-sweep-plan\")");
    if (field(j, "version") != kFormatVersion)
        throw std::invalid_argument("plan version " + field(j, "version").dump() + " is not supported (this shnn reads " +
                                    std::to_string(kFormatVersion) + ")");
    SweepPlanFile plan;
    const Json& s = field(j, "sweep");
    for (const auto& x : field(s, "samplers")) plan.sweep.samplers.push_back(parseSampler(x.get<std::string>()));
    plan.sweep.widths = field(s, "widths").get<std::vector<std::int64_t>>();
    plan.sweep.trains = field(s, "trains").get<std::vector<std::int64_t>>();
    plan.sweep.vary = field(s, "vary").get<std::string>();
    plan.sweep.values = field(s, "values").get<std::vector<double>>();
    plan.sweep.repeat = field(s, "repeat").get<int>();
    plan.sweep.base = io::settingsFromJson(field(s, "base"));
    const Json& o = field(j, "slurm");
    plan.slurm.partition = field(o, "partition").get<std::string>();
    plan.slurm.time = field(o, "time").get<std::string>();
    plan.slurm.mem = field(o, "mem").get<std::string>();
    plan.slurm.cpusPerTask = field(o, "cpus_per_task").get<int>();
    plan.slurm.fitsPerTask = field(o, "fits_per_task").get<int>();
    try {
        checkSlurmOptions(plan.slurm);
    } catch (const SettingsError& e) {
        throw std::invalid_argument(std::string("slurm: ") + e.what());
    }
    const Json& fits = field(j, "fits");
    if (!fits.is_array() || fits.empty()) throw std::invalid_argument("field 'fits' is not a non-empty list");
    for (const Json& x : fits) {
        PlannedFit f;
        f.index = field(x, "index").get<int>();
        if (f.index != static_cast<int>(plan.fits.size()))
            throw std::invalid_argument("fits[" + std::to_string(plan.fits.size()) + "] has index " + std::to_string(f.index));
        try {
            f.settings = io::settingsFromJson(field(x, "settings"));
        } catch (const Error& e) {
            throw std::invalid_argument("fits[" + std::to_string(f.index) + "].settings: " + e.what());
        }
        f.row.sampler = parseSampler(field(x, "sampler").get<std::string>());
        f.row.width = field(x, "width").get<std::int64_t>();
        f.row.train = field(x, "train").get<std::int64_t>();
        f.row.repeat = field(x, "repeat").get<int>();
        f.row.seed = field(x, "seed").get<std::uint64_t>();
        f.row.vary = field(x, "vary").get<std::string>();
        f.row.value = field(x, "value").get<double>();
        f.row.dim = field(x, "dim").get<int>();
        plan.fits.push_back(std::move(f));
    }
    plan.id = field(j, "plan_id").get<std::string>();
    if (plan.id != planId(plan.fits))
        throw std::invalid_argument("plan_id " + plan.id + " does not match its fits (" + planId(plan.fits) +
                                    "): the plan was edited after it was written");
    return plan;
}

std::string planPath(const std::string& dir) { return dir + "/plan.json"; }

std::string resultPath(const std::string& dir, int fitIndex) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "/results/fit-%05d.json", fitIndex);
    return dir + buf;
}

std::string taskStatusPath(const std::string& dir, int task) {
    return dir + "/results/task-" + std::to_string(task) + ".status";
}

std::string fitLogPath(const std::string& dir, int fitIndex) { return dir + "/logs/fit-" + std::to_string(fitIndex) + ".err"; }

SweepPlanFile loadPlanFile(const std::string& path) {
    const std::string text = io::readFile(path, kMaxPlanBytes);
    try {
        return io::parseWithReadableErrors("sweep plan", [&] { return planFromJson(io::parseJsonText(text, 64)); });
    } catch (const std::invalid_argument& e) {
        throw FileError(path, e.what());
    }
}

std::string sbatchScript(const SweepPlanFile& plan, const std::string& shnn, const std::string& dir) {
    const int n = static_cast<int>(plan.fits.size());
    const SlurmOptions& o = plan.slurm;
    std::string s = "#!/bin/bash\n";
    s += "# S-HNN sweep " + plan.id + ": " + std::to_string(n) + " fits in " + std::to_string(plan.tasks()) +
         " array tasks of up to " + std::to_string(o.fitsPerTask) + ", written by `shnn sweep --slurm`.\n";
    s += "# Submit with: sbatch " + dir + "/sweep.sbatch    Collect with: shnn sweep --collect " + dir + "\n";
    s += "#SBATCH --job-name=shnn-sweep\n";
    s += "#SBATCH --array=0-" + std::to_string(plan.tasks() - 1) + "\n";
    s += "#SBATCH --ntasks=1\n";
    s += "#SBATCH --cpus-per-task=" + std::to_string(o.cpusPerTask) + "\n";
    if (!o.partition.empty()) s += "#SBATCH --partition=" + o.partition + "\n";
    if (!o.time.empty()) s += "#SBATCH --time=" + o.time + "\n";
    if (!o.mem.empty()) s += "#SBATCH --mem=" + o.mem + "\n";
    // Slurm does not quote #SBATCH values: the folder must not contain spaces (checked by the caller).
    s += "#SBATCH --output=" + dir + "/logs/task-%a.out\n";
    // The task's body: a template with @NAME@ holes (bash reads it; nothing in it is user text
    // except the two quoted paths).
    std::string body = R"SH(set -u
SHNN=@SHNN@
DIR=@DIR@
TASK=${SLURM_ARRAY_TASK_ID:?run this script with sbatch: it is a job array}
# One engine thread per CPU Slurm gave the task (the engine would otherwise use every CPU it sees).
export SHNN_THREADS=${SLURM_CPUS_PER_TASK:-@CPUS@}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
rm -f "$DIR/results/task-$TASK.status"
FIRST=$((TASK * @K@))
LAST=$((FIRST + @K@))
[ "$LAST" -gt @N@ ] && LAST=@N@
status=0
for ((i = FIRST; i < LAST; i++)); do
  out=$(printf '%s/results/fit-%05d.json' "$DIR" "$i")
  # Written under a temporary name and renamed: a result file is always complete.
  if "$SHNN" fit --plan "$DIR/plan.json" --plan-index "$i" --json >"$out.part" 2>"$DIR/logs/fit-$i.err"; then
    mv -f "$out.part" "$out"
  else
    status=$?
    rm -f "$out.part"
    echo "fit $i failed (exit $status): $(tail -n 1 "$DIR/logs/fit-$i.err")"
  fi
  [ -s "$DIR/logs/fit-$i.err" ] || rm -f "$DIR/logs/fit-$i.err"
done
echo "$status" >"$DIR/results/task-$TASK.status.part" && mv -f "$DIR/results/task-$TASK.status.part" "$DIR/results/task-$TASK.status"
exit "$status"
)SH";
    auto fill = [&](const std::string& hole, const std::string& value) {
        for (std::size_t at; (at = body.find(hole)) != std::string::npos;) body.replace(at, hole.size(), value);
    };
    fill("@SHNN@", text::shellQuoted(shnn));
    fill("@DIR@", text::shellQuoted(dir));
    fill("@CPUS@", std::to_string(o.cpusPerTask));
    fill("@K@", std::to_string(o.fitsPerTask));
    fill("@N@", std::to_string(n));
    s += body;
    return s;
}

} // namespace shnn::cluster

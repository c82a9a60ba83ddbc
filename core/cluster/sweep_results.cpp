#include "sweep_results.h"

#include "../errors.h"
#include "../io/atomic_file.h"
#include "../io/json_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace shnn::cluster {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxResultBytes = 16u << 20;

double number(const Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name) || !j.at(name).is_number())
        throw std::invalid_argument(std::string("missing number '") + name + "'");
    return j.at(name).get<double>();
}

// The last line of a fit's stderr that says "error:", or "".
std::string fitError(const std::string& dir, int fitIndex) {
    std::ifstream in(fitLogPath(dir, fitIndex));
    std::string line, last;
    while (std::getline(in, line))
        if (line.rfind("error:", 0) == 0) last = line.substr(7);
    return last;
}

} // namespace

const char* taskStateName(TaskState s) {
    switch (s) {
    case TaskState::Done: return "done";
    case TaskState::Failed: return "failed";
    case TaskState::Queued: return "queued";
    case TaskState::Missing: return "missing";
    }
    return "?";
}

std::vector<int> CollectedSweep::tasksIn(TaskState s) const {
    std::vector<int> out;
    for (const TaskReport& t : tasks)
        if (t.state == s) out.push_back(t.task);
    return out;
}

SweepRow rowFromFitJson(const SweepRow& planned, const Json& fit) {
    SweepRow r = planned;
    r.test.relL2H = number(fit, "rel_l2_H");
    r.test.relL2Grad = number(fit, "rel_l2_gradH");
    if (!fit.contains("seconds")) throw std::invalid_argument("missing field 'seconds'");
    const Json& s = fit.at("seconds");
    r.seconds.sample = number(s, "sample");
    r.seconds.assemble = number(s, "assemble");
    r.seconds.solve = number(s, "solve");
    r.seconds.evaluate = number(s, "evaluate");
    r.seconds.total = number(s, "total");
    r.seconds.data = number(s, "data");
    return r;
}

std::vector<SweepRow> CollectedSweep::rows() const {
    std::vector<SweepRow> out;
    for (const auto& r : results)
        if (r) out.push_back(*r);
    return out;
}

int CollectedSweep::fitsDone() const {
    return static_cast<int>(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.has_value(); }));
}

CollectedSweep collectSweep(const std::string& dir, const std::set<int>& queued) {
    CollectedSweep c;
    c.plan = loadPlanFile(planPath(dir));
    refreshCollected(c, dir, queued);
    return c;
}

void refreshCollected(CollectedSweep& c, const std::string& dir, const std::set<int>& queued) {
    const int n = static_cast<int>(c.plan.fits.size());
    c.results.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        if (c.results[static_cast<size_t>(i)]) continue;
        const std::string path = resultPath(dir, i);
        std::error_code ec;
        if (!fs::exists(path, ec)) continue;
        const std::string text = io::readFile(path, kMaxResultBytes);
        try {
            const Json j = io::parseWithReadableErrors("result file", [&] { return io::parseJsonText(text, 32); });
            const std::string id = j.is_object() && j.contains("plan_id") && j["plan_id"].is_string() ? j["plan_id"].get<std::string>() : "";
            if (id != c.plan.id)
                throw std::invalid_argument("belongs to another plan (plan_id '" + id + "', " + planPath(dir) + " is '" +
                                            c.plan.id + "'): collect it with its own plan");
            if (!j.contains("plan_index") || j["plan_index"] != i)
                throw std::invalid_argument("is not fit " + std::to_string(i) + " of the plan (plan_index " +
                                            (j.contains("plan_index") ? j["plan_index"].dump() : "missing") + ")");
            c.results[static_cast<size_t>(i)] = rowFromFitJson(c.plan.fits[static_cast<size_t>(i)].row, j);
        } catch (const std::invalid_argument& e) {
            throw FileError(path, e.what());
        }
    }
    c.tasks.clear();
    for (int t = 0; t < c.plan.tasks(); ++t) {
        TaskReport rep;
        rep.task = t;
        const auto [first, last] = c.plan.taskRange(t);
        rep.fitsTotal = last - first;
        for (int i = first; i < last; ++i) {
            if (c.results[static_cast<size_t>(i)]) ++rep.fitsDone;
            else if (rep.reason.empty()) {
                const std::string e = fitError(dir, i);
                if (!e.empty()) rep.reason = "fit " + std::to_string(i) + ": " + e;
            }
        }
        std::error_code ec;
        const bool ended = fs::exists(taskStatusPath(dir, t), ec);
        if (rep.fitsDone == rep.fitsTotal) rep.state = TaskState::Done;
        else if (queued.count(t)) rep.state = TaskState::Queued;
        else if (ended || !rep.reason.empty()) rep.state = TaskState::Failed;
        else rep.state = TaskState::Missing;
        if (rep.state == TaskState::Failed && rep.reason.empty())
            rep.reason = std::to_string(rep.fitsTotal - rep.fitsDone) + " fit(s) without a result";
        c.tasks.push_back(rep);
    }
}

} // namespace shnn::cluster

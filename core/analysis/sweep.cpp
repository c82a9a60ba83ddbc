#include "sweep.h"

#include "../errors.h"
#include "../systems/system.h"
#include "../text/parse.h"

#include <algorithm>
#include <tuple>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace shnn {

std::vector<std::string> variedSettings(const TrainingSettings& base) {
    std::vector<std::string> names = {"width", "train", "test", "rcond", "noise", "traj-dt", "traj-points", "anchor-h", "h"};
    const SystemPtr sys = systemFor(base);  // held: a range-for over a temporary's member dangles
    for (const auto& p : sys->params()) names.push_back(p.name);
    return names;
}

TrainingSettings withSetting(TrainingSettings s, const std::string& name, double value) {
    auto whole = [&](const char* what) {
        if (value != std::floor(value) || !(std::abs(value) < 9e15))
            throw SettingsError("values", std::string(what) + " takes whole numbers, got " + text::formatNumber(value));
        return static_cast<std::int64_t>(value);
    };
    if (name == "width") s.width = whole("width");
    else if (name == "train") s.train = whole("train");
    else if (name == "test") s.test = whole("test");
    else if (name == "rcond") s.rcond = value;
    else if (name == "noise") s.data.noise = value;
    else if (name == "traj-dt") s.data.dt = value;
    else if (name == "traj-points") s.data.points = static_cast<int>(whole("traj-points"));
    else if (name == "anchor-h") s.anchorH = value;
    else if (name == "h") s.data.h = value;  // the snapshot step (--data snapshots)
    else {
        const auto names = variedSettings(s);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string known;
            for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
            throw SettingsError("vary", "unknown setting '" + name + "' (known: " + known + ")");
        }
        const int before = systemFor(s)->dim();
        s.params[name] = value;
        // A new dimension (the chain's n): the new system's own box and anchor.
        if (systemFor(s)->dim() != before) {
            s.domain = Domain{};
            s.anchor.clear();
            s.anchorH.reset();
        } else if (!s.anchor.empty()) {
            s.anchorH.reset();  // the true H at the anchor changes with the parameters
        }
    }
    return s;
}

std::vector<SweepRun> expandSweep(const SweepPlan& plan) {
    if (plan.samplers.empty()) throw SettingsError("samplers", "needs at least one sampler");
    if (plan.repeat < 1 || plan.repeat > 1000) throw SettingsError("repeat", "must be between 1 and 1000");
    if (!plan.vary.empty() && plan.values.empty()) throw SettingsError("values", "needs at least one value for --vary");
    const std::vector<std::int64_t> widths = plan.widths.empty() ? std::vector<std::int64_t>{plan.base.width} : plan.widths;
    const std::vector<std::int64_t> trains = plan.trains.empty() ? std::vector<std::int64_t>{plan.base.train} : plan.trains;
    const std::vector<double> values = plan.vary.empty() ? std::vector<double>{0.0} : plan.values;
    std::vector<SweepRun> out;
    for (Sampler sampler : plan.samplers)
        for (double value : values)
            for (std::int64_t train : trains)
                for (std::int64_t width : widths)
                    for (int r = 0; r < plan.repeat; ++r) {
                        TrainingSettings s = plan.base;
                        s.sampler = sampler;
                        s.width = width;
                        s.train = train;
                        if (!plan.vary.empty()) s = withSetting(s, plan.vary, value);
                        s.seed = plan.base.seed + static_cast<std::uint64_t>(r);
                        SweepRun run;
                        run.settings = resolveSettings(s);
                        checkMemory(run.settings);
                        run.row.sampler = sampler;
                        run.row.width = width;
                        run.row.train = train;
                        run.row.repeat = r;
                        run.row.seed = run.settings.seed;
                        run.row.vary = plan.vary;
                        run.row.value = plan.vary.empty() ? 0.0 : value;
                        run.row.dim = systemFor(run.settings)->dim();
                        out.push_back(std::move(run));
                    }
    return out;
}

std::vector<SweepRow> runSweep(const SweepPlan& plan, const RunControl& control, const SweepRowFn& onRow) {
    const std::vector<SweepRun> runs = expandSweep(plan);
    std::vector<SweepRow> rows;
    const int total = static_cast<int>(runs.size());
    for (int k = 0; k < total; ++k) {
        const SweepRun& run = runs[static_cast<size_t>(k)];
        const TrainingResult r = train(run.settings, control);
        SweepRow row = run.row;
        row.test = r.test;
        row.seconds = r.seconds;
        rows.push_back(row);
        if (onRow) onRow(row, k + 1, total);
    }
    return rows;
}

std::string sweepCsvHeader() {
    return "sampler,width,train,repeat,seed,rel_l2_H,rel_l2_gradH,seconds_total,seconds_sample,seconds_assemble,"
           "seconds_solve,seconds_evaluate,vary,value,dim";
}

std::string sweepCsvRow(const SweepRow& r) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s,%lld,%lld,%d,%llu,%.17g,%.17g,%.4f,%.4f,%.4f,%.4f,%.4f,%s,%.17g,%d",
                  samplerName(r.sampler).c_str(), static_cast<long long>(r.width), static_cast<long long>(r.train), r.repeat,
                  static_cast<unsigned long long>(r.seed), r.test.relL2H, r.test.relL2Grad, r.seconds.total,
                  r.seconds.sample, r.seconds.assemble, r.seconds.solve, r.seconds.evaluate, r.vary.c_str(),
                  r.vary.empty() ? 0.0 : r.value, r.dim);
    return buf;
}

std::vector<Sampler> parseSamplerList(const std::string& text) {
    std::vector<Sampler> out;
    for (const auto& name : text::splitList(text)) {
        try {
            out.push_back(parseSampler(name));
        } catch (const SettingsError& e) {
            throw SettingsError("samplers", e.reason());
        }
    }
    if (out.empty()) throw SettingsError("samplers", "needs at least one sampler (elm, uswim, aswim, swim)");
    return out;
}

std::vector<double> parseValueList(const std::string& text, const std::string& key) {
    std::vector<double> out;
    for (const auto& v : text::splitList(text)) {
        try {
            out.push_back(text::parseNumber(v));
        } catch (const std::invalid_argument& e) {
            throw SettingsError(key, e.what());
        }
    }
    if (out.empty()) throw SettingsError(key, "needs at least one value");
    return out;
}

std::vector<SweepPoint> summarizeSweep(const std::vector<SweepRow>& rows) {
    std::vector<SweepPoint> points;
    // Keyed in first-seen order.
    using Key = std::tuple<int, double, std::int64_t, std::int64_t>;
    std::vector<std::pair<Key, std::vector<const SweepRow*>>> groups;
    for (const SweepRow& r : rows) {
        const Key key{static_cast<int>(r.sampler), r.vary.empty() ? 0.0 : r.value, r.width, r.train};
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (it == groups.end()) groups.push_back({key, {&r}});
        else it->second.push_back(&r);
    }
    for (const auto& [key, members] : groups) {
        std::vector<double> e, t;
        for (const SweepRow* r : members) {
            e.push_back(r->test.relL2H);
            t.push_back(r->seconds.total);
        }
        SweepPoint p;
        p.sampler = static_cast<Sampler>(std::get<0>(key));
        p.value = std::get<1>(key);
        p.width = std::get<2>(key);
        p.train = std::get<3>(key);
        p.dim = members.front()->dim;
        p.error = summarize(e);
        p.seconds = summarize(t);
        points.push_back(p);
    }
    return points;
}

std::string sweptSetting(const SweepPlan& plan) {
    if (!plan.vary.empty()) return plan.vary;
    return !plan.trains.empty() && plan.widths.size() <= 1 ? "train" : "width";
}

double sweptValue(const SweepPoint& p, const std::string& swept) {
    return swept == "width" ? static_cast<double>(p.width) : swept == "train" ? static_cast<double>(p.train) : p.value;
}

std::vector<std::int64_t> parseSizeList(const std::string& text, const std::string& key) {
    std::vector<std::int64_t> out;
    for (const auto& v : text::splitList(text)) {
        try {
            out.push_back(text::parseInteger(v, 1, std::numeric_limits<std::int64_t>::max() / 4));
        } catch (const std::invalid_argument& e) {
            throw SettingsError(key, e.what());
        }
    }
    if (out.empty()) throw SettingsError(key, "needs at least one value");
    return out;
}

} // namespace shnn

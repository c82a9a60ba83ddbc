#include "sweep.h"

#include "../errors.h"
#include "../text/parse.h"

#include <cstdio>
#include <limits>
#include <stdexcept>

namespace shnn {

std::vector<TrainingSettings> expandSweep(const SweepPlan& plan) {
    if (plan.samplers.empty()) throw SettingsError("samplers", "needs at least one sampler");
    if (plan.repeat < 1 || plan.repeat > 1000) throw SettingsError("repeat", "must be between 1 and 1000");
    const std::vector<std::int64_t> widths = plan.widths.empty() ? std::vector<std::int64_t>{plan.base.width} : plan.widths;
    const std::vector<std::int64_t> trains = plan.trains.empty() ? std::vector<std::int64_t>{plan.base.train} : plan.trains;
    std::vector<TrainingSettings> out;
    for (Sampler sampler : plan.samplers)
        for (std::int64_t train : trains)
            for (std::int64_t width : widths)
                for (int r = 0; r < plan.repeat; ++r) {
                    TrainingSettings s = plan.base;
                    s.sampler = sampler;
                    s.width = width;
                    s.train = train;
                    s.seed = plan.base.seed + static_cast<std::uint64_t>(r);
                    out.push_back(resolveSettings(s));
                    checkMemory(out.back());
                }
    return out;
}

std::vector<SweepRow> runSweep(const SweepPlan& plan, const RunControl& control, const SweepRowFn& onRow) {
    const std::vector<TrainingSettings> all = expandSweep(plan);
    std::vector<SweepRow> rows;
    const int total = static_cast<int>(all.size());
    for (int k = 0; k < total; ++k) {
        const TrainingSettings& s = all[static_cast<size_t>(k)];
        const TrainingResult r = train(s, control);
        SweepRow row;
        row.sampler = s.sampler;
        row.width = s.width;
        row.train = s.train;
        row.repeat = static_cast<int>(s.seed - plan.base.seed);
        row.seed = s.seed;
        row.test = r.test;
        row.seconds = r.seconds;
        rows.push_back(row);
        if (onRow) onRow(row, k + 1, total);
    }
    return rows;
}

std::string sweepCsvHeader() {
    return "sampler,width,train,repeat,seed,rel_l2_H,rel_l2_gradH,seconds_total,seconds_sample,seconds_assemble,"
           "seconds_solve,seconds_evaluate";
}

std::string sweepCsvRow(const SweepRow& r) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s,%lld,%lld,%d,%llu,%.17g,%.17g,%.4f,%.4f,%.4f,%.4f,%.4f", samplerName(r.sampler).c_str(),
                  static_cast<long long>(r.width), static_cast<long long>(r.train), r.repeat,
                  static_cast<unsigned long long>(r.seed), r.test.relL2H, r.test.relL2Grad, r.seconds.total,
                  r.seconds.sample, r.seconds.assemble, r.seconds.solve, r.seconds.evaluate);
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

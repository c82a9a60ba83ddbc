#include "cli_common.h"
#include "commands.h"
#include "core/analysis/sweep.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "core/text/parse.h"
#include "core/train/settings_options.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace shnn::cli {

int runSweep(const Args& args) {
    auto spec = fitOptionSpecs();
    for (const char* o : {"samplers", "widths", "trains", "repeat", "csv", "vary", "values"}) spec.push_back({o});
    const text::CommandLine cl(args, spec);
    if (!cl.has("system")) throw SettingsError("system", "is required");
    SweepPlan plan;
    plan.base = settingsFromCommandLine(cl);
    warnIfAnchorOutside(plan.base);
    plan.samplers = parseSamplerList(cl.required("samplers"));
    if (cl.has("vary")) {
        // --vary width / --vary train are --widths / --trains under another name.
        const std::string name = cl.value("vary");
        const std::string values = cl.required("values");
        if (name == "width") plan.widths = parseSizeList(values, "values");
        else if (name == "train") plan.trains = parseSizeList(values, "values");
        else {
            plan.vary = name;
            plan.values = parseValueList(values, "values");
        }
    } else if (cl.has("values")) {
        throw SettingsError("values", "needs --vary NAME (a setting or a system parameter)");
    }
    if (cl.has("widths")) plan.widths = parseSizeList(cl.value("widths"), "widths");
    else if (!cl.has("vary") && !cl.has("trains")) plan.widths = parseSizeList(cl.required("widths"), "widths");
    if (cl.has("trains")) plan.trains = parseSizeList(cl.value("trains"), "trains");
    plan.repeat = static_cast<int>(cl.integer("repeat", 1, 1, 1000));
    if (cl.has("csv") && cl.value("csv").empty()) throw SettingsError("csv", "needs a file name");

    expandSweep(plan);  // every run validated before anything is printed
    std::string csv = sweepCsvHeader() + "\n";
    if (!plan.vary.empty()) std::printf("%10s ", plan.vary.c_str());
    std::printf("%-7s %7s %7s %6s %12s %12s %9s\n", "sampler", "width", "train", "repeat", "rel_l2_H", "rel_l2_gradH",
                "seconds");
    std::fflush(stdout);
    const auto rows = runSweep(plan, RunControl(nullptr, &cancelFlag()), [&](const SweepRow& r, int done, int total) {
        std::fprintf(stderr, "[sweep %d/%d] %s width %lld train %lld repeat %d: rel_l2_H %.3e in %.3f s\n", done, total,
                     samplerName(r.sampler).c_str(), static_cast<long long>(r.width), static_cast<long long>(r.train),
                     r.repeat, r.test.relL2H, r.seconds.total);
        if (!plan.vary.empty()) std::printf("%10s ", text::formatNumber(r.value).c_str());
        std::printf("%-7s %7lld %7lld %6d %12.3e %12.3e %9.3f\n", samplerName(r.sampler).c_str(),
                    static_cast<long long>(r.width), static_cast<long long>(r.train), r.repeat, r.test.relL2H,
                    r.test.relL2Grad, r.seconds.total);
        std::fflush(stdout);
        csv += sweepCsvRow(r) + "\n";
    });
    // Per sampler and swept value: the median over the repeats (and the dimension, which a
    // system parameter such as the chain's n changes).
    if (plan.repeat > 1 || !plan.vary.empty()) {
        const char* what = !plan.vary.empty() ? plan.vary.c_str() : !plan.trains.empty() && plan.widths.size() <= 1 ? "train" : "width";
        std::printf("\nmedians over %d repeat(s):\n%-7s %10s %4s %12s %12s %10s\n", plan.repeat, "sampler", what, "dim",
                    "rel_l2_H", "(min–max)", "seconds");
        for (const SweepPoint& p : summarizeSweep(rows)) {
            const double x = !plan.vary.empty()              ? p.value
                             : std::string(what) == "train" ? static_cast<double>(p.train)
                                                            : static_cast<double>(p.width);
            std::printf("%-7s %10s %4d %12.3e %5.1e–%5.1e %10.3f\n", samplerName(p.sampler).c_str(),
                        text::formatNumber(x).c_str(), p.dim, p.error.median, p.error.min, p.error.max, p.seconds.median);
        }
        // The order of the error in the swept setting: 1 for O(h), 2 for O(h²) (snapshot steps);
        // about −1/2 against the training size in the Monte Carlo regime.
        std::map<Sampler, std::pair<std::vector<double>, std::vector<double>>> curves;
        for (const SweepPoint& p : summarizeSweep(rows)) {
            const double x = !plan.vary.empty()              ? p.value
                             : std::string(what) == "train" ? static_cast<double>(p.train)
                                                            : static_cast<double>(p.width);
            curves[p.sampler].first.push_back(x);
            curves[p.sampler].second.push_back(p.error.median);
        }
        for (const auto& [sampler, xy] : curves) {
            const double k = logLogSlope(xy.first, xy.second);
            if (std::isfinite(k))
                std::printf("%s: log-log slope of the median rel_l2_H against %s: %.2f\n", samplerName(sampler).c_str(),
                            what, k);
        }
    }
    if (cl.has("csv")) io::writeFileAtomically(cl.value("csv"), csv);
    return 0;
}

} // namespace shnn::cli

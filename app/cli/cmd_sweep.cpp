#include "cli_common.h"
#include "commands.h"
#include "core/analysis/sweep.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "core/train/settings_options.h"

#include <cstdio>

namespace shnn::cli {

int runSweep(const Args& args) {
    auto spec = fitOptionSpecs();
    for (const char* o : {"samplers", "widths", "trains", "repeat", "csv"}) spec.push_back({o});
    const text::CommandLine cl(args, spec);
    if (!cl.has("system")) throw SettingsError("system", "is required");
    SweepPlan plan;
    plan.base = settingsFromCommandLine(cl);
    warnIfAnchorOutside(plan.base);
    plan.samplers = parseSamplerList(cl.required("samplers"));
    plan.widths = parseSizeList(cl.required("widths"), "widths");
    if (cl.has("trains")) plan.trains = parseSizeList(cl.value("trains"), "trains");
    plan.repeat = static_cast<int>(cl.integer("repeat", 1, 1, 1000));
    if (cl.has("csv") && cl.value("csv").empty()) throw SettingsError("csv", "needs a file name");

    std::string csv = sweepCsvHeader() + "\n";
    std::printf("%-7s %7s %7s %6s %12s %12s %9s\n", "sampler", "width", "train", "repeat", "rel_l2_H", "rel_l2_gradH",
                "seconds");
    std::fflush(stdout);
    const auto rows = runSweep(plan, RunControl(nullptr, &cancelFlag()), [&](const SweepRow& r, int done, int total) {
        std::fprintf(stderr, "[sweep %d/%d] %s width %lld train %lld repeat %d: rel_l2_H %.3e in %.3f s\n", done, total,
                     samplerName(r.sampler).c_str(), static_cast<long long>(r.width), static_cast<long long>(r.train),
                     r.repeat, r.test.relL2H, r.seconds.total);
        std::printf("%-7s %7lld %7lld %6d %12.3e %12.3e %9.3f\n", samplerName(r.sampler).c_str(),
                    static_cast<long long>(r.width), static_cast<long long>(r.train), r.repeat, r.test.relL2H,
                    r.test.relL2Grad, r.seconds.total);
        std::fflush(stdout);
        csv += sweepCsvRow(r) + "\n";
    });
    (void)rows;
    if (cl.has("csv")) io::writeFileAtomically(cl.value("csv"), csv);
    return 0;
}

} // namespace shnn::cli

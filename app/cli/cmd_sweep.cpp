#include "cli_common.h"
#include "commands.h"
#include "sweep_table.h"
#include "core/analysis/sweep.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "app/options/settings_options.h"

#include <cstdio>

namespace shnn::cli {

namespace {

// Options that only a Slurm sweep (--slurm DIR) or its collection (--collect DIR) takes.
const std::vector<std::string> kSlurmOnly = {"partition", "time", "cpus-per-task", "mem", "fits-per-task", "submit"};

SweepPlan sweepPlanFromCommandLine(const text::CommandLine& cl) {
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
    return plan;
}

} // namespace

int runSweep(const Args& args) {
    auto spec = fitOptionSpecs();
    for (const char* o : {"samplers", "widths", "trains", "repeat", "csv", "vary", "values", "slurm", "partition", "time",
                          "cpus-per-task", "mem", "fits-per-task", "collect"})
        spec.push_back({o});
    spec.push_back({"submit", false});
    spec.push_back({"resubmit-failed", false});
    const text::CommandLine cl(args, spec);
    if (cl.has("csv") && cl.value("csv").empty()) throw SettingsError("csv", "needs a file name");
    if (cl.has("collect")) {
        // The plan in the folder defines the sweep: no sweep options beside it.
        for (const auto& o : spec)
            if (cl.has(o.name) && o.name != "collect" && o.name != "csv" && o.name != "resubmit-failed")
                throw SettingsError(o.name, "does not apply with --collect (the folder's plan.json defines the sweep)");
        return runSweepCollect(cl.value("collect"), cl.value("csv"), cl.has("resubmit-failed"));
    }
    if (cl.has("resubmit-failed")) throw SettingsError("resubmit-failed", "only applies with --collect DIR");
    const SweepPlan plan = sweepPlanFromCommandLine(cl);
    if (cl.has("slurm")) {
        if (cl.has("csv")) throw SettingsError("csv", "a Slurm sweep writes its CSV when collected: shnn sweep --collect DIR --csv FILE");
        cluster::SlurmOptions o;
        o.partition = cl.value("partition");
        o.time = cl.value("time");
        o.mem = cl.value("mem");
        o.cpusPerTask = static_cast<int>(cl.integer("cpus-per-task", 1, 1, 1024));
        o.fitsPerTask = static_cast<int>(cl.integer("fits-per-task", 1, 1, 1000000));
        return runSweepSlurm(plan, o, cl.value("slurm"), cl.has("submit"));
    }
    for (const auto& o : kSlurmOnly)
        if (cl.has(o)) throw SettingsError(o, "only applies with --slurm DIR");

    expandSweep(plan);  // every run validated before anything is printed
    std::string csv = sweepCsvHeader() + "\n";
    printSweepHeader(plan);
    const auto rows = runSweep(plan, RunControl(nullptr, &cancelFlag()), [&](const SweepRow& r, int done, int total) {
        std::fprintf(stderr, "[sweep %d/%d] %s width %lld train %lld repeat %d: rel_l2_H %.3e in %.3f s\n", done, total,
                     samplerName(r.sampler).c_str(), static_cast<long long>(r.width), static_cast<long long>(r.train),
                     r.repeat, r.test.relL2H, r.seconds.total);
        printSweepRow(plan, r);
        csv += sweepCsvRow(r) + "\n";
    });
    printSweepSummary(plan, rows);
    if (cl.has("csv")) io::writeFileAtomically(cl.value("csv"), csv);
    return 0;
}

} // namespace shnn::cli

// shnn fit --data-file FILE.csv: a fit on measured data (core/train/data_file_fit.h).
// With --system or --H the truth is known and the report is the usual one plus the held-out
// states; without, Ĥ is fixed by --anchor/--anchor-h (default Ĥ = 0 at the file's first
// state) and the report is the vector-field residual on the training and held-out states.
#include "cli_common.h"
#include "commands.h"
#include "core/data/data_file.h"
#include "core/errors.h"
#include "core/systems/system.h"
#include "core/text/parse.h"
#include "core/train/data_file_fit.h"
#include "app/options/settings_options.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace shnn::cli {

namespace {

// args without the named options ("--name value", "--name=value", or a flag).
Args without(const Args& args, const std::set<std::string>& valued, const std::set<std::string>& flags) {
    Args out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const size_t eq = a.find('=');
        const std::string name = a.rfind("--", 0) == 0 ? a.substr(2, eq == std::string::npos ? eq : eq - 2) : "";
        if (flags.count(name)) continue;
        if (valued.count(name)) {
            if (eq == std::string::npos) ++i;  // its value follows
            continue;
        }
        out.push_back(a);
    }
    return out;
}

std::vector<double> numbers(const std::string& text, const std::string& key, int D) {
    std::vector<double> v;
    for (const auto& part : text::splitList(text)) {
        try {
            v.push_back(text::parseNumber(part));
        } catch (const std::exception&) {
            throw SettingsError(key, "not a number: '" + part + "'");
        }
    }
    if (static_cast<int>(v.size()) != D)
        throw SettingsError(key, "needs " + std::to_string(D) + " numbers (the data have " + std::to_string(D / 2) +
                                     " degree(s) of freedom), got " + std::to_string(v.size()));
    return v;
}

} // namespace

int runFitDataFile(const Args& args, const text::CommandLine& cl) {
    const std::string path = cl.value("data-file");
    if (path.empty()) throw SettingsError("data-file", "needs a file name");
    for (const char* o : {"data", "traj-points", "traj-dt", "derivatives", "noise", "h", "optimizer", "model-kind"})
        if (cl.has(o)) throw SettingsError(o, "does not apply with --data-file (the data come from the file)");
    const DataFile file = readDataFile(path);
    const bool truthKnown = cl.has("system") || cl.has("H");
    const int D = file.dim();

    // The fit options go through the usual parser; those whose meaning depends on the file are
    // read here (without a truth also the box and the anchor, whose dimension is the file's).
    std::set<std::string> fileOptions = {"data-file", "validation", "fit-at", "save"};
    if (!truthKnown) fileOptions.insert({"domain", "anchor", "anchor-h"});
    const text::CommandLine fitOptions(without(args, fileOptions, {"correct", "json"}), fitOptionSpecs());
    TrainingSettings s;
    if (truthKnown) {
        s = settingsFromCommandLine(fitOptions);
        if (systemFor(s)->dim() != D)
            throw FileError(path, "has " + std::to_string(file.dof) + " degree(s) of freedom; the system " + s.system +
                                      " has " + std::to_string(systemFor(s)->dim() / 2));
        if (!cl.has("domain")) {
            s.domain = file.box();  // the test set where the data are
            if (!cl.has("anchor")) s.anchor.clear();
            if (!cl.has("anchor-h")) s.anchorH.reset();
            s = resolveSettings(s);
        }
    } else {
        s = settingsFromCommandLine(fitOptions);  // the default system stands in while parsing
        s.system.clear();
        s.params.clear();
        s.domain = cl.has("domain") ? parseDomain(cl.value("domain"), D) : file.box();
        if (cl.has("anchor")) {
            s.anchor = numbers(cl.value("anchor"), "anchor", D);
        } else {
            s.anchor.assign(static_cast<size_t>(D), 0.0);  // the file's first state
            for (int i = 0; i < D; ++i) s.anchor[static_cast<size_t>(i)] = file.X(0, i);
        }
        s.anchorH = cl.number("anchor-h", 0.0);
    }
    if (file.layout == DataFileLayout::Snapshots) {
        s.data.kind = DataKind::Snapshots;
        if (cl.has("fit-at")) s.data.fitAt = parseFitPoint(cl.value("fit-at"));
        s.data.correct = cl.has("correct");
        const double h0 = file.h(0);
        s.data.h = h0;
        if (s.data.correct) {
            if (s.data.fitAt != FitPoint::SymplecticEuler)
                throw SettingsError("correct", "applies to --fit-at symplectic-euler only");
            if ((file.h.array() - h0).abs().maxCoeff() > 1e-12 * h0)
                throw SettingsError("correct", "needs one step h for all pairs; " + path + " has h from " +
                                                   text::formatNumber(file.h.minCoeff()) + " to " +
                                                   text::formatNumber(file.h.maxCoeff()));
        }
    } else {
        for (const char* o : {"fit-at", "correct"})
            if (cl.has(o)) throw SettingsError(o, "applies to snapshot pairs only; " + path + " holds trajectories");
    }
    if (cl.has("save") && !truthKnown)
        throw SettingsError("save", "saves models of a known system only: give --system or --H with --data-file");
    const double validation = cl.number("validation", 0.0);

    RunControl control = stderrProgress("fit");
    const DataFileFit fit = fitDataFile(s, file, truthKnown ? systemFor(s) : nullptr, validation, control);
    clearProgressLine();
    const TrainingResult& r = fit.result;
    if (cl.has("save")) io::saveModel(cl.value("save"), r);

    const char* layout = file.layout == DataFileLayout::Snapshots ? "snapshots" : "trajectories";
    if (cl.has("json")) {
        Json j = truthKnown ? fitJson(r) : settingsSummary(r.settings);
        if (!truthKnown) {
            j["system"] = nullptr;
            j["rel_l2_H"] = nullptr;
            j["rel_l2_gradH"] = nullptr;
            j["seconds"] = secondsJson(r.seconds);
        }
        j["data_file"] = {{"path", path},
                          {"layout", layout},
                          {"dof", file.dof},
                          {"states", file.rows()},
                          {"trajectories", file.groups},
                          {"derivatives", fit.derivatives}};
        j["train_rel_l2_field"] = fit.trainField;
        if (fit.validationGroups > 0) {
            Json v = {{"trajectories", fit.validationGroups},
                      {"states", fit.validation.size()},
                      {"rel_l2_field", fit.validationField}};
            if (fit.validationTruth) {
                v["rel_l2_H"] = fit.validationTruth->relL2H;
                v["rel_l2_gradH"] = fit.validationTruth->relL2Grad;
            }
            j["validation"] = v;
        } else {
            j["validation"] = nullptr;
        }
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("data      %s: %s, %d %s, %lld states, %d degree(s) of freedom\n", path.c_str(), layout, file.groups,
                file.layout == DataFileLayout::Snapshots ? "pairs" : "trajectories", static_cast<long long>(file.rows()),
                file.dof);
    std::printf("          derivatives: %s\n", fit.derivatives.c_str());
    if (truthKnown) {
        printFitSummary(r);
    } else {
        std::string x0;
        for (double v : r.settings.anchor) x0 += (x0.empty() ? "" : ", ") + text::formatNumber(v);
        std::printf("truth     none (no --system or --H): Ĥ is fixed by Ĥ(%s) = %s; errors are vector-field residuals\n",
                    x0.c_str(), text::formatNumber(*r.settings.anchorH).c_str());
        std::printf("domain    %s (the data's box)\n", formatDomain(r.settings.domain).c_str());
        std::printf("sampler   %s, width %lld, train %lld, seed %llu, rcond %s, solver %s\n",
                    samplerTitle(r.settings.sampler).c_str(), static_cast<long long>(r.settings.width),
                    static_cast<long long>(r.settings.train), static_cast<unsigned long long>(r.settings.seed),
                    text::formatNumber(r.settings.rcond).c_str(), solverName(r.settings.solver).c_str());
        std::printf("seconds   sample %.3f  assemble %.3f  solve %.3f  total %.3f\n", r.seconds.sample,
                    r.seconds.assemble, r.seconds.solve, r.seconds.total);
    }
    std::printf("field     rel. L2 residual of the vector field: %.3e on the training states\n", fit.trainField);
    if (fit.validationGroups > 0) {
        std::printf("held out  %d %s, %lld states: rel. L2 residual of the vector field %.3e", fit.validationGroups,
                    file.layout == DataFileLayout::Snapshots ? "pairs" : "trajectories",
                    static_cast<long long>(fit.validation.size()), fit.validationField);
        if (fit.validationTruth) std::printf(", rel_l2_H %.3e", fit.validationTruth->relL2H);
        std::printf("\n");
    }
    return 0;
}

} // namespace shnn::cli

#include "settings_options.h"

#include "core/errors.h"
#include "core/systems/system.h"
#include "core/text/parse.h"

#include <limits>
#include <stdexcept>

namespace shnn {

std::vector<text::OptionSpec> fitOptionSpecs() {
    return {{"system"},  {"param", true, true}, {"domain"},      {"sampler"},  {"width"},
            {"train"},   {"test"},              {"seed"},        {"rcond"},    {"solver"},
            {"anchor"},  {"anchor-h"},          {"data"},        {"traj-points"}, {"traj-dt"},
            {"derivatives"}, {"noise"}, {"H"}, {"dof"}, {"h"}, {"fit-at"}, {"correct", false},
            {"aswim-first-width"}, {"aswim-first-train"}, {"aswim-first-pass"}, {"noise-relative", false}};
}

TrainingSettings settingsFromCommandLine(const text::CommandLine& cl, const TrainingSettings& defaults) {
    TrainingSettings s = defaults;
    if (cl.has("system")) {
        s.system = cl.value("system");
        s.params.clear();
        s.domain = Domain{};
        s.anchor.clear();
        s.formula.clear();
        s.dof = 0;
    }
    if (cl.has("H")) {
        s.formula = cl.value("H");
        if (s.formula.empty()) throw SettingsError("H", "needs a formula, e.g. --H 'p^2/2 + 1 - cos(q)'");
        if (!cl.has("system")) s.system = "formula";
        s.domain = Domain{};
        s.anchor.clear();
        s.anchorH.reset();
    }
    if (cl.has("dof")) s.dof = static_cast<int>(cl.integer("dof", 0, 1, 64));
    // The default anchor value is the true H there, which depends on the system and its parameters.
    if (cl.has("system") || cl.has("param")) s.anchorH.reset();
    for (const auto& kv : cl.values("param")) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw SettingsError("param", "'" + kv + "' is not of the form NAME=VALUE");
        try {
            s.params[text::trim(kv.substr(0, eq))] = text::parseNumber(kv.substr(eq + 1));
        } catch (const std::invalid_argument& e) {
            throw SettingsError("param", text::trim(kv.substr(0, eq)) + ": " + e.what());
        }
    }
    const auto sys = systemFor(s);
    if (cl.has("domain")) {
        s.domain = parseDomain(cl.value("domain"), sys->dim());
        // A new box gets its own default anchor (see defaultAnchor) unless one is given.
        if (!cl.has("anchor")) {
            s.anchor.clear();
            if (!cl.has("anchor-h")) s.anchorH.reset();
        }
    }
    if (cl.has("sampler")) s.sampler = parseSampler(cl.value("sampler"));
    if (cl.has("solver")) s.solver = parseSolver(cl.value("solver"));
    const long long big = std::numeric_limits<long long>::max() / 4;
    s.width = cl.integer("width", s.width, -big, big);
    s.train = cl.integer("train", s.train, -big, big);
    s.test = cl.integer("test", s.test, -big, big);
    s.seed = static_cast<std::uint64_t>(cl.integer("seed", static_cast<long long>(s.seed), 0, big));
    if (cl.has("aswim-first-width")) s.aswimFirstWidth = cl.integer("aswim-first-width", 0, 1, big);
    if (cl.has("aswim-first-train")) s.aswimFirstTrain = cl.integer("aswim-first-train", 0, 1, big);
    if (cl.has("aswim-first-pass")) {
        const auto full = parseAswimFullFirstPass(cl.value("aswim-first-pass"));
        if (!full) throw SettingsError("aswim-first-pass", "must be auto or full, got '" + cl.value("aswim-first-pass") + "'");
        s.aswimFullFirstPass = *full;
    }
    if (cl.value("rcond") == "auto") s.rcondAuto = true;  // GCV chooses it per fit
    else if (cl.has("rcond")) {
        s.rcond = cl.number("rcond", s.rcond);
        s.rcondAuto = false;
    }
    if (cl.has("anchor")) {
        s.anchor.clear();
        for (const auto& v : text::splitList(cl.value("anchor"))) {
            try {
                s.anchor.push_back(text::parseNumber(v));
            } catch (const std::invalid_argument& e) {
                throw SettingsError("anchor", e.what());
            }
        }
        if (!cl.has("anchor-h")) s.anchorH.reset();
    }
    if (cl.has("anchor-h")) s.anchorH = cl.number("anchor-h", 0.0);
    if (cl.has("data")) s.data.kind = parseDataKind(cl.value("data"));
    s.data.points = static_cast<int>(cl.integer("traj-points", s.data.points, -1000000000, 1000000000));
    s.data.dt = cl.number("traj-dt", s.data.dt);
    if (cl.has("derivatives")) s.data.derivatives = parseDerivativeSource(cl.value("derivatives"));
    s.data.noise = cl.number("noise", s.data.noise);
    if (cl.has("noise-relative")) {
        if (!cl.has("noise") && !(s.data.noise > 0))
            throw SettingsError("noise-relative", "needs --noise SIGMA (the fraction of each coordinate's spread)");
        s.data.noiseRelative = true;
    }
    s.data.h = cl.number("h", s.data.h);
    if (cl.has("fit-at")) s.data.fitAt = parseFitPoint(cl.value("fit-at"));
    if (cl.has("correct")) s.data.correct = true;
    // Options that only shape trajectory data would be silently ignored on uniform states.
    if (s.data.kind != DataKind::Trajectories)
        for (const char* o : {"traj-points", "traj-dt", "derivatives"})
            if (cl.has(o)) throw SettingsError(o, "only applies with --data trajectories");
    if (s.data.kind != DataKind::Snapshots)
        for (const char* o : {"h", "fit-at", "correct"})
            if (cl.has(o)) throw SettingsError(o, "only applies with --data snapshots");
    return resolveSettings(s);
}

} // namespace shnn

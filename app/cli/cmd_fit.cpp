#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/io/model_file.h"
#include "core/systems/system.h"
#include "core/train/settings_options.h"

#include "core/text/parse.h"

#include <chrono>
#include <cstdio>

namespace shnn::cli {

namespace {

// The same network trained by gradient descent (Adam) on the same data, as a result.
TrainingResult gradientFit(const TrainingSettings& s, const AdamSettings& a, AdamState& st) {
    RunControl control = stderrProgress("adam");
    const auto start = std::chrono::steady_clock::now();
    TrainingResult r;
    r.settings = s;
    r.system = systemFor(s);
    r.train = makeTrainingData(*r.system, s, &control);
    const Dataset test = makeTestData(*r.system, s.domain, s.test, s.seed, &control);
    r.seconds.data = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    st = initialAdamState(s, r.system->dim());
    trainAdam(s, a, r.train, test, st, control);
    r.model = st.model;
    r.layer.W = r.model.W;
    r.layer.b = r.model.b;
    r.test = measureErrors(r.model, test);
    r.trainError = measureErrors(r.model, r.train);
    r.seconds.solve = st.seconds;
    r.seconds.total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace

int runFit(const Args& args) {
    auto spec = fitOptionSpecs();
    spec.push_back({"save"});
    spec.push_back({"json", false});
    spec.push_back({"optimizer"});
    for (const auto& o : adamOptionSpecs()) spec.push_back(o);
    const text::CommandLine cl(args, spec);
    if (cl.has("save") && cl.value("save").empty()) throw SettingsError("save", "needs a file name");
    const std::string optimizer = cl.value("optimizer", "sampling");
    if (optimizer != "sampling" && optimizer != "adam")
        throw SettingsError("optimizer", "unknown optimizer '" + optimizer + "' (known: sampling, adam)");
    if (optimizer == "sampling")
        for (const auto& o : adamOptionSpecs())
            if (cl.has(o.name)) throw SettingsError(o.name, "only applies with --optimizer adam");
    const TrainingSettings settings = settingsFromCommandLine(cl);
    warnIfAnchorOutside(settings);
    AdamSettings adam;
    AdamState state;
    TrainingResult r;
    if (optimizer == "adam") {
        adam = adamFromCommandLine(cl, true);
        checkMemory(settings);
        r = gradientFit(settings, adam, state);
    } else {
        r = train(settings, stderrProgress("fit"));
    }
    clearProgressLine();
    if (cl.has("save")) io::saveModel(cl.value("save"), r);
    if (cl.has("json")) {
        Json j = fitJson(r);
        if (optimizer == "adam") addAdamJson(j, adam, state);
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        printFitSummary(r);
        if (optimizer == "adam")
            std::printf("optimizer Adam, %ld steps, lr %s, batch %lld: %.3f s, %.2f ms per step\n", state.step,
                        text::formatNumber(adam.lr).c_str(), static_cast<long long>(adam.batch), state.seconds,
                        1e3 * state.seconds / std::max(1L, state.step));
    }
    return 0;
}

int runEval(const Args& args) {
    const text::CommandLine cl(args, {{"model"}, {"test"}, {"seed"}, {"json", false}});
    const std::string path = cl.required("model");
    const io::ModelFile f = io::loadModel(path);
    TrainingSettings s = f.settings;
    s.test = cl.integer("test", s.test, 1, SettingLimits::maxTest);
    s.seed = static_cast<std::uint64_t>(cl.integer("seed", static_cast<long long>(s.seed), 0, 1LL << 62));
    const auto sys = systemFor(s);
    RunControl control = stderrProgress("eval");
    const Dataset test = makeTestData(*sys, s.domain, s.test, s.seed, &control);
    const ErrorMetrics m = measureErrors(f.model, test, &control);
    clearProgressLine();
    if (cl.has("json")) {
        Json j = settingsSummary(s);
        j["model"] = path;
        j["rel_l2_H"] = m.relL2H;
        j["rel_l2_gradH"] = m.relL2Grad;
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("model         %s (%s, %s, width %lld)\n", path.c_str(), s.system.c_str(),
                    samplerTitle(s.sampler).c_str(), static_cast<long long>(s.width));
        std::printf("test          %lld states, seed %llu\n", static_cast<long long>(s.test),
                    static_cast<unsigned long long>(s.seed));
        std::printf("rel_l2_H      %.3e\nrel_l2_gradH  %.3e\n", m.relL2H, m.relL2Grad);
    }
    return 0;
}

} // namespace shnn::cli

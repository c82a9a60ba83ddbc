#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/io/model_file.h"
#include "core/systems/system.h"
#include "core/train/settings_options.h"

#include <cstdio>

namespace shnn::cli {

int runFit(const Args& args) {
    auto spec = fitOptionSpecs();
    spec.push_back({"save"});
    spec.push_back({"json", false});
    const text::CommandLine cl(args, spec);
    if (cl.has("save") && cl.value("save").empty()) throw SettingsError("save", "needs a file name");
    const TrainingSettings settings = settingsFromCommandLine(cl);
    warnIfAnchorOutside(settings);
    const TrainingResult r = train(settings, stderrProgress("fit"));
    clearProgressLine();
    if (cl.has("save")) io::saveModel(cl.value("save"), r);
    if (cl.has("json")) std::printf("%s\n", fitJson(r).dump(2).c_str());
    else printFitSummary(r);
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

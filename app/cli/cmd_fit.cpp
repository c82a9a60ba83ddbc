#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/io/model_file.h"
#include "core/model/mlp_model.h"
#include "core/systems/system.h"
#include "app/options/settings_options.h"

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

// The S-MLP on the same sampled hidden layer as the S-HNN of these settings: the field errors
// of both, side by side (an S-MLP has no Ĥ, so no rel_l2_H).
int fitMlp(const TrainingSettings& s, bool json) {
    RunControl control = stderrProgress("fit");
    const TrainingResult hnn = train(s, control);
    const auto t0 = std::chrono::steady_clock::now();
    const MlpModel mlp = fitSampledMlp(hnn.layer, hnn.train.X, hnn.train.dXdt, s.rcond, control);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Dataset test = makeTestData(*hnn.system, s.domain, s.test, s.seed, &control);
    clearProgressLine();
    const double field = mlpFieldError(mlp, test.X, test.dXdt), trainField = mlpFieldError(mlp, hnn.train.X, hnn.train.dXdt);
    if (json) {
        Json j = settingsSummary(hnn.settings);
        j["model_kind"] = "mlp";
        j["rel_l2_field"] = field;
        j["train_rel_l2_field"] = trainField;
        j["rel_l2_H"] = nullptr;
        j["hnn_rel_l2_gradH"] = hnn.test.relL2Grad;
        j["seconds"] = {{"solve", seconds}};
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("S-MLP (%s hidden layer, width %lld): rel. L2 error of the vector field %.3e (train %.3e), "
                    "fitted in %.3f s\n", samplerTitle(s.sampler).c_str(), static_cast<long long>(s.width), field,
                    trainField, seconds);
        std::printf("S-HNN on the same layer: rel. L2 error of grad H (the same field, rotated) %.3e\n", hnn.test.relL2Grad);
    }
    return 0;
}

} // namespace

int runFit(const Args& args) {
    auto spec = fitOptionSpecs();
    spec.push_back({"save"});
    spec.push_back({"json", false});
    spec.push_back({"optimizer"});
    spec.push_back({"model-kind"});
    for (const auto& o : adamOptionSpecs()) spec.push_back(o);
    spec.push_back({"data-file"});
    spec.push_back({"validation"});
    spec.push_back({"plan"});
    spec.push_back({"plan-index"});
    const text::CommandLine cl(args, spec);
    if (cl.has("plan") || cl.has("plan-index")) {
        std::vector<std::string> names;
        for (const auto& o : spec) names.push_back(o.name);
        return runFitFromPlan(cl, names);
    }
    if (cl.has("data-file")) return runFitDataFile(args, cl);
    if (cl.has("validation")) throw SettingsError("validation", "only applies with --data-file");
    if (cl.has("save") && cl.value("save").empty()) throw SettingsError("save", "needs a file name");
    const std::string optimizer = cl.value("optimizer", "sampling");
    if (optimizer != "sampling" && optimizer != "adam")
        throw SettingsError("optimizer", "unknown optimizer '" + optimizer + "' (known: sampling, adam)");
    if (optimizer == "sampling")
        for (const auto& o : adamOptionSpecs())
            if (cl.has(o.name)) throw SettingsError(o.name, "only applies with --optimizer adam");
    const TrainingSettings settings = settingsFromCommandLine(cl);
    warnIfAnchorOutside(settings);
    const std::string kind = cl.value("model-kind", "hnn");
    if (kind != "hnn" && kind != "mlp") throw SettingsError("model-kind", "unknown model kind '" + kind + "' (known: hnn, mlp)");
    if (kind == "mlp") {
        if (optimizer != "sampling") throw SettingsError("model-kind", "mlp is sampled; drop --optimizer adam");
        if (cl.has("save")) throw SettingsError("save", "saves HNN models only; an S-MLP has no Hamiltonian to save");
        return fitMlp(settings, cl.has("json"));
    }
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

int runFitFromPlan(const text::CommandLine& cl, const std::vector<std::string>& optionNames) {
    for (const auto& n : optionNames)
        if (cl.has(n) && n != "plan" && n != "plan-index" && n != "json" && n != "save")
            throw SettingsError(n, "does not apply with --plan (the plan holds the fit's settings)");
    const std::string path = cl.required("plan");
    if (!cl.has("plan-index")) throw SettingsError("plan-index", "is required with --plan (which fit of the plan to run)");
    const cluster::SweepPlanFile plan = cluster::loadPlanFile(path);
    const long long last = static_cast<long long>(plan.fits.size()) - 1;
    const auto index = static_cast<std::size_t>(cl.integer("plan-index", 0, 0, last));
    const TrainingResult r = train(plan.fits[index].settings, stderrProgress("fit"));
    clearProgressLine();
    if (cl.has("save")) io::saveModel(cl.value("save"), r);
    if (cl.has("json")) {
        Json j = fitJson(r);
        j["plan_id"] = plan.id;
        j["plan_index"] = index;
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        printFitSummary(r);
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

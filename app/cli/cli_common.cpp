#include "cli_common.h"

#include "core/io/settings_json.h"
#include "core/train/aswim_first_pass.h"
#include "core/text/parse.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace shnn::cli {

std::atomic<bool>& cancelFlag() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {
extern "C" void onInterrupt(int) {
    cancelFlag().store(true);       // lock-free atomic store: async-signal-safe
    std::signal(SIGINT, SIG_DFL);   // a second Ctrl-C kills at once
}
bool progressShown = false;
} // namespace

void installInterruptHandler() { std::signal(SIGINT, onInterrupt); }

RunControl stderrProgress(const std::string& label, bool always) {
    const bool show = always || isatty(STDERR_FILENO);
    ProgressFn fn;
    if (show) {
        fn = [label](const Progress& p) {
            std::fprintf(stderr, "\r[%s] %s%s %3d%%   ", label.c_str(), stageName(p.stage),
                         p.passes > 1 ? (" (pass " + std::to_string(p.pass) + "/" + std::to_string(p.passes) + ")").c_str() : "",
                         static_cast<int>(100 * p.fraction));
            progressShown = true;
        };
    }
    return RunControl(fn, &cancelFlag());
}

void clearProgressLine() {
    if (progressShown) std::fprintf(stderr, "\r%60s\r", "");
    progressShown = false;
}

Json settingsSummary(const TrainingSettings& s) { return io::settingsToJson(s); }

Json secondsJson(const StageTimes& t) {
    return {{"sample", t.sample},     {"assemble", t.assemble}, {"solve", t.solve},
            {"evaluate", t.evaluate}, {"total", t.total},       {"data", t.data}};
}

Json fitJson(const TrainingResult& r) {
    Json j = settingsSummary(r.settings);
    j["rel_l2_H"] = r.test.relL2H;
    j["rel_l2_gradH"] = r.test.relL2Grad;
    if (r.testUncorrected) {
        // rel_l2_H above is H_corr's; these are the plain network's.
        j["rel_l2_H_uncorrected"] = r.testUncorrected->relL2H;
        j["rel_l2_gradH_uncorrected"] = r.testUncorrected->relL2Grad;
    }
    j["train_rel_l2_H"] = r.trainError.relL2H;
    j["train_rel_l2_gradH"] = r.trainError.relL2Grad;
    j["seconds"] = secondsJson(r.seconds);
    j["data_info"] = {{"states", r.train.size()}, {"trajectories", r.train.trajectoryCount()}};
    j["solver_info"] = {{"sigma_max", r.solve.sigmaMax},
                        {"lambda", r.solve.lambda},
                        {"rank", r.solve.rank},
                        {"rcond_chosen", r.settings.rcondAuto ? Json(r.solve.rcondChosen) : Json(nullptr)},
                        {"estimated_peak_MB", estimatePeakBytes(r.settings) / 1e6}};
    if (r.firstModel)  // A-SWIM: the first pass's size and solver (aswim_first_pass.h)
        j["aswim_first_pass"] = {{"width", r.firstModel->width()},
                                 {"train", r.firstPassStates},
                                 {"solver", aswimFirstPassByNormalEquations(r.settings) ? std::string("normal-equations")
                                                                                        : solverName(r.settings.solver)}};
    if (!r.solve.gcvCurve.empty()) {
        // rcond auto: the whole cross-validation curve, [[rcond, GCV], …].
        Json curve = Json::array();
        for (const auto& [rc, g] : r.solve.gcvCurve) curve.push_back({rc, g});
        j["solver_info"]["gcv_curve"] = curve;
    }
    return j;
}

std::vector<text::OptionSpec> adamOptionSpecs() { return {{"steps"}, {"lr"}, {"batch"}, {"eval-every"}}; }

AdamSettings adamFromCommandLine(const text::CommandLine& cl, bool stepsRequired) {
    AdamSettings a;
    if (stepsRequired && !cl.has("steps")) throw SettingsError("steps", "is required (the number of Adam steps)");
    a.steps = static_cast<long>(cl.integer("steps", a.steps, 1, 100000000));
    a.lr = cl.number("lr", a.lr);
    if (!(a.lr > 0) || a.lr > 10) throw SettingsError("lr", "must be a learning rate in (0, 10]");
    a.batch = static_cast<Eigen::Index>(cl.integer("batch", a.batch, 1, 10000000));
    a.evalEvery = static_cast<long>(cl.integer("eval-every", std::min<long>(500, a.steps), 1, 100000000));
    return a;
}

void addAdamJson(Json& fit, const AdamSettings& a, const AdamState& st) {
    fit["optimizer"] = "adam";
    fit["steps"] = st.step;
    fit["lr"] = a.lr;
    fit["batch"] = a.batch;
    Json h = Json::array();
    for (const AdamPoint& p : st.history)
        h.push_back({{"step", p.step}, {"seconds", p.seconds}, {"loss", p.loss}, {"rel_l2_H", p.relL2H}});
    fit["history"] = h;
}

void warnIfAnchorOutside(const TrainingSettings& s) {
    if (anchorInside(s.domain, s.anchor)) return;
    std::string x;
    for (double v : s.anchor) x += (x.empty() ? "" : ",") + text::formatNumber(v);
    std::fprintf(stderr, "warning: --anchor (%s) lies outside the domain: Ĥ's constant is fixed where no data constrain it\n",
                 x.c_str());
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", s);
    return buf;
}

void printFitSummary(const TrainingResult& r) {
    const TrainingSettings& s = r.settings;
    std::printf("system    %s", s.system.c_str());
    for (const auto& [k, v] : s.params) std::printf(" %s=%s", k.c_str(), text::formatNumber(v).c_str());
    std::printf("\ndomain    %s\n", formatDomain(s.domain).c_str());
    std::printf("sampler   %s, width %lld, train %lld, test %lld, seed %llu, rcond %s, solver %s\n",
                samplerTitle(s.sampler).c_str(), static_cast<long long>(s.width), static_cast<long long>(s.train),
                static_cast<long long>(s.test), static_cast<unsigned long long>(s.seed),
                s.rcondAuto ? ("auto (GCV chose " + text::formatNumber(r.solve.rcondChosen) + ")").c_str()
                            : text::formatNumber(s.rcond).c_str(),
                solverName(s.solver).c_str());
    if (s.data.kind == DataKind::Snapshots)
        std::printf("data      snapshot pairs, h %s, fitted at %s%s\n", text::formatNumber(s.data.h).c_str(),
                    fitPointName(s.data.fitAt).c_str(), s.data.correct ? ", first-order correction" : "");
    std::printf("rel_l2_H      %.3e   (train %.3e)\n", r.test.relL2H, r.trainError.relL2H);
    if (r.testUncorrected)
        std::printf("              %.3e   before the first-order correction\n", r.testUncorrected->relL2H);
    std::printf("rel_l2_gradH  %.3e   (train %.3e)\n", r.test.relL2Grad, r.trainError.relL2Grad);
    std::printf("seconds   sample %.3f  assemble %.3f  solve %.3f  evaluate %.3f  total %.3f  (data %.3f)\n",
                r.seconds.sample, r.seconds.assemble, r.seconds.solve, r.seconds.evaluate, r.seconds.total,
                r.seconds.data);
}

} // namespace shnn::cli

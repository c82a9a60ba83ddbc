// shnn race: sampled fits against one gradient-trained run of the same network on the same
// data (core/train/race.h), as a table or JSON.
#include "cli_common.h"
#include "commands.h"
#include "core/analysis/sweep.h"
#include "core/errors.h"
#include "core/text/parse.h"
#include "core/train/race.h"
#include "app/options/settings_options.h"

#include <cstdio>

namespace shnn::cli {

namespace {
Json optionalSeconds(const std::optional<double>& s) { return s ? Json(*s) : Json(nullptr); }
std::string seconds(const std::optional<double>& s) { return s ? text::formatNumber(*s) + " s" : "never"; }
} // namespace

int runRace(const Args& args) {
    auto spec = fitOptionSpecs();
    spec.push_back({"samplers"});
    spec.push_back({"json", false});
    for (const auto& o : adamOptionSpecs()) spec.push_back(o);
    const text::CommandLine cl(args, spec);
    const TrainingSettings settings = settingsFromCommandLine(cl);
    const std::vector<Sampler> samplers = parseSamplerList(cl.required("samplers"));
    const AdamSettings adam = adamFromCommandLine(cl, true);
    RaceResult race;
    runRace(settings, samplers, adam, race, stderrProgress("race"));
    clearProgressLine();
    const double gradientFinal = race.gradient.history.empty() ? 0 : race.gradient.history.back().relL2H;
    if (cl.has("json")) {
        Json j;
        j["gradient"] = fitJson(race.gradientResult);
        addAdamJson(j["gradient"], adam, race.gradient);
        j["sampled"] = Json::array();
        for (const RaceEntry& e : race.sampled) {
            Json f = fitJson(e.fit);
            f["gradient_seconds_to_reach"] = optionalSeconds(e.gradientSecondsToReach);
            j["sampled"].push_back(f);
        }
        j["speedup_at_gradient_final_error"] = race.speedupAtGradientFinalError ? Json(*race.speedupAtGradientFinalError) : Json(nullptr);
        j["gradient_seconds_to_1e-2"] = optionalSeconds(race.secondsTo1e2);
        j["gradient_seconds_to_1e-3"] = optionalSeconds(race.secondsTo1e3);
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%-8s %10s %12s   %s\n", "method", "seconds", "rel_l2_H", "gradient run reached this error after");
    for (const RaceEntry& e : race.sampled)
        std::printf("%-8s %10.3f %12.3e   %s\n", samplerTitle(e.fit.settings.sampler).c_str(), e.fit.seconds.total,
                    e.fit.test.relL2H, seconds(e.gradientSecondsToReach).c_str());
    std::printf("%-8s %10.3f %12.3e   (%ld Adam steps, lr %s, batch %lld)\n", "Adam", race.gradient.seconds, gradientFinal,
                race.gradient.step, text::formatNumber(adam.lr).c_str(), static_cast<long long>(adam.batch));
    std::printf("gradient run: 1e-2 after %s, 1e-3 after %s\n", seconds(race.secondsTo1e2).c_str(),
                seconds(race.secondsTo1e3).c_str());
    if (race.speedupAtGradientFinalError)
        std::printf("speed-up at the gradient run's final error: %.0fx (its time over the fastest sampled fit as accurate)\n",
                    *race.speedupAtGradientFinalError);
    else
        std::printf("no sampled fit is as inaccurate as the gradient run's final error allows: no speed-up to report\n");
    return 0;
}

} // namespace shnn::cli

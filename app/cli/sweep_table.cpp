#include "sweep_table.h"

#include "core/text/parse.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace shnn::cli {

void printSweepHeader(const SweepPlan& plan) {
    if (!plan.vary.empty()) std::printf("%10s ", plan.vary.c_str());
    std::printf("%-7s %7s %7s %6s %12s %12s %9s\n", "sampler", "width", "train", "repeat", "rel_l2_H", "rel_l2_gradH",
                "seconds");
    std::fflush(stdout);
}

void printSweepRow(const SweepPlan& plan, const SweepRow& r) {
    if (!plan.vary.empty()) std::printf("%10s ", text::formatNumber(r.value).c_str());
    std::printf("%-7s %7lld %7lld %6d %12.3e %12.3e %9.3f\n", samplerName(r.sampler).c_str(),
                static_cast<long long>(r.width), static_cast<long long>(r.train), r.repeat, r.test.relL2H,
                r.test.relL2Grad, r.seconds.total);
    std::fflush(stdout);
}

void printSweepSummary(const SweepPlan& plan, const std::vector<SweepRow>& rows) {
    if (rows.empty() || (plan.repeat <= 1 && plan.vary.empty())) return;
    const std::string swept = sweptSetting(plan);
    const char* what = swept.c_str();
    auto xOf = [&](const SweepPoint& p) { return sweptValue(p, swept); };
    // Per sampler and swept value: the median over the repeats (and the dimension, which a
    // system parameter such as the chain's n changes).
    std::printf("\nmedians over %d repeat(s):\n%-7s %10s %4s %12s %12s %10s\n", plan.repeat, "sampler", what, "dim",
                "rel_l2_H", "(min–max)", "seconds");
    const std::vector<SweepPoint> points = summarizeSweep(rows);
    std::map<Sampler, std::pair<std::vector<double>, std::vector<double>>> curves;
    for (const SweepPoint& p : points) {
        std::printf("%-7s %10s %4d %12.3e %5.1e–%5.1e %10.3f\n", samplerName(p.sampler).c_str(),
                    text::formatNumber(xOf(p)).c_str(), p.dim, p.error.median, p.error.min, p.error.max, p.seconds.median);
        curves[p.sampler].first.push_back(xOf(p));
        curves[p.sampler].second.push_back(p.error.median);
    }
    // The order of the error in the swept setting: 1 for O(h), 2 for O(h²) (snapshot steps);
    // about −1/2 against the training size in the Monte Carlo regime.
    for (const auto& [sampler, xy] : curves) {
        const double k = logLogSlope(xy.first, xy.second);
        if (std::isfinite(k))
            std::printf("%s: log-log slope of the median rel_l2_H against %s: %.2f\n", samplerName(sampler).c_str(), what, k);
    }
}

} // namespace shnn::cli

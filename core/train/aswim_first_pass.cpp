#include "aswim_first_pass.h"

#include "../fit/dgemm_rate.h"

#include <algorithm>
#include <cmath>

namespace shnn {

namespace {

constexpr double kRowsPerNeuron = 3.0;
constexpr double kFlopShare = 1.0 / 8.0;
constexpr double kSmallFit = 2e9;  // flops below which the full first pass is cheap anyway

Eigen::Index statesFor(Eigen::Index m, Eigen::Index N, Eigen::Index D) {
    auto n = static_cast<Eigen::Index>(std::ceil(kRowsPerNeuron * static_cast<double>(m) / static_cast<double>(D)));
    // In many dimensions three rows per neuron are few states: keep four times as many
    // distinct pairs as neurons, so the m pairs can be drawn distinct (samplers.h).
    n = std::max<Eigen::Index>({n, 3, static_cast<Eigen::Index>(std::ceil(std::sqrt(8.0 * static_cast<double>(m)))) + 1});
    return std::min(N, n);
}

} // namespace

AswimFirstPass aswimFirstPassSize(const TrainingSettings& s, Eigen::Index N, Eigen::Index D) {
    const Eigen::Index M = static_cast<Eigen::Index>(s.width);
    AswimFirstPass p{M, N};
    const bool fixedWidth = s.aswimFirstWidth > 0, fixedStates = s.aswimFirstTrain > 0;
    if (fixedWidth) p.width = std::min<Eigen::Index>(M, s.aswimFirstWidth);
    if (fixedStates) p.states = std::min<Eigen::Index>(N, s.aswimFirstTrain);
    const double full = fitFlops(N, M, static_cast<int>(D));
    if (s.aswimFullFirstPass || full < kSmallFit || (fixedWidth && fixedStates)) return p;
    if (!fixedWidth) {
        // cost(m, n(m)) grows with m: bisect for the widest first network within the share.
        const double budget = kFlopShare * full;
        auto cost = [&](Eigen::Index m) {
            const Eigen::Index n = fixedStates ? p.states : statesFor(m, N, D);
            return fitFlops(n, m, static_cast<int>(D));
        };
        Eigen::Index lo = 1, hi = M;
        while (lo < hi) {
            const Eigen::Index mid = (lo + hi + 1) / 2;
            if (cost(mid) <= budget) lo = mid;
            else hi = mid - 1;
        }
        p.width = lo;
    }
    if (!fixedStates) p.states = statesFor(p.width, N, D);
    return p;
}

std::vector<Eigen::Index> evenlySpacedRows(Eigen::Index N, Eigen::Index n) {
    n = std::clamp<Eigen::Index>(n, 0, N);
    std::vector<Eigen::Index> rows(static_cast<size_t>(n));
    for (Eigen::Index k = 0; k < n; ++k)
        rows[static_cast<size_t>(k)] = static_cast<Eigen::Index>((static_cast<__int128>(k) * N) / n);
    return rows;
}

} // namespace shnn

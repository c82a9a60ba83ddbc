#include "samplers.h"

#include "../errors.h"
#include "../progress.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace shnn {

HiddenLayer sampleElm(Eigen::Index width, const Domain& box, std::mt19937_64& rng) {
    const int D = box.dim();
    HiddenLayer layer;
    layer.W.resize(width, D);
    layer.b.resize(width);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> bias(box.lowest(), box.highest());
    for (Eigen::Index j = 0; j < width; ++j) {
        for (int i = 0; i < D; ++i) layer.W(j, i) = normal(rng);
        layer.b(j) = bias(rng);
    }
    return layer;
}

void swimNeuron(const Eigen::RowVectorXd& xa, const Eigen::RowVectorXd& xb, Eigen::RowVectorXd& w, double& b) {
    const Eigen::RowVectorXd dx = xb - xa;
    w = (2.0 * kSwimS1 / dx.squaredNorm()) * dx;
    b = -w.dot(xa) - kSwimS1;
}

namespace {

std::uint64_t pairKey(Eigen::Index a, Eigen::Index b) {
    const auto lo = static_cast<std::uint64_t>(std::min(a, b));
    const auto hi = static_cast<std::uint64_t>(std::max(a, b));
    return (hi << 32) | lo;
}

// Rounds of N candidates each, as docs/method.md §3. A candidate repeated within the rounds is
// merged into one entry carrying the summed probability, which is what drawing from the
// list of candidates with repetitions amounts to. When the rounds hold fewer than `width`
// distinct pairs (width close to N), more rounds are drawn.
} // namespace

SwimCandidates swimCandidates(const Eigen::MatrixXd& X, const Eigen::VectorXd* values, Eigen::Index width,
                              std::mt19937_64& rng, const RunControl* control) {
    const Eigen::Index N = X.rows();
    const Eigen::Index rounds = std::max<Eigen::Index>(1, (width + N - 1) / N);
    std::uniform_int_distribution<Eigen::Index> first(0, N - 1);
    std::uniform_int_distribution<Eigen::Index> offset(1, N - 2);
    SwimCandidates c;
    std::unordered_map<std::uint64_t, std::size_t> index;
    index.reserve(static_cast<std::size_t>(rounds * N));
    auto addRound = [&] {
        for (Eigen::Index k = 0; k < N; ++k) {
            if (control && (k & 0xffff) == 0) control->check();
            const Eigen::Index a = first(rng);
            const Eigen::Index b = (a + offset(rng)) % N;
            const double dist = (X.row(b) - X.row(a)).norm();
            if (!(dist > 0.0)) continue;  // identical states give no neuron
            const double w = values ? std::abs((*values)(b) - (*values)(a)) / std::max(dist, 1e-10) : 1.0;
            auto [it, inserted] = index.emplace(pairKey(a, b), c.pairs.size());
            if (inserted) {
                c.pairs.emplace_back(a, b);
                c.weight.push_back(w);
            } else {
                c.weight[it->second] += w;
            }
        }
    };
    for (Eigen::Index r = 0; r < rounds; ++r) addRound();
    for (int extra = 0; static_cast<Eigen::Index>(c.pairs.size()) < width && extra < 200; ++extra) addRound();
    if (static_cast<Eigen::Index>(c.pairs.size()) < width)
        throw SettingsError("width", "width " + std::to_string(width) + " needs that many distinct pairs of the " +
                                         std::to_string(N) + " training states; only " +
                                         std::to_string(c.pairs.size()) + " were found");
    double total = 0.0;
    for (double w : c.weight) {
        if (!std::isfinite(w))
            throw NumericalError("SWIM sampling: a pair probability is not finite (H values overflow?)");
        total += w;
    }
    // Flat H (all differences ~0 relative to the largest): every pair equally likely.
    const double largest = *std::max_element(c.weight.begin(), c.weight.end());
    if (!(total > 0.0) || largest <= 1e-300) std::fill(c.weight.begin(), c.weight.end(), 1.0);
    return c;
}

namespace {

// Draws `width` candidates with probability ∝ weight, with replacement, and redraws the
// duplicates until all are distinct (docs/method.md §3). If the mass sits on too few candidates for the
// redraws to finish, the remainder is completed by weighted sampling without replacement
// (Efraimidis–Spirakis keys), which is what the redraw loop converges to.
std::vector<std::size_t> drawDistinct(const std::vector<double>& weight, Eigen::Index width, std::mt19937_64& rng) {
    std::discrete_distribution<std::size_t> pick(weight.begin(), weight.end());
    std::vector<std::size_t> chosen;
    chosen.reserve(static_cast<std::size_t>(width));
    std::unordered_set<std::size_t> seen;
    seen.reserve(static_cast<std::size_t>(width) * 2);
    int stalled = 0;
    while (static_cast<Eigen::Index>(chosen.size()) < width && stalled < 50) {
        const std::size_t missing = static_cast<std::size_t>(width) - chosen.size();
        std::size_t added = 0;
        for (std::size_t k = 0; k < missing; ++k) {
            const std::size_t i = pick(rng);
            if (seen.insert(i).second) {
                chosen.push_back(i);
                ++added;
            }
        }
        stalled = added ? 0 : stalled + 1;
    }
    if (static_cast<Eigen::Index>(chosen.size()) < width) {
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        std::vector<std::pair<double, std::size_t>> keyed;
        for (std::size_t i = 0; i < weight.size(); ++i) {
            if (seen.count(i)) continue;
            const double u = std::max(unit(rng), 1e-300);
            // Zero weight sorts after every positive one, in random order among themselves.
            const double key = weight[i] > 0 ? std::log(u) / weight[i] : -1e300 * (1.0 + u);
            keyed.emplace_back(key, i);
        }
        const std::size_t need = static_cast<std::size_t>(width) - chosen.size();
        std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(need), keyed.end(),
                          [](const auto& x, const auto& y) { return x.first > y.first; });
        for (std::size_t k = 0; k < need; ++k) chosen.push_back(keyed[k].second);
    }
    return chosen;
}

} // namespace

HiddenLayer sampleSwim(const Eigen::MatrixXd& X, const Eigen::VectorXd* values, Eigen::Index width,
                       std::mt19937_64& rng, const RunControl* control) {
    const Eigen::Index N = X.rows();
    if (N < 3) throw SettingsError("train", "SWIM-type samplers need at least 3 training states, got " + std::to_string(N));
    if (static_cast<double>(width) > distinctPairs(N))
        throw SettingsError("width", "width " + std::to_string(width) + " exceeds the " +
                                         std::to_string(static_cast<long long>(distinctPairs(N))) +
                                         " distinct pairs of " + std::to_string(N) + " training states");
    const SwimCandidates cand = swimCandidates(X, values, width, rng, control);
    const std::vector<std::size_t> chosen = drawDistinct(cand.weight, width, rng);

    HiddenLayer layer;
    layer.W.resize(width, X.cols());
    layer.b.resize(width);
    layer.pairs.reserve(static_cast<std::size_t>(width));
    for (Eigen::Index j = 0; j < width; ++j) {
        const auto [a, b] = cand.pairs[chosen[static_cast<std::size_t>(j)]];
        Eigen::RowVectorXd w;
        swimNeuron(X.row(a), X.row(b), w, layer.b(j));
        layer.W.row(j) = w;
        layer.pairs.emplace_back(a, b);
    }
    return layer;
}

} // namespace shnn

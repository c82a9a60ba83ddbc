#pragma once
// The hidden-layer samplers of docs/method.md §3. With s1 = ½·ln 3 (tanh(±s1) = ±½):
//
//  ELM:   w_j ~ N(0, I_D),  b_j ~ U(lo, hi), lo/hi the smallest lower / largest upper bound of the box.
//  SWIM:  R = max(1, ⌈M/N⌉) rounds of N candidate pairs (a uniform, b = (a + δ) mod N, δ ~ U[1, N−2]),
//         P(a, b) ∝ |H(x_b) − H(x_a)| / max(‖x_b − x_a‖, 1e-10)  (uniform if all ≈ 0),
//         M distinct pairs drawn with P, and
//             w = 2 s1 (x_b − x_a) / ‖x_b − x_a‖²,   b = −w·x_a − s1,
//         so the neuron's tanh is −½ at x_a and +½ at x_b.
//  U-SWIM: SWIM with every candidate equally likely (no H values needed).
//  A-SWIM: the trainer runs U-SWIM, then SWIM with the fitted Ĥ in place of H.
#include "hidden_layer.h"

#include "../systems/domain.h"

#include <random>

namespace shnn {

class RunControl;

constexpr double kSwimS1 = 0.54930614433405484570;  // ½ ln 3

HiddenLayer sampleElm(Eigen::Index width, const Domain& box, std::mt19937_64& rng);

// SWIM when `values` is non-null (true H, or Ĥ for A-SWIM's second pass), U-SWIM when null.
// Pairs are distinct as unordered pairs: (a, b) and (b, a) give the same neuron up to sign.
// Throws SettingsError("width", ...) when fewer than `width` distinct pairs exist.
HiddenLayer sampleSwim(const Eigen::MatrixXd& X, const Eigen::VectorXd* values, Eigen::Index width,
                       std::mt19937_64& rng, const RunControl* control = nullptr);

// SWIM's candidate pairs and their unnormalised probabilities |ΔH|/max(‖Δx‖, 1e-10) (1 for
// U-SWIM, or all 1 when every difference is ~0). A pair drawn k times among the candidates is
// one entry with k times the weight. Exposed for tests of the formula.
struct SwimCandidates {
    std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;  // distinct as unordered pairs
    std::vector<double> weight;                                // summed over repeated candidates
};
SwimCandidates swimCandidates(const Eigen::MatrixXd& X, const Eigen::VectorXd* values, Eigen::Index width,
                              std::mt19937_64& rng, const RunControl* control = nullptr);

// The neuron through a pair: tanh = −½ at xa and +½ at xb.
void swimNeuron(const Eigen::RowVectorXd& xa, const Eigen::RowVectorXd& xb, Eigen::RowVectorXd& w, double& b);

// Largest number of distinct unordered pairs N states give.
inline double distinctPairs(Eigen::Index n) { return 0.5 * static_cast<double>(n) * static_cast<double>(n - 1); }

} // namespace shnn

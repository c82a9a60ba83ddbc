#pragma once
// Training data from snapshot pairs (paper §4.6), the limited-data case: states x uniform in
// the box, each observed once more after one step h of the true flow, x_next = Φ_h(x), and
// nothing else — no derivatives, no H. The target is the forward difference
//     ẋ ≈ (x_next − x) / h,
// attributed to one of three points (FitPoint):
//     start             x                      error O(h) in every Ĥ
//     symplectic-euler  (q_next, p)            the exact map Φ_h is symplectic Euler's step for a
//                                              modified Hamiltonian Ĥ = H − (h/2) Σⱼ ∂H/∂qⱼ ∂H/∂pⱼ + O(h²)
//                                              (symplectic Euler evaluates ∂H/∂p and ∂H/∂q at
//                                              (q_{n+1}, p_n)), so the fit learns that Ĥ and
//                                              H_corr = Ĥ + (h/2) Σⱼ ∂Ĥ/∂qⱼ ∂Ĥ/∂pⱼ is O(h²)
//     midpoint          (x + x_next) / 2       the implicit midpoint rule is symmetric: its
//                                              modified Hamiltonian has no O(h) term
// Noise of standard deviation `noise` is added to both observed states of a pair. The true
// H and ∇H are attached at the fit points (SWIM's sampling and the training error use them).
#include "data_settings.h"
#include "dataset.h"

namespace shnn {

Dataset snapshotDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                        std::mt19937_64& rng, std::mt19937_64& noiseRng, const RunControl* control = nullptr);

// The states the difference quotients are attributed to, from the observed pairs (rows).
Eigen::MatrixXd snapshotFitPoints(const Eigen::MatrixXd& x, const Eigen::MatrixXd& xNext, FitPoint at);

} // namespace shnn

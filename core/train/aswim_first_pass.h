#pragma once
// A-SWIM's first pass: a U-SWIM fit whose Ĥ only ranks the candidate pairs of the second
// (SWIM) pass by |ΔĤ|/‖Δx‖ (docs/method.md §3). The paper runs it at the full width on every
// training state, which makes A-SWIM cost about two U-SWIM fits.
//
// The ranking needs an expressive Ĥ far more than many states: on the steep pendulum (E6) a
// first pass at half the width on all states doubles the final error, while the full width on
// an eighth of the states keeps it. So the default first pass spends a fixed share of the
// fit's flops on width first and takes only as many states as keep it well overdetermined:
//
//   cost(m, n) = 2 n m² + (2/3) D m³       the structured solve's flops (fitFlops, dgemm_rate.h)
//   n(m)       = min(N, ⌈3 m / D⌉)          three derivative rows per neuron (and at least
//                                          ⌈√(8m)⌉ + 1 states: 4m distinct pairs to draw from)
//   m1         = the largest m ≤ M with cost(m, n(m)) ≤ cost(M, N) / 8,   n1 = n(m1)
//
// A fit under 2 GFLOP (a few tens of ms) keeps the paper's full first pass: nothing to save.
// The first pass is solved by its normal equations (fit/normal_equations.h: n m² + m³/3 flops,
// no merges; less accurate, enough to rank) whatever its size, unless aswimFullFirstPass asks
// for the paper's (then by the fit's own solver).
// The states are spread evenly through the training set (row k·N/n1), so trajectory data
// keeps every trajectory. Settings override the choice: aswimFullFirstPass (the paper's two
// full passes), aswimFirstWidth and aswimFirstTrain (either size explicitly).
#include "settings.h"

#include <Eigen/Core>
#include <vector>

namespace shnn {

struct AswimFirstPass {
    Eigen::Index width = 0;   // neurons of the first network
    Eigen::Index states = 0;  // training states it is fitted on
};

// N training states of dimension D = 2d; s.width is M.
AswimFirstPass aswimFirstPassSize(const TrainingSettings& s, Eigen::Index N, Eigen::Index D);

// True where the first pass is solved by the normal equations (all but the paper's full pass).
inline bool aswimFirstPassByNormalEquations(const TrainingSettings& s) { return !s.aswimFullFirstPass; }

// n row indices spread evenly over 0 … N−1 (all of them when n ≥ N).
std::vector<Eigen::Index> evenlySpacedRows(Eigen::Index N, Eigen::Index n);

} // namespace shnn

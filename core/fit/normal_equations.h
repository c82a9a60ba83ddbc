#pragma once
// A fast, less accurate solve of the last layer's least-squares problem (least_squares.h)
// by its normal equations, for A-SWIM's first pass, whose Ĥ only ranks candidate pairs.
//
// With S_kj = sech²(w_j·x_k + b_j) the coordinate-i block of the derivative rows is
// S diag(W[:, i]), so the Gram matrix of all D blocks is one Gram matrix of S, scaled:
//     G = Σ_i diag(W[:, i]) SᵀS diag(W[:, i]) = (SᵀS) ∘ (W Wᵀ)
//     r = Σ_i W[:, i] ∘ (Sᵀ g_i)
// and the damped normal equations (G + δI) c = r are solved by Cholesky. Flops: N·M² for SᵀS
// (its lower triangle, tiles of matrix products on the pool's threads) and M³/3 for Cholesky,
// against the QR's 2·N·M² + (2/3)·D·M³ (E2's first pass, 850 neurons on 1275 states: 1.1
// against 2.7 GFLOP; E9's, 3419 on 2565 in 4 dimensions: 43 against 167), and no merges of
// triangles, the QR's slowest part. E2's first pass: 0.021–0.030 s instead of 0.051–0.067 s.
//
// The price is accuracy: G's condition is the square of the rows', and G itself is only
// known to rounding, ~1e-16·‖G‖. So the damping has a floor relative to ‖A‖_F² = trace(G):
//     δ = max(rcond, 1e-8)² · trace(G)
// (singular values below ~1e-8 of the rows' size are damped). Should Cholesky fail (G
// indefinite by rounding), G is formed again and δ grows tenfold until it succeeds. A-SWIM's
// final error with this first pass: E1–E9 within the seed-to-seed spread of the QR first
// pass's; with a floor of 1e-6 the steep pendulum E6 came out 5× worse (1.3e-3 against 2.4e-4).
//
// c_0 is fixed from the anchor, as in the structured solvers.
#include "least_squares.h"

namespace shnn {

OutputLayer solveNormalEquations(const LeastSquaresProblem& problem, const RunControl& control, SolveReport& report);

} // namespace shnn

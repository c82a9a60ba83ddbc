#pragma once
// σ_max, the largest singular value of the derivative rows, sets the damping λ = rcond·σ_max
// of the structured solve (least_squares.h) and the MLP's last-layer solve.
//
// The rows reduce to stacked scaled triangles A = [R diag(w_0); …; R diag(w_{D−1})] (R upper
// triangular, n×n), so σ_max² = λ_max(B) with the Gram matrix
//     B v = AᵀA v = Σ_i w_i ∘ Rᵀ R (w_i ∘ v)       (one product with R and one with Rᵀ).
// Lanczos with full reorthogonalisation on B: after k steps the orthonormal basis V_k and the
// tridiagonal T_k = V_kᵀ B V_k (α_j on the diagonal, β_j beside it) satisfy
//     B V_k = V_k T_k + β_k v_{k+1} e_kᵀ.
// The largest eigenvalue θ of T_k never exceeds λ_max and grows with k; its Ritz vector
// y = V_k s has the residual ‖B y − θ y‖ = β_k |s_k|, and some eigenvalue of B lies within
// that residual of θ (and within residual²/gap when the gap to the next one is known). The
// iteration stops once the residual is below 1e-5·θ: on E2 after 9–11 steps, with σ then
// right to about 1e-11 (λ needs far less; the residual bound is pessimistic).
// Lanczos converges like Chebyshev polynomials of the spectral gap where power iteration
// converges like its powers: E2's Gram matrix (σ₂/σ₁ close to 1) took power iteration 22
// steps from a good start to reach 1e-3, and its stop at "two estimates 1e-3 apart" after 5
// steps returned σ_max 3.6 % low.
#include <Eigen/Core>

namespace shnn {

class RunControl;

// The basis holds at most this many vectors (n·64 doubles beside the solve's peak); a
// spectrum that has not converged by then returns the last, still lower, Ritz value.
constexpr int kLanczosMaxSteps = 64;

struct LanczosEstimate {
    double sigma = 0.0;     // √θ
    double residual = 0.0;  // β_k |s_k| over θ at the stop
    int steps = 0;          // products with B
};

// σ_max of the stacked blocks [R diag(W(:,0)); …; R diag(W(:,D−1))], R the upper triangle of R.
LanczosEstimate largestSingularValue(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R,
                                     const Eigen::MatrixXd& W, const RunControl& control);
double sigmaMaxStacked(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R, const Eigen::MatrixXd& W,
                       const RunControl& control);

// σ_max of the upper triangle of T: sigmaMaxStacked with one block and unit weights.
double sigmaMaxUpper(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& T, const RunControl& control);

} // namespace shnn

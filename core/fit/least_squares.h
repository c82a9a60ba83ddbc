#pragma once
// The last layer: one linear least-squares problem (docs/method.md §2).
//
// With φ_j(x) = tanh(w_j·x + b_j) and S_kj = 1 − tanh²(w_j·x_k + b_j), the derivative rows ask
//     Σ_j c_j S_kj w_{j,i} = g_{k,i}        (g = target ∇H: ∂H/∂q = −ṗ, ∂H/∂p = q̇)
// for every state k and coordinate i, and one anchor row fixes the constant:
//     Σ_j c_j φ_j(x0) + c_0 = H(x0).
// The coordinate-i block of the matrix is S·diag(W[:, i]), so every block shares S.
//
// Solvers (all reach the SVD cut-off solve's accuracy; see README "Solvers"):
//  qr       Structured QR (default). Stream the rows of [S | G] through a Householder QR
//           (streamed_qr.h: LAPACK dtpqrt's algorithm as one task graph over blocks of rows,
//           the next block filled while the last is factored: memory O(M²) + O(block·M), never the dense
//           (N·D+1)×(M+1) matrix) to get R and Qᵀg. Because ‖S diag(w_i) c − g_i‖ =
//           ‖R diag(w_i) c − (Qᵀg)_i‖ + const, the problem shrinks to D stacked upper-
//           triangular blocks R·diag(w_i), merged pairwise by triangle-on-triangle QR. The
//           rcond cut-off is applied as Tikhonov damping at λ = rcond·σ_max (σ_max by
//           Lanczos, largest_singular_value.h): one more triangle-on-diagonal QR of [T; λI],
//           then back substitution.
//           Cost 2NM² + (D)(2/3)M³ flops instead of 2NDM² for a QR of the full matrix.
//  qr-svd   As qr, but the reduced M×M triangle is solved by SVD with the hard cut-off
//           σ < rcond·σ_max (exactly the reference's minimum-norm truncated solution).
//  qr-nocut As qr without any cut-off (plain back substitution); more accurate on clean data,
//           larger coefficients, risky with noise.
//  svd      Reference: the dense (N·D+1)×(M+1) matrix, minimum-norm least squares by LAPACK
//           dgelsd with rcond. Memory heavy; for comparison.
//
// rcond "auto" (qr, qr-svd): the damping is chosen by generalised cross-validation on the
// reduced problem. With the SVD T11 = U Σ Vᵀ of the reduced triangle, β = Uᵀy, n = N·D rows
// and r₀² the residual no choice of c can remove (the parts of the targets outside the
// columns, dropped while stacking), Tikhonov damping λ gives
//     c_λ = V diag(σ/(σ² + λ²)) β
//     ‖A c_λ − g‖² = Σ (λ²/(σ² + λ²))² β² + r₀²,     dof(λ) = Σ σ²/(σ² + λ²)
//     GCV(λ) = n ‖A c_λ − g‖² / (n − dof(λ))²
// minimised over λ = σ_max·10^k, k ∈ [−16, −1] in steps of 1/8 (then solved with that λ).
// GCV needs no noise level: it predicts the error on a left-out row from the fit itself. On
// clean data it picks tiny λ (the residual is approximation error); with noise, larger λ.
//
// The structured solvers fix c_0 after the fact from the anchor row (the only row that
// involves c_0), so the anchor is met exactly, as in the reference solve.
#include "../sampling/hidden_layer.h"

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace shnn {

class RunControl;

enum class Solver { Qr, QrSvd, QrNoCut, Svd };
std::string solverName(Solver s);
Solver parseSolver(const std::string& name);  // throws SettingsError("solver", ...)
std::vector<Solver> allSolvers();

struct LeastSquaresProblem {
    const HiddenLayer* layer = nullptr;
    const Eigen::MatrixXd* X = nullptr;            // N×D training states
    const Eigen::MatrixXd* gradTargets = nullptr;  // N×D targets for ∇H
    Eigen::VectorXd anchor;                        // x0
    double anchorH = 0.0;                          // H(x0)
    double rcond = 1e-13;
    bool autoRcond = false;   // choose rcond by generalised cross-validation (above)
};

struct OutputLayer {
    Eigen::VectorXd c;
    double c0 = 0.0;
};

struct SolveReport {
    // Building the rows of the matrix (tanh, products). The qr solvers build them inside the
    // streamed QR, beside its factorisation: there this is the assembly's share of the wall
    // time (its thread time over the thread count), and solveSeconds the rest.
    double assembleSeconds = 0.0;
    double solveSeconds = 0.0;     // factorizations and back substitution
    double sigmaMax = 0.0;         // largest singular value of the derivative rows
    double lambda = 0.0;           // Tikhonov damping used (qr)
    long rank = -1;                // numerical rank at rcond (svd, qr-svd)
    double rcondChosen = 0.0;      // rcond auto: the value GCV chose (λ/σ_max); 0 otherwise
    // rcond auto: GCV over the whole grid, (rcond = λ/σ_max, GCV(λ)), rcond increasing.
    std::vector<std::pair<double, double>> gcvCurve;
};

OutputLayer solveOutputLayer(const LeastSquaresProblem& problem, Solver solver, const RunControl& control,
                             SolveReport& report);

// Shared by the solvers. c_0 that meets the anchor row exactly: H(x0) − Σ_j c_j φ_j(x0).
double anchorOffset(const LeastSquaresProblem& problem, const Eigen::VectorXd& c);
// Throws NumericalError (the problem too ill-conditioned for the solver) unless c is finite.
void requireFiniteSolution(const Eigen::VectorXd& c);

// Peak bytes the solver allocates for this problem size (for the memory guard).
double solverPeakBytes(Solver solver, double n, double d, double m);

// Rows per block of `states` rows streamed through the QR (`columns` wide): about 1.5 columns
// (at least 1024), every block at least `columns` tall where memory allows, all of the same
// height (StateBlocks keeps it). `freeRows`: blocks up to this many rows cost no memory beyond
// the solve's peak anyway, so they may be that tall.
Eigen::Index qrChunkRows(Eigen::Index columns, Eigen::Index states, Eigen::Index freeRows = 0);

// The buffer the structured solve's merge needs for width M: the M×(M + 1) coordinate block
// (leading dimension streamed_qr::paddedRows(M)) and T, (M + 1)×(M + 1), at its end. The
// stream's blocks may fill as much (qrChunkRows's freeRows): that memory is taken afterwards
// anyway.
std::size_t mergeBufferDoubles(Eigen::Index width);

} // namespace shnn

#include "normal_equations.h"

#include "../errors.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"
#include "../stopwatch.h"
#include "derivative_rows.h"
#include "lapack.h"
#include "streamed_qr.h"

#include <algorithm>
#include <cblas.h>
#include <cmath>
#include <cstdint>
#include <vector>

namespace shnn {

namespace {

constexpr double kRelativeDampingFloor = 1e-8;  // √(δ / trace G) at least (header)
constexpr Eigen::Index kTile = 192;  // G in tiles of 192 (E2's first pass: 23 ms; 64, 128, 256: 25–30 ms)

// The tiles (I, J), J ≤ I, of the lower triangle of an M×M matrix in kTile×kTile tiles.
std::vector<std::pair<Eigen::Index, Eigen::Index>> lowerTiles(Eigen::Index first, Eigen::Index tiles) {
    std::vector<std::pair<Eigen::Index, Eigen::Index>> t;
    for (Eigen::Index I = first; I < tiles; ++I)
        for (Eigen::Index J = first; J <= I; ++J) t.emplace_back(I, J);
    return t;
}

// The lower triangle of G = (SᵀS) ∘ (W Wᵀ), tile by tile: each task multiplies its tile
// (dsyrk on the diagonal, dgemm below) and scales it. A tile's sums do not depend on the
// thread count.
void scaledGram(const Eigen::MatrixXd& W, Eigen::Index N, const double* S, Eigen::Index lds, Eigen::MatrixXd& G,
                const RunControl& control) {
    const Eigen::Index M = G.rows(), ldg = G.outerStride();
    const auto work = lowerTiles(0, (M + kTile - 1) / kTile);
    const int n = static_cast<int>(N), ls = static_cast<int>(lds), lg = static_cast<int>(ldg);
    parallel::parallelFor(static_cast<std::int64_t>(work.size()), [&](std::int64_t t, int) {
        control.check();
        const auto [I, J] = work[static_cast<size_t>(t)];
        const Eigen::Index i0 = I * kTile, j0 = J * kTile, hi = std::min(kTile, M - i0), hj = std::min(kTile, M - j0);
        double* out = G.data() + j0 * ldg + i0;
        if (I == J)
            cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, static_cast<int>(hi), n, 1.0, S + i0 * lds, ls, 0.0, out, lg);
        else
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, static_cast<int>(hi), static_cast<int>(hj), n, 1.0,
                        S + i0 * lds, ls, S + j0 * lds, ls, 0.0, out, lg);
        const Eigen::MatrixXd scale = W.middleRows(i0, hi) * W.middleRows(j0, hj).transpose();
        for (Eigen::Index k = 0; k < hj; ++k)
            for (Eigen::Index j = (I == J ? k : 0); j < hi; ++j) G(i0 + j, j0 + k) *= scale(j, k);
    });
}

// Cholesky G = L Lᵀ of the lower triangle, blocked by kTile on the pool's threads: for each
// block column k, dpotrf of the diagonal tile, then the tiles below it (dtrsm), then the
// trailing tiles (I, J) −= L_Ik L_Jkᵀ. LAPACK's dpotrf would run on one thread here (the pool
// keeps OpenBLAS single-threaded). False where G is not positive definite.
bool choleskyLower(Eigen::MatrixXd& G, const RunControl& control) {
    const Eigen::Index M = G.rows(), ldg = G.outerStride(), tiles = (M + kTile - 1) / kTile;
    const int lg = static_cast<int>(ldg);
    auto at = [&](Eigen::Index I, Eigen::Index J) { return G.data() + J * kTile * ldg + I * kTile; };
    auto size = [&](Eigen::Index I) { return static_cast<int>(std::min(kTile, M - I * kTile)); };
    for (Eigen::Index k = 0; k < tiles; ++k) {
        control.check();
        if (!lapack::potrf(size(k), at(k, k), lg)) return false;
        parallel::parallelFor(tiles - k - 1, [&](std::int64_t t, int) {
            const Eigen::Index I = k + 1 + t;
            cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, size(I), size(k), 1.0, at(k, k),
                        lg, at(I, k), lg);
        });
        const auto trailing = lowerTiles(k + 1, tiles);
        parallel::parallelFor(static_cast<std::int64_t>(trailing.size()), [&](std::int64_t t, int) {
            const auto [I, J] = trailing[static_cast<size_t>(t)];
            if (I == J)
                cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, size(I), size(k), -1.0, at(I, k), lg, 1.0,
                            at(I, I), lg);
            else
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, size(I), size(J), size(k), -1.0, at(I, k), lg,
                            at(J, k), lg, 1.0, at(I, J), lg);
        });
    }
    return true;
}

} // namespace

OutputLayer solveNormalEquations(const LeastSquaresProblem& p, const RunControl& control, SolveReport& report) {
    const HiddenLayer& L = *p.layer;
    const Eigen::MatrixXd& X = *p.X;
    const Eigen::MatrixXd& targets = *p.gradTargets;
    const Eigen::Index N = X.rows(), M = L.width(), D = X.cols();
    parallel::threadCount();  // OpenBLAS single-threaded: the BLAS calls run inside the pool's tasks

    control.report(Stage::Assembling, 0.0);
    auto t0 = Clock::now();
    const Eigen::Index lds = streamed_qr::paddedRows(static_cast<int>(N));
    Eigen::MatrixXd S(lds, M);
    // S = sech²(X Wᵀ + b), N×M: the structured QR's rows as one block.
    DerivativeRows(L, X, targets, N).fillFeatures(0, S.data(), static_cast<int>(lds));
    report.assembleSeconds += since(t0);

    t0 = Clock::now();
    control.report(Stage::Solving, 0.0);
    Eigen::MatrixXd G(M, M);
    scaledGram(L.W, N, S.data(), lds, G, control);
    const Eigen::VectorXd diagonal = G.diagonal();
    // r = Σ_i W[:, i] ∘ (Sᵀ g_i)
    Eigen::MatrixXd StG(M, D);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, static_cast<int>(M), static_cast<int>(D), static_cast<int>(N),
                1.0, S.data(), static_cast<int>(lds), targets.data(), static_cast<int>(targets.rows()), 0.0, StG.data(),
                static_cast<int>(M));
    const Eigen::VectorXd r = (L.W.array() * StG.array()).rowwise().sum();
    control.report(Stage::Solving, static_cast<double>(N) / (static_cast<double>(N) + static_cast<double>(M) / 3.0));

    const double trace = diagonal.sum();
    if (!(trace > 0.0) || !std::isfinite(trace))
        throw NumericalError("the derivative rows of the least-squares matrix are all zero or not finite");
    double delta = std::pow(std::max(p.rcond, kRelativeDampingFloor), 2) * trace;
    for (int attempt = 0;; ++attempt) {
        control.check();
        G.diagonal() = diagonal.array() + delta;
        if (choleskyLower(G, control)) break;
        if (attempt == 12) throw NumericalError("the normal equations stay indefinite under damping");
        scaledGram(L.W, N, S.data(), lds, G, control);  // Cholesky overwrote it: again (rare)
        delta *= 10.0;
    }
    S.resize(0, 0);
    Eigen::VectorXd c = r;
    lapack::potrs(static_cast<int>(M), 1, G.data(), static_cast<int>(M), c.data(), static_cast<int>(M));
    report.lambda = std::sqrt(delta);
    report.sigmaMax = 0.0;  // not computed: δ is relative to trace G = ‖A‖_F²
    report.solveSeconds += since(t0);
    requireFiniteSolution(c);
    control.report(Stage::Solving, 1.0);
    return OutputLayer{c, anchorOffset(p, c)};
}

} // namespace shnn

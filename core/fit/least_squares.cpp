#include "least_squares.h"

#include "../errors.h"
#include "../stopwatch.h"
#include "../sampling/activation.h"
#include "../progress.h"
#include "../parallel/thread_pool.h"
#include "derivative_rows.h"
#include "lapack.h"
#include "largest_singular_value.h"
#include "streamed_qr.h"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace shnn {

namespace {

// The reduced problem: the coordinate blocks [R11 diag(w_i) | (Qᵀg)_i], i = 0 … D−1, upper
// triangles (with their zeros): block 0 is the starting triangle (top), blocks 1 … D−1 are
// stacked under it by triangle-on-triangle QR, and then, when λ > 0, the Tikhonov rows
// [λI | 0]. All in one stream, so the damping starts while the last merge's narrow steps run.
class ReducedBlocks : public streamed_qr::BlockSource {
public:
    ReducedBlocks(const Eigen::MatrixXd& R, const Eigen::MatrixXd& W, double lambda)
        : R_(R), W_(W), damping_(static_cast<int>(W.rows()), lambda) {}
    int blocks() const override { return static_cast<int>(W_.cols()) - 1 + (damped() ? 1 : 0); }
    int rows(int) const override { return static_cast<int>(W_.rows()); }
    int trapezoid(int) const override { return static_cast<int>(W_.rows()); }
    void fill(int block, int col0, int col1, double* B, int ldb) const override {
        if (block + 1 == static_cast<int>(W_.cols())) return damping_.fill(0, col0, col1, B, ldb);
        coordinate(block + 1, col0, col1, B, ldb);
    }
    void top(int /*n*/, int col0, int col1, double* T, int ldt) const override {
        const Eigen::Index M = W_.rows();
        coordinate(0, col0, col1, T, ldt);
        for (Eigen::Index j = 0; j < col1 - col0; ++j) T[j * ldt + M] = 0.0;  // T's last row
    }

private:
    bool damped() const { return damping_.lambda() > 0.0; }
    void coordinate(Eigen::Index i, int col0, int col1, double* B, int ldb) const {
        const Eigen::Index M = W_.rows();
        for (Eigen::Index j = col0; j < col1; ++j) {
            Eigen::Map<Eigen::VectorXd> column(B + (j - col0) * ldb, M);
            if (j == M) {
                column = R_.block(0, M + i, M, 1);
                continue;
            }
            column.head(j + 1) = R_.col(j).head(j + 1) * W_(j, i);
            column.tail(M - j - 1).setZero();
        }
    }

    const Eigen::MatrixXd& R_;
    const Eigen::MatrixXd& W_;
    const streamed_qr::DiagonalBlock damping_;
};


// rcond auto (see the header): GCV over a grid of λ on the SVD of the reduced triangle.
Eigen::VectorXd gcvSolve(const Eigen::Ref<const Eigen::MatrixXd>& T, Eigen::Index M, double r0sq, double rows, SolveReport& report) {
    Eigen::MatrixXd A = T.topLeftCorner(M, M).triangularView<Eigen::Upper>();
    Eigen::VectorXd sigma(M);
    Eigen::MatrixXd U(M, M), VT(M, M);
    lapack::gesdd(static_cast<int>(M), A.data(), static_cast<int>(M), sigma.data(), U.data(), VT.data());
    const Eigen::VectorXd beta = U.transpose() * T.block(0, M, M, 1);
    const Eigen::ArrayXd s2 = sigma.array().square(), b2 = beta.array().square();
    double bestK = -16, best = std::numeric_limits<double>::infinity();
    report.gcvCurve.clear();
    for (double k = -16; k <= -1 + 1e-9; k += 0.125) {
        const double lam2 = std::pow(report.sigmaMax * std::pow(10.0, k), 2);
        const Eigen::ArrayXd f = s2 / (s2 + lam2);  // filter factors
        const double residual = ((1.0 - f).square() * b2).sum() + r0sq;
        const double dof = f.sum();
        const double gcv = rows * residual / std::pow(std::max(rows - dof, 1.0), 2);
        report.gcvCurve.emplace_back(std::pow(10.0, k), gcv);
        if (gcv < best) {
            best = gcv;
            bestK = k;
        }
    }
    report.rcondChosen = std::pow(10.0, bestK);
    report.lambda = report.sigmaMax * report.rcondChosen;
    const double lam2 = report.lambda * report.lambda;
    const Eigen::ArrayXd g = sigma.array() / (s2 + lam2) * beta.array();
    return VT.transpose() * g.matrix();
}

// Rows per block of the structured solve's stream (N states, width M, D coordinates):
// qrChunkRows's height, which may reach the merge's buffer (mergeBufferDoubles) where memory
// alone bounds it. The solve and its peak estimate (solverPeakBytes) both ask here, so they agree.
Eigen::Index structuredChunkRows(Eigen::Index N, Eigen::Index M, Eigen::Index D) {
    const Eigen::Index K = std::max<Eigen::Index>(M + D, 1);
    return qrChunkRows(K, N, static_cast<Eigen::Index>(mergeBufferDoubles(M) / static_cast<std::size_t>(K)));
}

OutputLayer solveStructured(const LeastSquaresProblem& p, Solver solver, const RunControl& control,
                            SolveReport& report) {
    const HiddenLayer& L = *p.layer;
    const Eigen::MatrixXd& X = *p.X;
    const Eigen::MatrixXd& G = *p.gradTargets;
    const Eigen::Index N = X.rows(), M = L.width(), D = X.cols(), K = M + D, M1 = M + 1;

    // Flop shares of the phases, for an honest progress fraction: the stream, then D − 1
    // merges of triangles and the damping (also a triangle's worth).
    const bool damped = !p.autoRcond && solver == Solver::Qr;
    const double streamFlops = 2.0 * N * K * K;
    const double mergeFlops = (2.0 / 3.0) * M * M * M * static_cast<double>(D - 1 + (damped ? 1 : 0));
    const double totalFlops = streamFlops + mergeFlops;

    control.report(Stage::Assembling, 0.0);
    const auto start = Clock::now();
    streamed_qr::Workspace ws;
    streamed_qr::Options options;
    options.control = &control;
    // 1. Stream the rows of [S | G] through a Householder QR: R is K×K upper triangular. The
    //    assembly runs inside the stream, on whichever thread has nothing else to do, and so
    //    does R's own setting to zero (StateBlocks::top).
    Eigen::MatrixXd R(streamed_qr::paddedRows(static_cast<int>(K)), K);  // rows below K: padding
    const DerivativeRows rows(L, X, G, structuredChunkRows(N, M, D));
    options.maxRows = rows.maxRows();
    // The buffer for the stream and then the merge, at once: where the merge's is the larger
    // (E2: 2.0 M doubles against the blocks' 1.43 M), growing it between the two would unmap the
    // stream's pages and fault in fresh ones. E2, 6 alternating fits: the merge's filling
    // 0.0080–0.0104 → 0.0052–0.0066 thread-seconds.
    const std::size_t mergeDoubles = mergeBufferDoubles(M);
    const std::size_t blockDoubles =
        static_cast<std::size_t>(streamed_qr::paddedRows(options.maxRows)) * static_cast<std::size_t>(K);
    ws.reserve(std::max(mergeDoubles, blockDoubles));
    options.progress = [&](double f) { control.report(Stage::Solving, f * streamFlops / totalFlops); };
    const streamed_qr::Stats stats =
        streamed_qr::stream(static_cast<int>(K), R.data(), static_cast<int>(R.rows()), rows, options, ws);
    // The assembly's share of the wall time: its thread time spread over the threads.
    report.assembleSeconds += stats.fillThreadSeconds / parallel::threadCount();
    report.solveSeconds += std::max(0.0, since(start) - stats.fillThreadSeconds / parallel::threadCount());

    // 2. σ_max of the derivative rows, which is that of the D stacked blocks [R11 diag(w_i)]
    //    (the rows' Q drops out), and with it the damping λ = rcond·σ_max, known before the
    //    blocks are merged so that the damping runs in the same stream as the merge.
    auto t0 = Clock::now();
    report.sigmaMax = sigmaMaxStacked(R.topLeftCorner(M, M), L.W, control);
    if (!(report.sigmaMax > 0.0) || !std::isfinite(report.sigmaMax))
        throw NumericalError("the derivative rows of the least-squares matrix are all zero or not finite");
    if (damped) report.lambda = p.rcond * report.sigmaMax;

    // 3. Stack the D blocks [R11 diag(w_i) | (Qᵀg)_i] (and then the damping rows) by
    //    triangle-on-triangle QR into T, the blocks in the stream's buffer (reserved above for
    //    both). T itself (written by ReducedBlocks::top inside the stream) goes in the buffer
    //    behind the merge's blocks, not in memory of its own beside it.
    Eigen::Map<Eigen::MatrixXd> T(ws.buffer.get() + mergeDoubles - static_cast<std::size_t>(M1) * M1, M1, M1);
    const ReducedBlocks reduced(R, L.W, damped ? report.lambda : 0.0);
    options.maxRows = static_cast<int>(M);
    options.progress = [&](double f) { control.report(Stage::Solving, (streamFlops + f * mergeFlops) / totalFlops); };
    streamed_qr::stream(static_cast<int>(M1), T.data(), static_cast<int>(M1), reduced, options, ws);
    // The residual no coefficients can remove: each target's part outside the columns of S.
    double r0sq = 0.0;
    for (Eigen::Index i = 0; i < D; ++i) r0sq += R.block(M, M + i, i + 1, 1).squaredNorm();
    R.resize(0, 0);

    // 4. The reduced M×M problem T11 c = y with the cut-off.
    Eigen::VectorXd c = T.block(0, M, M, 1);
    if (p.autoRcond) {
        r0sq += T(M, M) * T(M, M);  // the stacked blocks' own remainder
        c = gcvSolve(T, M, r0sq, static_cast<double>(N * D), report);
    } else if (solver == Solver::Qr || solver == Solver::QrNoCut) {  // qr: T is damped
        lapack::trtrs(static_cast<int>(M), 1, T.data(), static_cast<int>(M1), c.data(), static_cast<int>(M));
    } else {  // QrSvd
        Eigen::MatrixXd A = T.topLeftCorner(M, M).triangularView<Eigen::Upper>();
        report.rank = lapack::gelsd(static_cast<int>(M), static_cast<int>(M), 1, A.data(), static_cast<int>(M),
                                    c.data(), static_cast<int>(M), p.rcond);
    }
    report.solveSeconds += since(t0);
    requireFiniteSolution(c);
    control.report(Stage::Solving, 1.0);
    return OutputLayer{c, anchorOffset(p, c)};
}

OutputLayer solveDenseSvd(const LeastSquaresProblem& p, const RunControl& control, SolveReport& report) {
    const HiddenLayer& L = *p.layer;
    const Eigen::MatrixXd& X = *p.X;
    const Eigen::MatrixXd& G = *p.gradTargets;
    const Eigen::Index N = X.rows(), M = L.width(), D = X.cols();
    const Eigen::Index rows = N * D + 1, cols = M + 1;
    // LAPACK here indexes with 32-bit integers.
    if (static_cast<double>(rows) * static_cast<double>(cols) > 2.1e9)
        throw SettingsError("solver", "the dense SVD solver cannot index a matrix this large; use --solver qr");

    control.report(Stage::Assembling, 0.0);
    auto t0 = Clock::now();
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(rows, cols);
    Eigen::VectorXd rhs(std::max(rows, cols));
    rhs.setZero();
    const Eigen::Index chunk = 1024;
    Eigen::MatrixXd S(chunk, M);
    const DerivativeRows sech2Rows(L, X, G, chunk);
    for (Eigen::Index r0 = 0; r0 < N; r0 += chunk) {
        const Eigen::Index n = std::min(chunk, N - r0);
        sech2Rows.fillFeatures(static_cast<int>(r0 / chunk), S.data(), static_cast<int>(chunk));
        for (Eigen::Index i = 0; i < D; ++i)
            A.block(i * N + r0, 0, n, M) = S.topRows(n) * L.W.col(i).asDiagonal();
        control.report(Stage::Assembling, static_cast<double>(r0 + n) / N);
    }
    for (Eigen::Index i = 0; i < D; ++i) rhs.segment(i * N, N) = G.col(i);
    Eigen::ArrayXd z = (L.W * p.anchor + L.b).array(), e(M), t(M);
    tanhOf(z, e, t);
    A.block(rows - 1, 0, 1, M) = t.matrix().transpose();
    A(rows - 1, M) = 1.0;
    rhs(rows - 1) = p.anchorH;
    report.assembleSeconds += since(t0);

    control.report(Stage::Solving, 0.0);
    t0 = Clock::now();
    report.rank = lapack::gelsd(static_cast<int>(rows), static_cast<int>(cols), 1, A.data(), static_cast<int>(rows),
                                rhs.data(), static_cast<int>(rhs.size()), p.rcond, &report.sigmaMax);
    report.solveSeconds += since(t0);
    Eigen::VectorXd c = rhs.head(M);
    requireFiniteSolution(c);
    control.report(Stage::Solving, 1.0);
    return OutputLayer{c, rhs(M)};
}

} // namespace

double anchorOffset(const LeastSquaresProblem& p, const Eigen::VectorXd& c) {
    const HiddenLayer& L = *p.layer;
    Eigen::ArrayXd z = (L.W * p.anchor + L.b).array();
    Eigen::ArrayXd e(z.size()), t(z.size());
    tanhOf(z, e, t);
    return p.anchorH - (t * c.array()).sum();
}

void requireFiniteSolution(const Eigen::VectorXd& c) {
    if (!c.allFinite())
        throw NumericalError("the least-squares solution is not finite: the problem is too ill-conditioned "
                             "for the solver and rcond chosen");
}

std::string solverName(Solver s) {
    switch (s) {
    case Solver::Qr: return "qr";
    case Solver::QrSvd: return "qr-svd";
    case Solver::QrNoCut: return "qr-nocut";
    case Solver::Svd: return "svd";
    }
    return "?";
}

std::vector<Solver> allSolvers() { return {Solver::Qr, Solver::QrSvd, Solver::QrNoCut, Solver::Svd}; }

Solver parseSolver(const std::string& name) {
    for (Solver s : allSolvers())
        if (solverName(s) == name) return s;
    throw SettingsError("solver", "unknown solver '" + name + "' (known: qr, qr-svd, qr-nocut, svd)");
}

std::size_t mergeBufferDoubles(Eigen::Index width) {
    const std::size_t M = static_cast<std::size_t>(std::max<Eigen::Index>(width, 0)), M1 = M + 1;
    return static_cast<std::size_t>(streamed_qr::paddedRows(static_cast<int>(M))) * M1 + M1 * M1;
}

Eigen::Index qrChunkRows(Eigen::Index columns, Eigen::Index states, Eigen::Index freeRows) {
    // The memory bound: about 40 MB of rows per block, or as tall as freeRows where those cost
    // nothing more: E9 (5004 columns) streams three blocks of 6672 rows instead of 21 of 992,
    // the first a plain QR (streamed_qr.h) and the updates' products 6.7× taller. E9 SWIM, 3
    // interleaved fits on the Intel Xeon: the stream 11.5, 10.1, 11.2 → 8.5, 9.0, 10.1 s; the fit
    // 15.8, 14.3, 16.1 → 12.9, 13.1, 14.9 s; peak resident 608 MB either way.
    const Eigen::Index k = std::max<Eigen::Index>(columns, 1);
    const Eigen::Index cap =
        static_cast<Eigen::Index>(std::max(std::clamp(5e6 / static_cast<double>(k), 256.0, 4096.0),
                                           static_cast<double>(freeRows))) / 8 * 8;
    // Under it, blocks of about 1.5 k rows (at least 1024), not as tall as memory allows: the
    // last block's last panels, which leave the other threads idle, and each panel's passes
    // over its rows are shorter, at a few more applications of T (ib²·n flops per update).
    // Intel Xeon (family 6 model 207), 2 threads, U-SWIM fits, medians of the ratios of
    // 10–20 ABBA-ordered pairs against the old 4096-row bound: E2 (1002 columns, 3336 → 1432
    // rows) 0.962; E1 (502, 3336 → 752 or 1432) 0.92 and 0.94; E7 (1004, 4000 → 1432) 0.93;
    // E6 (1502, 2864 → 2224) 0.96 but 1.04 with 1504; width 200 (3336 → 1024) 0.87. E2 with
    // 2000-row blocks 0.99, with 1112 0.97. This rule against the old one, whole fits: E2 0.94
    // (20 pairs), E7 0.94, E1 0.95, the S-MLP's solve on E2's states 0.93 (4096 → 1432 rows).
    const Eigen::Index target = std::min(cap, std::max<Eigen::Index>(3 * k / 2, 1024));
    const Eigen::Index n = std::max<Eigen::Index>(states, 1);
    Eigen::Index blocks = (n + target - 1) / target;
    // Every block at least k rows where memory allows, so that the first one is a plain QR
    // ((2/3)·k³ flops fewer): 2000 states of 1002 columns stay one block, not two of 1000.
    if (cap >= k) blocks = std::min(blocks, std::max<Eigen::Index>(n / k, 1));
    return std::min(cap, ((n + blocks - 1) / blocks + 7) / 8 * 8);
}

double solverPeakBytes(Solver solver, double n, double d, double m) {
    const double k = m + d;
    if (solver == Solver::Svd) {
        const double rows = n * d + 1, cols = m + 1;
        return 8.0 * (rows * cols + rows + 3.0 * cols * cols + 1024.0 * m);
    }
    // R (k×k) with the stream's row buffer, then R with the buffer holding one coordinate
    // block and T; beside them σ_max's Lanczos basis and each thread's work space for the
    // updates (the stream's blocks are the taller: the merge's have m rows).
    const double merge = static_cast<double>(mergeBufferDoubles(static_cast<Eigen::Index>(m)));
    const Eigen::Index chunk =
        structuredChunkRows(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(d));
    const double buffer = static_cast<double>(chunk) * k;
    const int tallest = static_cast<int>(std::max(static_cast<double>(chunk), m));
    const double work = parallel::threadCount() *
                        static_cast<double>(streamed_qr::workDoublesPerThread(static_cast<int>(k), tallest));
    double bytes = 8.0 * (streamed_qr::paddedRows(static_cast<int>(k)) * k + std::max(buffer, merge) +
                          kLanczosMaxSteps * m + work);
    if (solver == Solver::QrSvd) bytes += 8.0 * 3.0 * m * m;
    return bytes;
}

OutputLayer solveOutputLayer(const LeastSquaresProblem& problem, Solver solver, const RunControl& control,
                             SolveReport& report) {
    parallel::threadCount();  // the pool owns the threads: OpenBLAS runs single-threaded from here
    if (solver == Solver::Svd) return solveDenseSvd(problem, control, report);
    return solveStructured(problem, solver, control, report);
}

} // namespace shnn

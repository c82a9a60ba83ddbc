// The solvers of the last layer: they agree with the dense SVD reference, recover a network
// that represents the data exactly, survive duplicate neurons (identical columns), and the
// anchor fixes the constant.
#include "common/compare.h"
#include "core/errors.h"
#include "core/fit/blas_kernels.h"
#include "core/fit/largest_singular_value.h"
#include "core/fit/normal_equations.h"
#include "core/fit/reflector_product.h"
#include "core/fit/least_squares.h"
#include "core/model/hnn_model.h"
#include "core/parallel/thread_pool.h"
#include "core/progress.h"
#include "core/sampling/samplers.h"

#include <Eigen/SVD>
#include <limits>
#include <random>

using namespace shnn;

namespace {

struct Problem {
    HiddenLayer layer;
    Eigen::MatrixXd X, G;
    HnnModel truth;
};

// The problem's rows with the anchor at the origin.
LeastSquaresProblem problemOf(const Problem& p, double anchorH, double rcond = 1e-13) {
    LeastSquaresProblem lp;
    lp.layer = &p.layer;
    lp.X = &p.X;
    lp.gradTargets = &p.G;
    lp.anchor = Eigen::VectorXd::Zero(p.X.cols());
    lp.anchorH = anchorH;
    lp.rcond = rcond;
    return lp;
}

// Targets that a network of this very hidden layer represents exactly.
Problem representable(int n, int width, int D, unsigned seed, int duplicates = 0) {
    std::mt19937_64 rng(seed);
    Problem p;
    p.X = Eigen::MatrixXd::Random(n, D) * 2.0;
    std::normal_distribution<double> normal;
    p.layer.W.resize(width, D);
    p.layer.b.resize(width);
    for (int j = 0; j < width; ++j) {
        for (int i = 0; i < D; ++i) p.layer.W(j, i) = normal(rng);
        p.layer.b(j) = normal(rng);
    }
    for (int k = 0; k < duplicates; ++k) {  // identical columns, as un-deduplicated SWIM would give
        p.layer.W.row(width - 1 - k) = p.layer.W.row(k);
        p.layer.b(width - 1 - k) = p.layer.b(k);
    }
    p.truth.W = p.layer.W;
    p.truth.b = p.layer.b;
    p.truth.c = Eigen::VectorXd::Random(width);
    p.truth.c0 = 0.25;
    p.truth.evaluate(p.X, nullptr, &p.G);
    return p;
}

OutputLayer solve(const Problem& p, Solver s, double rcond = 1e-13) {
    const Eigen::VectorXd origin = Eigen::VectorXd::Zero(p.X.cols());
    SolveReport report;
    return solveOutputLayer(problemOf(p, p.truth.H(origin.data()), rcond), s, RunControl(), report);
}

double relError(const Problem& p, const OutputLayer& out) {
    HnnModel m = p.truth;
    m.c = out.c;
    m.c0 = out.c0;
    Eigen::VectorXd H, Ht;
    m.evaluate(p.X, &H, nullptr);
    p.truth.evaluate(p.X, &Ht, nullptr);
    return (H - Ht).norm() / Ht.norm();
}


// The derivative rows of the least-squares matrix, built here independently of the engine:
// row (i, k) holds sech²(w_j·x_k + b_j)·W_ji (long double cosh), right-hand side G(k, i).
struct Dense {
    Eigen::MatrixXd A;
    Eigen::VectorXd g;
};
Dense denseRows(const Problem& p) {
    const Eigen::Index N = p.X.rows(), D = p.X.cols(), M = p.layer.width();
    Dense d{Eigen::MatrixXd(N * D, M), Eigen::VectorXd(N * D)};
    for (Eigen::Index i = 0; i < D; ++i)
        for (Eigen::Index k = 0; k < N; ++k) {
            for (Eigen::Index j = 0; j < M; ++j) {
                long double z = p.layer.b(j);
                for (Eigen::Index l = 0; l < D; ++l) z += static_cast<long double>(p.layer.W(j, l)) * p.X(k, l);
                const long double ch = std::cosh(z);
                d.A(i * N + k, j) = static_cast<double>(p.layer.W(j, i) / (ch * ch));
            }
            d.g(i * N + k) = p.G(k, i);
        }
    return d;
}

// Noisy targets: the representable gradient plus Gaussian noise, so the least-squares
// residual is far from zero and the cut-off matters.
Problem noisy(int n, int width, unsigned seed, double sigma) {
    Problem p = representable(n, width, 2, seed);
    std::mt19937_64 rng(seed + 100);
    std::normal_distribution<double> noise(0.0, sigma);
    for (Eigen::Index k = 0; k < p.G.size(); ++k) p.G.data()[k] += noise(rng);
    return p;
}

OutputLayer solveReport(const Problem& p, Solver s, double rcond, SolveReport& report) {
    return solveOutputLayer(problemOf(p, 0.7, rcond), s, RunControl(), report);
}

double relDiff(const Eigen::VectorXd& a, const Eigen::VectorXd& b) { return (a - b).norm() / b.norm(); }

} // namespace

class TestLeastSquares : public QObject {
    Q_OBJECT
private slots:
    void solversRecoverARepresentableNetwork_data();
    void solversRecoverARepresentableNetwork();
    void structuredQrMatchesDenseSvd();
    void duplicateNeuronsDoNotBreakTheSolve();
    void anchorIsMetExactly();
    void moreNeuronsThanStates();
    void cancelStopsTheSolve();
    void solverNamesRoundTrip();
    void noisyProblemAgainstDenseSvd();
    void cutOffsFollowTheirFormulas();
    void gcvChoosesTheDampingOfTheDenseCurve();
    void sigmaMaxOfStackedBlocks();
    void sigmaMaxOfAClusteredSpectrum();
    void normalEquationsFollowTheirFormula();
    void blasKernelsOverrideOnlyAFailedChoice();
    void streamBlockHeightsAndPeakMemory();
};

void TestLeastSquares::solversRecoverARepresentableNetwork_data() {
    QTest::addColumn<int>("solver");
    QTest::addColumn<int>("D");
    for (Solver s : allSolvers())
        for (int D : {2, 4})
            QTest::newRow(qPrintable(QString("%1 D=%2").arg(QString::fromStdString(solverName(s))).arg(D)))
                << static_cast<int>(s) << D;
}

void TestLeastSquares::solversRecoverARepresentableNetwork() {
    QFETCH(int, solver);
    QFETCH(int, D);
    const Problem p = representable(800, 60, D, 11);
    const double err = relError(p, solve(p, static_cast<Solver>(solver)));
    QVERIFY2(err < 1e-9, qPrintable(QString::number(err)));
}

void TestLeastSquares::structuredQrMatchesDenseSvd() {
    // An ill-conditioned problem (wide network, few states): the damped structured solve and
    // the dense SVD cut-off solve must give fits of the same quality.
    const Problem p = representable(400, 300, 2, 5);
    const double svd = relError(p, solve(p, Solver::Svd));
    const double qr = relError(p, solve(p, Solver::Qr));
    const double qrsvd = relError(p, solve(p, Solver::QrSvd));
    QVERIFY2(svd < 1e-6 && qr < 1e-6 && qrsvd < 1e-6,
             qPrintable(QString("svd %1 qr %2 qr-svd %3").arg(svd).arg(qr).arg(qrsvd)));
    QVERIFY2(qr < 10 * svd + 1e-10, qPrintable(QString("qr %1 svd %2").arg(qr).arg(svd)));
}

void TestLeastSquares::duplicateNeuronsDoNotBreakTheSolve() {
    const Problem p = representable(600, 80, 2, 9, /*duplicates*/ 10);
    for (Solver s : {Solver::Qr, Solver::QrSvd, Solver::Svd}) {
        const OutputLayer out = solve(p, s);
        QVERIFY(out.c.allFinite());
        const double err = relError(p, out);
        QVERIFY2(err < 1e-8, qPrintable(QString("%1: %2").arg(QString::fromStdString(solverName(s))).arg(err)));
        QVERIFY2(out.c.cwiseAbs().maxCoeff() < 1e6, "coefficients blew up");
    }
}

void TestLeastSquares::anchorIsMetExactly() {
    const Problem p = representable(300, 40, 2, 3);
    for (Solver s : allSolvers()) {
        const OutputLayer out = solve(p, s);
        HnnModel m = p.truth;
        m.c = out.c;
        m.c0 = out.c0;
        const double x0[2] = {0, 0};
        SHNN_COMPARE_TOL(m.H(x0), p.truth.H(x0), 0, 1e-9);
    }
}

void TestLeastSquares::moreNeuronsThanStates() {
    // 100 derivative equations, 200 unknowns: underdetermined, so every solver must meet the
    // gradient data (almost) exactly; H itself is not determined between the states.
    const Problem p = representable(50, 200, 2, 4);
    for (Solver s : {Solver::Qr, Solver::QrSvd, Solver::Svd}) {
        const OutputLayer out = solve(p, s, 1e-10);
        QVERIFY(out.c.allFinite());
        HnnModel m = p.truth;
        m.c = out.c;
        m.c0 = out.c0;
        Eigen::MatrixXd G;
        m.evaluate(p.X, nullptr, &G);
        const double residual = (G - p.G).norm() / p.G.norm();
        QVERIFY2(residual < 1e-6, qPrintable(QString("%1: %2").arg(QString::fromStdString(solverName(s))).arg(residual)));
    }
}

void TestLeastSquares::cancelStopsTheSolve() {
    const Problem p = representable(2000, 400, 2, 2);
    std::atomic<bool> cancel{true};
    SolveReport report;
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             solveOutputLayer(problemOf(p, 0.0), Solver::Qr, RunControl(nullptr, &cancel), report));
}

// σ_max of [R diag(w_0); …; R diag(w_3)] by Lanczos on the Gram matrix against the SVD of
// the explicit stacked matrix, and against sigmaMaxUpper of one block (D = 1).
void TestLeastSquares::sigmaMaxOfStackedBlocks() {
    const int n = 120, D = 4;
    std::mt19937_64 rng(41);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n), W(n, D);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i <= j; ++i) R(i, j) = normal(rng) / (1.0 + 0.05 * (j - i));
    for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] = normal(rng);
    Eigen::MatrixXd stacked(n * D, n);
    for (int i = 0; i < D; ++i) stacked.middleRows(i * n, n) = R * W.col(i).asDiagonal();
    const double exact = Eigen::JacobiSVD<Eigen::MatrixXd>(stacked).singularValues()(0);
    const RunControl control;
    const LanczosEstimate est = largestSingularValue(R, W, control);
    qInfo("sigma_max stacked %.17g, SVD %.17g, %d steps, residual %.2e", est.sigma, exact, est.steps, est.residual);
    SHNN_COMPARE_REL(est.sigma, exact, 5e-10);
    QVERIFY(est.sigma <= exact * (1 + 1e-12));  // a Ritz value never exceeds σ_max
    QVERIFY(est.residual <= 1e-5);
    QCOMPARE(sigmaMaxStacked(R, W, control), est.sigma);
    SHNN_COMPARE_REL(sigmaMaxStacked(R, Eigen::MatrixXd::Ones(n, 1), control), sigmaMaxUpper(R, control), 1e-15);
    SHNN_COMPARE_REL(sigmaMaxUpper(R, control), Eigen::JacobiSVD<Eigen::MatrixXd>(R).singularValues()(0), 5e-10);
}

// A triangle with known singular values σ_k = 0.997^k (R of the QR of U diag(σ) Vᵀ, U and V
// random orthogonal): σ₂/σ₁ close to 1, as on E2, where power iteration creeps. The power
// iteration this replaced stopped when two estimates were 1e-3 apart and returned 0.9857 here
// after 16 steps (E2 U-SWIM: 3.6 % low); Lanczos reaches 1 − 2e-10 in 51.
void TestLeastSquares::sigmaMaxOfAClusteredSpectrum() {
    const int n = 400;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    const auto randomOrthogonal = [&] {
        Eigen::MatrixXd G(n, n);
        for (Eigen::Index k = 0; k < G.size(); ++k) G.data()[k] = normal(rng);
        return Eigen::MatrixXd(Eigen::HouseholderQR<Eigen::MatrixXd>(G).householderQ());
    };
    Eigen::VectorXd sigma(n);
    for (int k = 0; k < n; ++k) sigma(k) = std::pow(0.997, k);
    const Eigen::MatrixXd A = randomOrthogonal() * sigma.asDiagonal() * randomOrthogonal().transpose();
    const Eigen::MatrixXd R = Eigen::HouseholderQR<Eigen::MatrixXd>(A).matrixQR().triangularView<Eigen::Upper>();
    const LanczosEstimate est = largestSingularValue(R, Eigen::MatrixXd::Ones(n, 1), RunControl());
    qInfo("sigma_max %.17g (exact 1), %d steps, residual %.2e", est.sigma, est.steps, est.residual);
    SHNN_COMPARE_REL(est.sigma, 1.0, 2e-9);
    QVERIFY(est.residual <= 1e-5);
}

// A-SWIM's first-pass solve (normal_equations.h) against the damped normal equations built
// here from the independent dense rows: (AᵀA + δI) c = Aᵀg, δ = max(rcond, 1e-8)²·‖A‖_F², by
// Eigen's Cholesky. Width 450 spans three of the solver's tiles (192, 192, 66).
void TestLeastSquares::normalEquationsFollowTheirFormula() {
    const Problem p = noisy(900, 450, 29, 0.01);
    const Dense d = denseRows(p);
    LeastSquaresProblem lp = problemOf(p, 0.7);
    const Eigen::MatrixXd AtA = d.A.transpose() * d.A;
    const auto reference = [&](double rcond) {
        const double delta = std::pow(std::max(rcond, 1e-8), 2) * AtA.trace();
        const Eigen::MatrixXd damped = AtA + delta * Eigen::MatrixXd::Identity(450, 450);
        return std::make_pair(Eigen::VectorXd(damped.llt().solve(d.A.transpose() * d.g)), std::sqrt(delta));
    };
    for (double rcond : {1e-3, 1e-6}) {
        lp.rcond = rcond;
        SolveReport report;
        const OutputLayer out = solveNormalEquations(lp, RunControl(), report);
        const auto [c, lambda] = reference(rcond);
        qInfo("rcond %.0e: c against the dense normal equations %.2e", rcond, relDiff(out.c, c));
        SHNN_COMPARE_REL(report.lambda, lambda, 1e-12);
        QVERIFY2(relDiff(out.c, c) < (rcond == 1e-3 ? 2e-10 : 1e-4), qPrintable(QString::number(relDiff(out.c, c))));
        double phi0 = 0.0;  // the anchor row at x0 = 0: Σ c_j tanh(b_j) + c_0 = 0.7
        for (int j = 0; j < 450; ++j) phi0 += out.c(j) * std::tanh(p.layer.b(j));
        SHNN_COMPARE_REL(out.c0, 0.7 - phi0, 1e-12);
    }
    // At the floor (rcond 1e-13 asks for less) the coefficients are ill-determined, the
    // residual is not: it is the dense normal equations', a little above the QR's, which
    // damps at 1e-13·σ_max and fits more of the noise.
    lp.rcond = 1e-13;
    SolveReport report, qrReport;
    const OutputLayer ne = solveNormalEquations(lp, RunControl(), report);
    const OutputLayer qr = solveOutputLayer(lp, Solver::Qr, RunControl(), qrReport);
    const double resNe = (d.A * ne.c - d.g).norm(), resQr = (d.A * qr.c - d.g).norm();
    const double resRef = (d.A * reference(1e-13).first - d.g).norm();
    qInfo("residual: normal equations %.10e, dense normal equations %.10e, QR %.10e", resNe, resRef, resQr);
    SHNN_COMPARE_REL(resNe, resRef, 1e-4);
    QVERIFY(resQr < resNe && resNe < 1.05 * resQr);
    SHNN_COMPARE_REL(report.lambda, 1e-8 * std::sqrt(AtA.trace()), 1e-12);
}

void TestLeastSquares::blasKernelsOverrideOnlyAFailedChoice() {
    using blas::CpuVectorFeatures;
    const CpuVectorFeatures avx512{true, true, false}, intelAvx2{true, false, false}, amdAvx2{true, false, true},
        sse{false, false, false};
    // OpenBLAS 0.3.21's fallback on a CPU it does not know: the best kernels for the features.
    QCOMPARE(blas::overrideFor("Prescott", avx512, false), std::string("SkylakeX"));
    QCOMPARE(blas::overrideFor("Prescott", intelAvx2, false), std::string("Haswell"));
    QCOMPARE(blas::overrideFor("Prescott", amdAvx2, false), std::string("Zen"));
    QCOMPARE(blas::overrideFor("Sandybridge", intelAvx2, false), std::string("Haswell"));
    // A choice with AVX2 stays, whatever its spelling; so does the user's; so does a CPU
    // without AVX2; and a BLAS that is not OpenBLAS.
    for (const char* kept : {"Haswell", "zen", "SKYLAKEX", "Cooperlake", "SapphireRapids"})
        QCOMPARE(blas::overrideFor(kept, avx512, false), std::string());
    QCOMPARE(blas::overrideFor("Prescott", avx512, true), std::string());
    QCOMPARE(blas::overrideFor("Prescott", sse, false), std::string());
    QCOMPARE(blas::overrideFor("", avx512, false), std::string());
    QVERIFY(!blas::coreUsesAvx2("Prescott") && !blas::coreUsesAvx2("Nehalem") && !blas::coreUsesAvx2(""));
    // This program started through blas_kernels_for_tests.cpp: on a CPU with AVX2 and FMA,
    // OpenBLAS now runs AVX2 kernels (unless the user chose others).
    const std::string now = blas::currentCore();
    QVERIFY(!now.empty());
    if (blas::cpuVectorFeatures().avx2Fma && blas::coreChosenBeforeRestart().empty() && !std::getenv("OPENBLAS_CORETYPE"))
        QVERIFY2(blas::coreUsesAvx2(now), now.c_str());
    if (!blas::coreChosenBeforeRestart().empty())
        QCOMPARE(now, blas::coreForFeatures(blas::cpuVectorFeatures()));
}

void TestLeastSquares::solverNamesRoundTrip() {
    for (Solver s : allSolvers()) QCOMPARE(parseSolver(solverName(s)), s);
    QVERIFY_THROWS_EXCEPTION(SettingsError, parseSolver("cholesky"));
}


void TestLeastSquares::noisyProblemAgainstDenseSvd() {
    // An overdetermined noisy problem (1200 equations, 40 unknowns): without a cut-off every
    // structured solver must give the least-squares solution a dense SVD built here gives.
    const Problem p = noisy(600, 40, 21, 0.05);
    const Dense d = denseRows(p);
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(d.A, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd cRef = svd.solve(d.g);
    const double cond = svd.singularValues()(0) / svd.singularValues().tail(1)(0);
    qInfo("dense problem %lld×%lld, condition number %.3e", static_cast<long long>(d.A.rows()),
          static_cast<long long>(d.A.cols()), cond);
    QVERIFY2(cond < 1e8, "the test problem should be well enough conditioned for a 1e-7 comparison");
    SolveReport report;
    const OutputLayer out = solveReport(p, Solver::QrNoCut, 1e-13, report);
    QVERIFY2(relDiff(out.c, cRef) < 1e-7, qPrintable(QString::number(relDiff(out.c, cRef))));
    // The residual is the least-squares one (noise left in it), and orthogonal to the columns.
    const Eigen::VectorXd r = d.A * out.c - d.g, rRef = d.A * cRef - d.g;
    SHNN_COMPARE_REL(r.norm(), rRef.norm(), 1e-10);
    QVERIFY2(r.norm() > 0.5 * 0.05 * std::sqrt(1200.0 - 40.0), "the noise must stay in the residual");
    const double normal = (d.A.transpose() * r).norm() / (svd.singularValues()(0) * r.norm());
    QVERIFY2(normal < 1e-10, qPrintable(QString("|Aᵀr| / (|A||r|) = %1").arg(normal)));
    // The anchor row alone fixes c0: Ĥ(0) = 0.7 exactly.
    HnnModel m = p.truth;
    m.c = out.c;
    m.c0 = out.c0;
    const double x0[2] = {0, 0};
    SHNN_COMPARE_TOL(m.H(x0), 0.7, 0, 1e-12);
    // The dense reference solver of the engine agrees too (tiny rcond: nothing is cut).
    SolveReport dense;
    const OutputLayer outSvd = solveReport(p, Solver::Svd, 1e-13, dense);
    QVERIFY2(relDiff(outSvd.c, cRef) < 1e-7, qPrintable(QString::number(relDiff(outSvd.c, cRef))));
    SHNN_COMPARE_TOL(outSvd.c0, out.c0, 1e-8, 1e-10);
}

void TestLeastSquares::cutOffsFollowTheirFormulas() {
    // With an rcond that cuts, qr-svd and svd give the truncated-SVD solution
    //     c = Σ_{σ_i > rcond·σ_1} (u_iᵀg / σ_i) v_i
    // and qr the Tikhonov solution at λ = rcond·σ_max:
    //     c = Σ_i σ_i / (σ_i² + λ²) (u_iᵀg) v_i.
    const Problem p = noisy(300, 40, 33, 0.05);
    const Dense d = denseRows(p);
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(d.A, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd sigma = svd.singularValues();
    const Eigen::VectorXd ug = svd.matrixU().transpose() * d.g;
    // An rcond in the widest gap of the spectrum's lower half, so "cut or kept" is unambiguous.
    int cut = 20;
    double bestGap = 0;
    for (int k = 15; k < 38; ++k)
        if (sigma(k) / sigma(k + 1) > bestGap) {
            bestGap = sigma(k) / sigma(k + 1);
            cut = k + 1;
        }
    const double rcond = std::sqrt(sigma(cut - 1) * sigma(cut)) / sigma(0);
    qInfo("cut-off keeps %d of 40 singular values (gap ×%.2f), rcond %.3e", cut, bestGap, rcond);
    Eigen::VectorXd truncated = Eigen::VectorXd::Zero(40);
    for (int k = 0; k < cut; ++k) truncated += (ug(k) / sigma(k)) * svd.matrixV().col(k);

    SolveReport svdReport;
    const OutputLayer outQrSvd = solveReport(p, Solver::QrSvd, rcond, svdReport);
    QCOMPARE(svdReport.rank, static_cast<long>(cut));
    QVERIFY2(relDiff(outQrSvd.c, truncated) < 1e-8, qPrintable(QString::number(relDiff(outQrSvd.c, truncated))));

    // The dense solver cuts the whole matrix, the anchor row and c0's column included.
    Eigen::MatrixXd full = Eigen::MatrixXd::Zero(d.A.rows() + 1, 41);
    full.topLeftCorner(d.A.rows(), 40) = d.A;
    for (int j = 0; j < 40; ++j) full(d.A.rows(), j) = std::tanh(p.layer.b(j));  // φ_j(x0 = 0)
    full(d.A.rows(), 40) = 1.0;
    Eigen::VectorXd gFull(d.A.rows() + 1);
    gFull << d.g, 0.7;
    const Eigen::BDCSVD<Eigen::MatrixXd> svdFull(full, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd sf = svdFull.singularValues(), ugf = svdFull.matrixU().transpose() * gFull;
    Eigen::VectorXd truncFull = Eigen::VectorXd::Zero(41);
    long rankFull = 0;
    for (int k = 0; k < 41; ++k)
        if (sf(k) > rcond * sf(0)) {
            truncFull += (ugf(k) / sf(k)) * svdFull.matrixV().col(k);
            ++rankFull;
        }
    SolveReport denseReport;
    const OutputLayer outSvd = solveReport(p, Solver::Svd, rcond, denseReport);
    QCOMPARE(denseReport.rank, rankFull);
    QVERIFY2(relDiff(outSvd.c, truncFull.head(40)) < 1e-8, qPrintable(QString::number(relDiff(outSvd.c, truncFull.head(40)))));
    SHNN_COMPARE_REL(outSvd.c0, truncFull(40), 1e-8);

    // Tikhonov damping, at a λ large enough to change the answer visibly.
    const double rcondTik = 1e-2;
    SolveReport report;
    const OutputLayer out = solveReport(p, Solver::Qr, rcondTik, report);
    qInfo("sigma_max %.17g, SVD %.17g", report.sigmaMax, sigma(0));
    SHNN_COMPARE_REL(report.sigmaMax, sigma(0), 1e-11);
    SHNN_COMPARE_REL(report.lambda, rcondTik * report.sigmaMax, 1e-15);
    Eigen::VectorXd tikhonov = Eigen::VectorXd::Zero(40);
    for (int k = 0; k < 40; ++k)
        tikhonov += (sigma(k) / (sigma(k) * sigma(k) + report.lambda * report.lambda) * ug(k)) * svd.matrixV().col(k);
    const Eigen::VectorXd plain = svd.solve(d.g);
    qInfo("Tikhonov at λ = %.3e: |c_λ − c_LS| / |c_LS| = %.3e; engine vs formula %.3e", report.lambda,
          relDiff(tikhonov, plain), relDiff(out.c, tikhonov));
    QVERIFY2(relDiff(tikhonov, plain) > 1e-2, "the damping should change this answer");
    QVERIFY2(relDiff(out.c, tikhonov) < 1e-8, qPrintable(QString::number(relDiff(out.c, tikhonov))));
}

void TestLeastSquares::gcvChoosesTheDampingOfTheDenseCurve() {
    // rcond auto against GCV computed here on the dense rows (a second method: the SVD of the
    // whole matrix, not of the engine's reduced triangle), on the same grid of λ.
    for (double sigma : {0.0, 0.02, 0.3}) {
        const Problem p = sigma > 0 ? noisy(500, 60, 31, sigma) : representable(500, 60, 2, 31);
        LeastSquaresProblem lp = problemOf(p, 0.7);
        lp.autoRcond = true;
        SolveReport report;
        const OutputLayer out = solveOutputLayer(lp, Solver::Qr, RunControl(), report);

        const Dense d = denseRows(p);
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(d.A, Eigen::ComputeThinU | Eigen::ComputeThinV);
        const Eigen::ArrayXd s2 = svd.singularValues().array().square();
        const Eigen::ArrayXd beta = (svd.matrixU().transpose() * d.g).array();
        const double outside = d.g.squaredNorm() - beta.square().sum();  // g's part outside the columns
        const double n = static_cast<double>(d.A.rows());
        double bestK = 0, best = std::numeric_limits<double>::infinity();
        for (double k = -16; k <= -1 + 1e-9; k += 0.125) {
            const double lam2 = std::pow(report.sigmaMax * std::pow(10.0, k), 2);
            const Eigen::ArrayXd f = s2 / (s2 + lam2);
            const double gcv = n * (((1 - f).square() * beta.square()).sum() + outside) / std::pow(n - f.sum(), 2);
            if (gcv < best) best = gcv, bestK = k;
        }
        const double lam2 = std::pow(report.sigmaMax * std::pow(10.0, bestK), 2);
        const Eigen::VectorXd cRef =
            svd.matrixV() * (svd.singularValues().array() / (s2 + lam2) * beta).matrix();
        qInfo("noise %.2f: GCV chose rcond %.3e (dense curve: %.3e); |c − c_dense|/|c| = %.2e", sigma,
              report.rcondChosen, std::pow(10.0, bestK), relDiff(out.c, cRef));
        SHNN_COMPARE_REL(report.rcondChosen, std::pow(10.0, bestK), 1e-12);
        SHNN_COMPARE_REL(report.lambda, report.sigmaMax * report.rcondChosen, 1e-12);
        QVERIFY2(relDiff(out.c, cRef) < 1e-9, qPrintable(QString::number(relDiff(out.c, cRef))));
        if (sigma == 0.3) {
            // Heavy noise: real damping, and a gradient field closer to the noiseless one than
            // the fixed rcond = 1e-13 gives (GCV predicts the gradient rows; H's poorly
            // determined directions are another matter).
            QVERIFY(report.rcondChosen > 1e-8);
            const auto gradErr = [&](const OutputLayer& o) {
                HnnModel m = p.truth;
                m.c = o.c;
                Eigen::MatrixXd G, Gt;
                m.evaluate(p.X, nullptr, &G);
                p.truth.evaluate(p.X, nullptr, &Gt);
                return (G - Gt).norm() / Gt.norm();
            };
            const double autoErr = gradErr(out), fixedErr = gradErr(solve(p, Solver::Qr, 1e-13));
            qInfo("noise 0.30: rel. error of ∇Ĥ against the noiseless field %.3e (auto) vs %.3e (1e-13)", autoErr, fixedErr);
            QVERIFY(autoErr < 0.85 * fixedErr);  // measured 0.78
        }
    }
}

QTEST_GUILESS_MAIN(TestLeastSquares)
// The stream's row blocks (qrChunkRows): about 1.5 columns tall, at least 1024 rows, the
// states split evenly, every block at least as tall as the columns where memory allows (the
// first block is then a plain QR, (2/3)·K³ flops fewer), and never taller than the memory
// bound: about 40 MB of rows, or the merge's buffer where that is larger (the merge holds the
// M×(M + 1) coordinate block and T, (M + 1)², behind it, in the same buffer afterwards).
// E9 (M = 5000, D = 4: 5004 columns, 20000 states): the bound 9992 rows (the 40 MB rule
// alone gives 992), blocks of 7506 wanted, three blocks of 6672. E2 (1002 columns, 10000
// states): seven of 1432 (10 000 / 7 = 1428.6, rounded up to a multiple of 8). The peak is
// then the merge's, R beside the larger buffer: 8·(K'K + M'(M+1) + (M+1)² + 64·M + the
// threads' work) bytes, where K' and M' are K and M rounded up to a multiple of 8
// (streamed_qr::paddedRows: R's and the buffer's columns start on cache lines) and 64·M
// σ_max's Lanczos basis. A width of 999 pads the merge's block to 1000 rows.
void TestLeastSquares::streamBlockHeightsAndPeakMemory() {
    QCOMPARE(mergeBufferDoubles(5000), std::size_t(5000) * 5001 + std::size_t(5001) * 5001);
    const auto mergeRows = [](Eigen::Index M, Eigen::Index K) {  // rows of K columns in the merge's buffer
        return static_cast<Eigen::Index>(mergeBufferDoubles(M) / static_cast<std::size_t>(K));
    };
    QCOMPARE(mergeRows(5000, 5004), Eigen::Index(9995));  // bound: 9992, a multiple of 8
    const Eigen::Index e9 = qrChunkRows(5004, 20000, mergeRows(5000, 5004));
    QCOMPARE(e9, Eigen::Index(6672));
    QVERIFY(static_cast<std::size_t>(e9) * 5004 <= mergeBufferDoubles(5000));
    // Without the merge's memory (the S-MLP's stream): the 40 MB bound, 992 rows, 21 blocks of 960.
    QCOMPARE(qrChunkRows(5004, 20000), Eigen::Index(960));
    QCOMPARE(qrChunkRows(1002, 10000, mergeRows(1000, 1002)), Eigen::Index(1432));  // E2
    QCOMPARE(qrChunkRows(1004, 20000, mergeRows(1000, 1004)), Eigen::Index(1432));  // E7: 14 blocks
    QCOMPARE(qrChunkRows(502, 10000, mergeRows(500, 502)), Eigen::Index(1000));     // E1: at least 1024 → 10 blocks
    QCOMPARE(qrChunkRows(1502, 20000, mergeRows(1500, 1502)), Eigen::Index(2224));  // E6: 9 blocks of 2253 wanted
    // 2000 states of 1002 columns: one block of 2000 (two of 1000 would not be plain QRs);
    // fewer states than a block: one block of them all.
    QCOMPARE(qrChunkRows(1002, 2000, mergeRows(1000, 1002)), Eigen::Index(2000));
    QCOMPARE(qrChunkRows(1002, 700, mergeRows(1000, 1002)), Eigen::Index(704));
    QCOMPARE(qrChunkRows(1002, 3000, mergeRows(1000, 1002)), Eigen::Index(1504));
    const double K = 5004, M = 5000;
    // Each thread's work space for the updates (block_reflector.h): W (96 × 288 for three
    // column blocks), and V packed (the block's rows × 96) where the AVX-512 product runs.
    const bool kernel = streamed_qr::reflectorProductAvailable();
    const auto work = [&](double rows) { return parallel::threadCount() * (96.0 * 288 + (kernel ? rows * 96 : 0.0)); };
    QCOMPARE(solverPeakBytes(Solver::Qr, 20000, 4, M),
             8.0 * (5008.0 * K + M * (M + 1) + (M + 1) * (M + 1) + 64 * M + work(6672)));
    // E2: the merge's buffer (1000 × 1001 and T, 1001²) is the larger (blocks 1432 × 1002).
    QCOMPARE(solverPeakBytes(Solver::Qr, 10000, 2, 1000),
             8.0 * (1008.0 * 1002 + 1000.0 * 1001 + 1001.0 * 1001 + 64 * 1000 + work(1432)));
    QCOMPARE(mergeBufferDoubles(999), std::size_t(1000) * 1000 + std::size_t(1000) * 1000);
}

#include "test_least_squares.moc"

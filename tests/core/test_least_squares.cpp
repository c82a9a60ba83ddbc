// The solvers of the last layer: they agree with the dense SVD reference, recover a network
// that represents the data exactly, survive duplicate neurons (identical columns), and the
// anchor fixes the constant.
#include "common/compare.h"
#include "core/errors.h"
#include "core/fit/least_squares.h"
#include "core/model/hnn_model.h"
#include "core/progress.h"
#include "core/sampling/samplers.h"

#include <random>

using namespace shnn;

namespace {

struct Problem {
    HiddenLayer layer;
    Eigen::MatrixXd X, G;
    HnnModel truth;
};

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
    LeastSquaresProblem lp;
    lp.layer = &p.layer;
    lp.X = &p.X;
    lp.gradTargets = &p.G;
    lp.anchor = Eigen::VectorXd::Zero(p.X.cols());
    lp.anchorH = p.truth.H(lp.anchor.data());
    lp.rcond = rcond;
    SolveReport report;
    return solveOutputLayer(lp, s, RunControl(), report);
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
    LeastSquaresProblem lp;
    lp.layer = &p.layer;
    lp.X = &p.X;
    lp.gradTargets = &p.G;
    lp.anchor = Eigen::VectorXd::Zero(2);
    SolveReport report;
    QVERIFY_THROWS_EXCEPTION(Cancelled, solveOutputLayer(lp, Solver::Qr, RunControl(nullptr, &cancel), report));
}

void TestLeastSquares::solverNamesRoundTrip() {
    for (Solver s : allSolvers()) QCOMPARE(parseSolver(solverName(s)), s);
    QVERIFY_THROWS_EXCEPTION(SettingsError, parseSolver("cholesky"));
}

QTEST_GUILESS_MAIN(TestLeastSquares)
#include "test_least_squares.moc"

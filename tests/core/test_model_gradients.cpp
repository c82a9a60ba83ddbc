// The network's Ĥ and ∇Ĥ through every path the engine has — one state (H, gradH), many
// states (evaluate), a grid (evaluateModelOnGrid, evaluateGrid) — against independent
// references: central differences of Ĥ, and Ĥ summed here in long double. Neurons range from
// gentle to saturated (|z| of 20–40) and beyond the exp clamp (|z| > 350), where tanh must
// be exactly ±1 and sech² must not turn into NaN.
#include "common/compare.h"
#include "core/analysis/grid.h"
#include "core/systems/domain.h"
#include "core/sampling/activation.h"
#include "core/model/hnn_model.h"
#include "core/sampling/network_kernel.h"
#include "core/systems/system.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace shnn;

namespace {

// A network over D inputs whose neurons, on states in [−1, 1]^D, sit in every regime:
// gentle (|w| ~ 1), steep (|w| ~ 12, so |z| reaches 20–40 inside the box) and clamped
// (|b| ~ 400 with small w, so |z| > 350 everywhere).
HnnModel mixedNetwork(int D, int width, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    HnnModel m;
    m.W.resize(width, D);
    m.b.resize(width);
    m.c.resize(width);
    for (int j = 0; j < width; ++j) {
        const int kind = j % 3;
        const double scale = kind == 0 ? 1.0 : kind == 1 ? 12.0 : 0.5;
        for (int i = 0; i < D; ++i) m.W(j, i) = scale * normal(rng);
        m.b(j) = kind == 2 ? (j % 2 ? 400.0 : -400.0) + unit(rng) : scale * unit(rng);
        m.c(j) = normal(rng);
    }
    m.c0 = 0.3;
    return m;
}

// Ĥ summed in long double with std::tanh: an independent reference for the vectorised path.
long double referenceH(const HnnModel& m, const Eigen::VectorXd& x) {
    long double sum = m.c0;
    for (Eigen::Index j = 0; j < m.width(); ++j) {
        long double z = m.b(j);
        for (Eigen::Index i = 0; i < x.size(); ++i) z += static_cast<long double>(m.W(j, i)) * x(i);
        sum += static_cast<long double>(m.c(j)) * std::tanh(z);
    }
    return sum;
}

// ∂Ĥ/∂x_i by central differences of the long-double reference, with a step that balances
// truncation (h² Ĥ''') against rounding (ε|Ĥ|/h) for the steep neurons.
Eigen::VectorXd centralDifferenceGradient(const HnnModel& m, const Eigen::VectorXd& x) {
    const double h = 1e-6;
    Eigen::VectorXd g(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        Eigen::VectorXd a = x, b = x;
        a(i) += h;
        b(i) -= h;
        g(i) = static_cast<double>((referenceH(m, a) - referenceH(m, b)) / (2.0L * h));
    }
    return g;
}

// The size of the terms in ∇Ĥ, for an absolute tolerance that does not depend on cancellation.
double gradientScale(const HnnModel& m) { return (m.c.cwiseAbs().asDiagonal() * m.W.cwiseAbs()).colwise().sum().maxCoeff(); }

Eigen::MatrixXd statesIn(int n, int D, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    Eigen::MatrixXd X(n, D);
    for (int k = 0; k < n; ++k)
        for (int i = 0; i < D; ++i) X(k, i) = unit(rng);
    return X;
}

} // namespace

class TestModelGradients : public QObject {
    Q_OBJECT
private slots:
    void activationAgainstLongDouble();
    void expKernelAgainstLongDouble();
    void sech2ColumnAgainstLongDouble();
    void pointwiseGradientIsTheDerivativeOfH_data();
    void pointwiseGradientIsTheDerivativeOfH();
    void batchEqualsPointwise_data();
    void batchEqualsPointwise();
    void gridEqualsPointwise_data();
    void gridEqualsPointwise();
    void vectorFieldIsHamiltons();
};

void TestModelGradients::activationAgainstLongDouble() {
    // tanh to a few ulp absolutely, sech² to 1e-13 relatively up to the clamp; beyond it tanh
    // is exactly ±1 and sech² a tiny finite number.
    Eigen::ArrayXd z = Eigen::ArrayXd::LinSpaced(4001, -45.0, 45.0);
    Eigen::ArrayXd e(z.size()), t(z.size()), s(z.size());
    tanhSech2(z, e, t, s);
    for (Eigen::Index k = 0; k < z.size(); ++k) {
        const long double ch = std::cosh(static_cast<long double>(z(k)));
        SHNN_COMPARE_TOL(t(k), static_cast<double>(std::tanh(static_cast<long double>(z(k)))), 0, 4e-16);
        SHNN_COMPARE_REL(s(k), static_cast<double>(1.0L / (ch * ch)), 1e-13);
    }
    Eigen::ArrayXd far(4), fe(4), ft(4), fs(4);
    far << -1e6, -400.0, 400.0, 1e300;
    tanhSech2(far, fe, ft, fs);
    QCOMPARE(ft(0), -1.0);
    QCOMPARE(ft(1), -1.0);
    QCOMPARE(ft(2), 1.0);
    QCOMPARE(ft(3), 1.0);
    for (int k = 0; k < 4; ++k) QVERIFY(std::isfinite(fs(k)) && fs(k) >= 0 && fs(k) < 1e-300);
    // The other entry points agree with tanhSech2.
    Eigen::ArrayXd t2(z.size()), s2(z.size());
    tanhOf(z, e, t2);
    sech2(z, e, s2);
    QVERIFY((t2 - t).abs().maxCoeff() < 4e-16);
    QVERIFY(((s2 - s).abs() / s).maxCoeff() < 1e-15);
}

// network_kernel.h's sech2Column (the streamed QR's features): one neuron over states of
// D = 2 and 4 inputs (the AVX2 pass where the CPU has it) and 5 (the Eigen passes on every
// CPU), n = 4003: a ragged tail, pre-activations from −60 to 60 and saturated ones beyond the
// clamp, against sech² in long double, to 1e-13 relatively.
void TestModelGradients::sech2ColumnAgainstLongDouble() {
    QVERIFY(!networkKernelFor(5));
    for (int D : {2, 4, 5}) {
        const Eigen::Index n = 4003;
        Eigen::MatrixXd X(n, D);
        for (Eigen::Index k = 0; k < n; ++k)
            for (int i = 0; i < D; ++i) X(k, i) = (i == 0 ? 60.0 : 0.5) * (-1.0 + 2.0 * k / (n - 1.0)) + 0.01 * i;
        X(n - 1, 0) = 500.0;  // beyond the clamp
        std::vector<double> w = {1.0, -0.7, 0.3, 0.2, -0.4};
        const double b = 0.125;
        Eigen::VectorXd out(n);
        sech2Column(X.data(), n, D, w.data(), b, out.data(), n);
        for (Eigen::Index k = 0; k < n; ++k) {
            long double z = b;
            for (int i = 0; i < D; ++i) z += static_cast<long double>(w[static_cast<size_t>(i)]) * X(k, i);
            if (std::abs(z) > 350.0L) {
                QVERIFY(out(k) >= 0 && out(k) < 1e-300);
                continue;
            }
            const long double ch = std::cosh(z);
            SHNN_COMPARE_REL(out(k), static_cast<double>(1.0L / (ch * ch)), 1e-13);
        }
    }
}

void TestModelGradients::expKernelAgainstLongDouble() {
    // exp_kernel.h: within 1 ulp (measured 0.6) over the range the activations use (x = −2z,
    // z clamped to ±350: both signs), including the ends of the reduction intervals
    // (x = (k + ½) ln 2) where the polynomial is least accurate.
    std::vector<double> xs;
    for (int i = 0; i <= 200000; ++i) xs.push_back(-708.0 + 1408.0 * i / 200000.0);
    for (int k = -1021; k <= 1009; ++k)
        for (double dx : {-1e-9, 0.0, 1e-9}) xs.push_back(std::max(-708.0, (k + 0.5) * std::log(2.0) + dx));
    xs.push_back(-0.0);
    std::vector<double> e = xs;
    expInPlace(e.data(), static_cast<std::int64_t>(e.size()));
    double worst = 0.0;
    for (size_t i = 0; i < xs.size(); ++i) {
        const long double ref = std::exp(static_cast<long double>(xs[i]));
        worst = std::max(worst, static_cast<double>(std::fabs(e[i] - ref) / ref));
    }
    qInfo("exp kernel: largest relative error %.3g over %zu values", worst, xs.size());
    QVERIFY2(worst < 2.3e-16, qPrintable(QString::number(worst)));
    // NaN stays NaN (a bad state must not turn into a plausible activation).
    double odd[2] = {std::numeric_limits<double>::quiet_NaN(), -1.0};
    expInPlace(odd, 2);
    QVERIFY(std::isnan(odd[0]));
    QVERIFY(std::abs(odd[1] - std::exp(-1.0)) <= 2.3e-16 * std::exp(-1.0));
}

void TestModelGradients::pointwiseGradientIsTheDerivativeOfH_data() {
    QTest::addColumn<int>("D");
    QTest::newRow("D = 2") << 2;
    QTest::newRow("D = 4") << 4;
    QTest::newRow("D = 6") << 6;
    QTest::newRow("D = 20") << 20;  // evaluate's Eigen path (network_kernel.h has no D = 20)
}

void TestModelGradients::pointwiseGradientIsTheDerivativeOfH() {
    QFETCH(int, D);
    const HnnModel m = mixedNetwork(D, 90, 7 + D);
    const Eigen::MatrixXd X = statesIn(40, D, 3);
    const double scale = gradientScale(m);
    int saturated = 0, clamped = 0;
    for (Eigen::Index k = 0; k < X.rows(); ++k) {
        const Eigen::VectorXd x = X.row(k).transpose();
        const Eigen::ArrayXd z = (m.W * x + m.b).array();
        saturated += static_cast<int>(((z.abs() > 20) && (z.abs() < 40)).count());
        clamped += static_cast<int>((z.abs() > 350).count());
        // Ĥ itself against the long-double sum.
        SHNN_COMPARE_TOL(m.H(x.data()), static_cast<double>(referenceH(m, x)), 0, 1e-13 * m.c.cwiseAbs().sum());
        Eigen::VectorXd g(D);
        m.gradH(x.data(), g.data());
        const Eigen::VectorXd fd = centralDifferenceGradient(m, x);
        for (int i = 0; i < D; ++i) SHNN_COMPARE_TOL(g(i), fd(i), 0, 1e-7 * scale);
    }
    qInfo("%d neuron evaluations with 20 < |z| < 40, %d beyond the clamp", saturated, clamped);
    QVERIFY(saturated > 50);
    QVERIFY(clamped > 200);
}

void TestModelGradients::batchEqualsPointwise_data() { pointwiseGradientIsTheDerivativeOfH_data(); }

void TestModelGradients::batchEqualsPointwise() {
    // evaluate() blocks rows and runs on all cores; it must give what H/gradH give per state,
    // row for row and column for column (odd sizes: partial blocks).
    QFETCH(int, D);
    const HnnModel m = mixedNetwork(D, 77, 11);
    const Eigen::MatrixXd X = statesIn(1003, D, 5);
    Eigen::VectorXd H;
    Eigen::MatrixXd G;
    m.evaluate(X, &H, &G);
    QCOMPARE(H.size(), X.rows());
    QCOMPARE(G.rows(), X.rows());
    QCOMPARE(G.cols(), static_cast<Eigen::Index>(D));
    Eigen::VectorXd Honly;
    m.evaluate(X, &Honly, nullptr);
    const double scale = gradientScale(m), hscale = m.c.cwiseAbs().sum();
    Eigen::VectorXd g(D);
    for (Eigen::Index k = 0; k < X.rows(); ++k) {
        const Eigen::VectorXd x = X.row(k).transpose();
        SHNN_COMPARE_TOL(H(k), m.H(x.data()), 0, 1e-14 * hscale);
        SHNN_COMPARE_TOL(Honly(k), H(k), 0, 1e-14 * hscale);
        m.gradH(x.data(), g.data());
        for (int i = 0; i < D; ++i) SHNN_COMPARE_TOL(G(k, i), g(i), 0, 1e-14 * scale);
    }
}

void TestModelGradients::gridEqualsPointwise_data() {
    QTest::addColumn<int>("D");
    QTest::addColumn<int>("ix");
    QTest::addColumn<int>("iy");
    QTest::newRow("D = 2 (q, p)") << 2 << 0 << 1;
    QTest::newRow("D = 2 (p, q)") << 2 << 1 << 0;
    QTest::newRow("D = 4 (q2, p1)") << 4 << 1 << 2;
    QTest::newRow("D = 20 (q7, p3)") << 20 << 6 << 12;
}

void TestModelGradients::gridEqualsPointwise() {
    // The separable grid path, at every cell, against central differences and the pointwise
    // path; the fixed coordinates are folded into the biases there.
    QFETCH(int, D);
    QFETCH(int, ix);
    QFETCH(int, iy);
    const HnnModel m = mixedNetwork(D, 60, 13);
    Domain box;
    for (int i = 0; i < D; ++i) box.intervals.push_back({-1.0, 1.0});
    Slice slice = Slice::defaultFor(box);
    slice.ix = ix;
    slice.iy = iy;
    for (int i = 0; i < D; ++i) slice.fixed[static_cast<size_t>(i)] = 0.1 * (i + 1) - 0.35;
    const GridSpec spec = GridSpec::over(box, slice, 31, 17);
    Eigen::MatrixXd H, G;
    evaluateModelOnGrid(m, spec, H, &G);
    QCOMPARE(H.rows(), 31);
    QCOMPARE(H.cols(), 17);
    QCOMPARE(G.rows(), 31 * 17);
    const double scale = gradientScale(m), hscale = m.c.cwiseAbs().sum();
    Eigen::VectorXd g(D);
    for (int j = 0; j < 17; ++j)
        for (int i = 0; i < 31; ++i) {
            const Eigen::VectorXd x = slice.state(spec.x(i), spec.y(j));
            QCOMPARE(x(ix), spec.x(i));
            SHNN_COMPARE_TOL(H(i, j), static_cast<double>(referenceH(m, x)), 0, 1e-13 * hscale);
            m.gradH(x.data(), g.data());
            for (int d = 0; d < D; ++d) SHNN_COMPARE_TOL(G(i + 31 * j, d), g(d), 0, 1e-13 * scale);
            if ((i + j) % 7 == 0) {
                const Eigen::VectorXd fd = centralDifferenceGradient(m, x);
                for (int d = 0; d < D; ++d) SHNN_COMPARE_TOL(G(i + 31 * j, d), fd(d), 0, 1e-7 * scale);
            }
        }
    // evaluateGrid puts the true H beside Ĥ on the same cells (a pendulum for D = 2).
    if (D == 2) {
        const auto sys = makeSystem("single_pendulum");
        const GridValues v = evaluateGrid(*sys, &m, spec, true);
        for (int j = 0; j < 17; j += 4)
            for (int i = 0; i < 31; i += 5) {
                const Eigen::VectorXd x = slice.state(spec.x(i), spec.y(j));
                QCOMPARE(v.H(i, j), sys->H(x.data()));
                SHNN_COMPARE_TOL(v.Hhat(i, j), H(i, j), 0, 1e-14 * hscale);
                Eigen::VectorXd gt(2);
                sys->gradH(x.data(), gt.data());
                m.gradH(x.data(), g.data());
                SHNN_COMPARE_TOL(v.gradErr(i, j), (g - gt).norm(), 1e-12, 1e-13 * scale);
            }
    }
}

void TestModelGradients::vectorFieldIsHamiltons() {
    // q̇ = ∂Ĥ/∂p, ṗ = −∂Ĥ/∂q, for d = 1, 2 and 10.
    for (int D : {2, 4, 20}) {
        const HnnModel m = mixedNetwork(D, 30, 17);
        const Eigen::VectorXd x = statesIn(1, D, 9).row(0).transpose();
        Eigen::VectorXd g(D), dx(D);
        m.gradH(x.data(), g.data());
        m.vectorField(x.data(), dx.data());
        const int d = D / 2;
        for (int i = 0; i < d; ++i) {
            QCOMPARE(dx(i), g(d + i));
            QCOMPARE(dx(d + i), -g(i));
        }
    }
}

QTEST_GUILESS_MAIN(TestModelGradients)
#include "test_model_gradients.moc"

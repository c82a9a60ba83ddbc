// Snapshot pairs (paper §4.6): the pairs follow the exact flow, the fit points are the named
// states, the error falls as O(h) at symplectic Euler's point and as O(h²) with the first-order
// correction or at the midpoint, the corrected model's gradient is the derivative of its
// value, and the correction survives a model file.
#include "common/compare.h"
#include "core/analysis/statistics.h"
#include "core/systems/domain.h"
#include "core/data/snapshot_data.h"
#include "core/io/model_file.h"
#include "core/io/settings_json.h"
#include "core/systems/system.h"
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

using namespace shnn;

namespace {

// The paper's pendulum configuration for Figure 9: f = 1, q ∈ [−π, π], p ∈ [−1, 1], A-SWIM,
// 200 neurons, 2500 pairs.
TrainingSettings paperPendulum(double h, FitPoint at, bool correct) {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.domain = parseDomain("-3.141592653589793:3.141592653589793,-1:1", 2);
    s.sampler = Sampler::ASwim;
    s.width = 200;
    s.train = 2500;
    s.test = 5000;
    s.data.kind = DataKind::Snapshots;
    s.data.h = h;
    s.data.fitAt = at;
    s.data.correct = correct;
    return s;
}

DataSettings snapshotData(double h, FitPoint at) {
    DataSettings ds;
    ds.kind = DataKind::Snapshots;
    ds.h = h;
    ds.fitAt = at;
    return ds;
}

double slope(double h1, double e1, double h2, double e2) { return std::log(e2 / e1) / std::log(h2 / h1); }

// A network over (q1, q2, p1, p2) with gentle and steep neurons.
HnnModel smallNetwork(unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    HnnModel m;
    m.W.resize(30, 4);
    m.b.resize(30);
    m.c.resize(30);
    for (int j = 0; j < 30; ++j) {
        for (int i = 0; i < 4; ++i) m.W(j, i) = (j % 2 ? 3.0 : 0.7) * normal(rng);
        m.b(j) = normal(rng);
        m.c(j) = normal(rng);
    }
    m.c0 = -0.4;
    return m;
}

} // namespace

class TestSnapshots : public QObject {
    Q_OBJECT
private slots:
    void fitPointsAreTheNamedStates();
    void pairsFollowTheExactFlow();
    void noiseIsOnBothStatesOfAPair();
    void errorFallsAsHWithoutAndHSquaredWithTheCorrection();
    void midpointHasNoFirstOrderError();
    void correctedModelFollowsItsFormula();
    void correctedModelIsAnchored();
    void modelFileKeepsTheCorrection();
    void logLogSlopeIsTheOrder();
};

void TestSnapshots::fitPointsAreTheNamedStates() {
    Eigen::MatrixXd x(2, 4), y(2, 4);
    x << 1, 2, 3, 4, 5, 6, 7, 8;
    y << 10, 20, 30, 40, 50, 60, 70, 80;
    QCOMPARE(snapshotFitPoints(x, y, FitPoint::Start), x);
    Eigen::MatrixXd se(2, 4);
    se << 10, 20, 3, 4, 50, 60, 7, 8;  // (q_next, p)
    QCOMPARE(snapshotFitPoints(x, y, FitPoint::SymplecticEuler), se);
    QCOMPARE(snapshotFitPoints(x, y, FitPoint::Midpoint), Eigen::MatrixXd(0.5 * (x + y)));
}

void TestSnapshots::pairsFollowTheExactFlow() {
    // The spring with m = k = 1 turns phase space at unit rate: Φ_h(q, p) = (q cos h + p sin h,
    // −q sin h + p cos h). Fitted at the start, X is x and the target (Φ_h x − x)/h.
    const auto spring = makeSystem("spring", {});
    DataSettings ds = snapshotData(0.3, FitPoint::Start);
    std::mt19937_64 rng(7), noiseRng(8);
    const Dataset d = snapshotDataset(*spring, parseDomain("-1:1,-2:2", 2), 200, ds, rng, noiseRng);
    QCOMPARE(d.size(), Eigen::Index(200));
    const double c = std::cos(0.3), s = std::sin(0.3);
    double worst = 0;
    for (Eigen::Index k = 0; k < d.size(); ++k) {
        const double q = d.X(k, 0), p = d.X(k, 1);
        QVERIFY(q >= -1 && q <= 1 && p >= -2 && p <= 2);
        const double qn = q * c + p * s, pn = -q * s + p * c;
        worst = std::max({worst, std::abs(d.dXdt(k, 0) - (qn - q) / 0.3), std::abs(d.dXdt(k, 1) - (pn - p) / 0.3)});
        SHNN_COMPARE_TOL(d.H(k), 0.5 * (q * q + p * p), 1e-14, 1e-15);
    }
    qInfo("largest difference from the exact flow's quotient: %.2e", worst);
    QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));

    // At symplectic Euler's point the same pairs give X = (q_next, p) and the same targets.
    ds.fitAt = FitPoint::SymplecticEuler;
    std::mt19937_64 rng2(7), noiseRng2(8);
    const Dataset e = snapshotDataset(*spring, parseDomain("-1:1,-2:2", 2), 200, ds, rng2, noiseRng2);
    for (Eigen::Index k = 0; k < 5; ++k) {
        const double q = d.X(k, 0), p = d.X(k, 1);
        SHNN_COMPARE_TOL(e.X(k, 0), q * c + p * s, 1e-10, 1e-10);
        QCOMPARE(e.X(k, 1), p);
        QCOMPARE(e.dXdt(k, 0), d.dXdt(k, 0));
        // The true H is attached at the fit point, not at the start.
        SHNN_COMPARE_TOL(e.H(k), 0.5 * (e.X(k, 0) * e.X(k, 0) + p * p), 1e-14, 1e-15);
    }
}

void TestSnapshots::noiseIsOnBothStatesOfAPair() {
    // σ on x and on x_next: X (start) moves by σ, the quotient by σ√2/h.
    const auto spring = makeSystem("spring", {});
    DataSettings ds = snapshotData(0.5, FitPoint::Start);
    const Domain box = parseDomain("-1:1,-1:1", 2);
    std::mt19937_64 r1(3), n1(4), r2(3), n2(4);
    const Dataset clean = snapshotDataset(*spring, box, 4000, ds, r1, n1);
    ds.noise = 0.01;
    const Dataset noisy = snapshotDataset(*spring, box, 4000, ds, r2, n2);
    const auto rms = [](const Eigen::MatrixXd& a) { return std::sqrt(a.squaredNorm() / double(a.size())); };
    const double onX = rms(noisy.X - clean.X), onTarget = rms(noisy.dXdt - clean.dXdt);
    qInfo("noise σ 0.01: on the states %.4f, on the quotients %.4f (expected %.4f)", onX, onTarget,
          0.01 * std::sqrt(2.0) / 0.5);
    SHNN_COMPARE_REL(onX, 0.01, 0.05);
    SHNN_COMPARE_REL(onTarget, 0.01 * std::sqrt(2.0) / 0.5, 0.05);
}

void TestSnapshots::errorFallsAsHWithoutAndHSquaredWithTheCorrection() {
    // The paper's Figure 9 numbers (uncorrected, corrected) at h = 0.1, 0.2, 0.4 on this
    // configuration; this engine measures within 2% of them.
    const double hs[] = {0.1, 0.2, 0.4};
    const double paperPlain[] = {1.49e-2, 2.99e-2, 6.07e-2};
    const double paperCorrected[] = {4.17e-4, 1.68e-3, 6.90e-3};
    double plain[3], corrected[3];
    for (int k = 0; k < 3; ++k) {
        const TrainingResult r = train(paperPendulum(hs[k], FitPoint::SymplecticEuler, true));
        QVERIFY(r.testUncorrected.has_value());
        plain[k] = r.testUncorrected->relL2H;
        corrected[k] = r.test.relL2H;
        qInfo("h %.1f: rel. L2 error of H %.3e uncorrected (paper %.2e), %.3e corrected (paper %.2e)", hs[k], plain[k],
              paperPlain[k], corrected[k], paperCorrected[k]);
        SHNN_COMPARE_REL(plain[k], paperPlain[k], 0.15);
        SHNN_COMPARE_REL(corrected[k], paperCorrected[k], 0.15);
        QCOMPARE(r.model.correction, hs[k] / 2);
    }
    const double s1 = slope(hs[0], plain[0], hs[2], plain[2]), s2 = slope(hs[0], corrected[0], hs[2], corrected[2]);
    qInfo("log-log slopes: %.3f uncorrected, %.3f corrected", s1, s2);
    SHNN_COMPARE_TOL(s1, 1.0, 0.0, 0.1);
    SHNN_COMPARE_TOL(s2, 2.0, 0.0, 0.1);

    // Without --correct the same fit reports the plain error and keeps κ = 0.
    const TrainingResult r = train(paperPendulum(0.2, FitPoint::SymplecticEuler, false));
    QVERIFY(!r.testUncorrected.has_value());
    QCOMPARE(r.model.correction, 0.0);
    SHNN_COMPARE_REL(r.test.relL2H, plain[1], 1e-9);
}

void TestSnapshots::midpointHasNoFirstOrderError() {
    const TrainingResult a = train(paperPendulum(0.1, FitPoint::Midpoint, false));
    const TrainingResult b = train(paperPendulum(0.4, FitPoint::Midpoint, false));
    const TrainingResult start = train(paperPendulum(0.1, FitPoint::Start, false));
    const double s = slope(0.1, a.test.relL2H, 0.4, b.test.relL2H);
    qInfo("midpoint: %.3e at h 0.1, %.3e at h 0.4, slope %.3f; start point at h 0.1: %.3e", a.test.relL2H,
          b.test.relL2H, s, start.test.relL2H);
    SHNN_COMPARE_TOL(s, 2.0, 0.0, 0.1);
    // Fitted at the start, the O(h) error is there and is larger than symplectic Euler's.
    QVERIFY(start.test.relL2H > 20 * a.test.relL2H);
}

void TestSnapshots::correctedModelFollowsItsFormula() {
    HnnModel plain = smallNetwork(11);
    HnnModel corr = plain;
    corr.correction = 0.15;
    QCOMPARE(corr.uncorrected().correction, 0.0);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    Eigen::MatrixXd X(40, 4);
    for (Eigen::Index k = 0; k < X.size(); ++k) X(k) = unit(rng);
    Eigen::VectorXd Hb;
    Eigen::MatrixXd Gb;
    corr.evaluate(X, &Hb, &Gb);
    double worstGrad = 0, scale = 0;
    for (Eigen::Index k = 0; k < X.rows(); ++k) {
        const Eigen::VectorXd x = X.row(k).transpose();
        // H_corr = Ĥ + κ (∂Ĥ/∂q · ∂Ĥ/∂p), from the plain network's own gradient.
        double g[4];
        plain.gradH(x.data(), g);
        const double expected = plain.H(x.data()) + 0.15 * (g[0] * g[2] + g[1] * g[3]);
        SHNN_COMPARE_TOL(corr.H(x.data()), expected, 1e-13, 1e-13);
        SHNN_COMPARE_TOL(Hb(k), expected, 1e-13, 1e-13);
        // ∇H_corr against central differences of H_corr.
        double gc[4];
        corr.gradH(x.data(), gc);
        for (int i = 0; i < 4; ++i) {
            const double step = 1e-5;
            Eigen::VectorXd a = x, b = x;
            a(i) += step;
            b(i) -= step;
            const double fd = (corr.H(a.data()) - corr.H(b.data())) / (2 * step);
            worstGrad = std::max(worstGrad, std::abs(gc[i] - fd));
            scale = std::max(scale, std::abs(fd));
            QCOMPARE(Gb(k, i), gc[i]);
        }
    }
    qInfo("corrected gradient against central differences: worst %.2e (scale %.2e)", worstGrad, scale);
    QVERIFY2(worstGrad < 2e-8 * scale, qPrintable(QString::number(worstGrad)));
}

void TestSnapshots::correctedModelIsAnchored() {
    TrainingSettings s = paperPendulum(0.2, FitPoint::SymplecticEuler, true);
    s.anchor = {0.5, 0.3};
    const TrainingResult r = train(s);
    // The true pendulum energy there: p²/2 + (1 − cos q).
    SHNN_COMPARE_TOL(r.model.H(s.anchor.data()), 0.3 * 0.3 / 2 + 1 - std::cos(0.5), 1e-12, 1e-13);
}

void TestSnapshots::modelFileKeepsTheCorrection() {
    const TrainingResult r = train(paperPendulum(0.4, FitPoint::SymplecticEuler, true));
    const io::ModelFile f = io::parseModelText(io::modelToJson(r.settings, r.model, r.test).dump());
    QCOMPARE(f.model.correction, 0.2);
    QCOMPARE(f.settings.data.h, 0.4);
    QCOMPARE(f.settings.data.fitAt, FitPoint::SymplecticEuler);
    QVERIFY(f.settings.data.correct);
    QVERIFY(f.settings == r.settings);
    const double x[2] = {1.0, -0.5};
    QCOMPARE(f.model.H(x), r.model.H(x));

    // Settings alone: every snapshot field survives JSON.
    TrainingSettings s = paperPendulum(0.05, FitPoint::Midpoint, false);
    const TrainingSettings back = io::settingsFromJson(io::settingsToJson(s));
    QCOMPARE(back.data.kind, DataKind::Snapshots);
    QCOMPARE(back.data.h, 0.05);
    QCOMPARE(back.data.fitAt, FitPoint::Midpoint);
    QVERIFY(!back.data.correct);
}

void TestSnapshots::logLogSlopeIsTheOrder() {
    // y = 3 x² exactly, then with a factor that alternates ±10 % (the fit averages it out).
    const std::vector<double> x = {0.05, 0.1, 0.2, 0.4};
    std::vector<double> y, wobbly;
    for (std::size_t k = 0; k < x.size(); ++k) {
        y.push_back(3 * x[k] * x[k]);
        wobbly.push_back(y.back() * (k % 2 ? 1.1 : 0.9));
    }
    SHNN_COMPARE_REL(logLogSlope(x, y), 2.0, 1e-12);
    // The wobble 0.9, 1.1, 0.9, 1.1 tilts the fitted line up, by less than one step's ratio.
    const double k = logLogSlope(x, wobbly);
    QVERIFY(k > 2.0 && k < 2.0 + std::log(1.1 / 0.9) / std::log(2.0));
    QVERIFY(std::isnan(logLogSlope({0.1}, {1.0})));
    QVERIFY(std::isnan(logLogSlope({0.1, 0.2}, {1.0, -1.0})));
    QVERIFY(std::isnan(logLogSlope({0.1, 0.1}, {1.0, 2.0})));
}

QTEST_GUILESS_MAIN(TestSnapshots)
#include "test_snapshots.moc"

// Training and test data: uniform states are uniform in the box and independent of the test
// states; trajectory data lie on true orbits, Δt apart; central differences are second order;
// field derivatives are the exact field; noise has the requested σ and follows the seed.
#include "common/compare.h"
#include "core/data/dataset.h"
#include "core/data/trajectory_data.h"
#include "core/systems/system.h"
#include "core/train/settings.h"
#include "core/train/trainer.h"

#include <cmath>
#include <set>

using namespace shnn;

namespace {

TrainingSettings trajectorySettings(double dt, DerivativeSource derivatives, double noise = 0.0) {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.domain = Domain{{{-1.5, 1.5}, {-1, 1}}};
    s.train = 2000;
    s.seed = 4;
    s.data.kind = DataKind::Trajectories;
    s.data.points = 10;
    s.data.dt = dt;
    s.data.derivatives = derivatives;
    s.data.noise = noise;
    return resolveSettings(s);
}

// ‖dXdt − f(X)‖_F / ‖f(X)‖_F: how far the data's derivatives are from the true field at the
// data's own states.
double derivativeError(const HamiltonianSystem& sys, const Dataset& d) {
    double err = 0, ref = 0;
    Eigen::VectorXd f(d.X.cols());
    for (Eigen::Index k = 0; k < d.size(); ++k) {
        const Eigen::VectorXd x = d.X.row(k).transpose();
        sys.vectorField(x.data(), f.data());
        err += (d.dXdt.row(k).transpose() - f).squaredNorm();
        ref += f.squaredNorm();
    }
    return std::sqrt(err / ref);
}

// One classical Runge–Kutta step of size h/steps, `steps` times: an integrator independent
// of the engine's odeint.
Eigen::VectorXd rk4(const HamiltonianSystem& sys, Eigen::VectorXd x, double h, int steps) {
    const double dt = h / steps;
    const Eigen::Index D = x.size();
    Eigen::VectorXd k1(D), k2(D), k3(D), k4(D), y(D);
    for (int s = 0; s < steps; ++s) {
        sys.vectorField(x.data(), k1.data());
        y = x + 0.5 * dt * k1;
        sys.vectorField(y.data(), k2.data());
        y = x + 0.5 * dt * k2;
        sys.vectorField(y.data(), k3.data());
        y = x + dt * k3;
        sys.vectorField(y.data(), k4.data());
        x += dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    return x;
}

} // namespace

class TestTrainingData : public QObject {
    Q_OBJECT
private slots:
    void uniformStatesFillTheBox();
    void testAndTrainingStatesAreIndependentDraws();
    void trajectoryStatesFollowTheTrueFlowDtApart();
    void centralDifferencesAreSecondOrder();
    void fieldDerivativesAreTheExactField();
    void trajectoryNoiseHasTheRequestedSigma();
    void uniformNoiseIsOnTheDerivatives();
    void relativeNoiseScalesWithEachCoordinate();
    void dataFollowTheSeed();
};

void TestTrainingData::uniformStatesFillTheBox() {
    const auto sys = makeSystem("henon_heiles");
    const Domain box{{{-5, 5}, {-1, 3}, {0, 0.5}, {-2, -1}}};
    auto rng = makeRng(1, RandomStream::TrainStates);
    const Dataset d = uniformDataset(*sys, box, 20000, rng);
    QCOMPARE(d.X.rows(), 20000);
    for (int i = 0; i < 4; ++i) {
        const Interval iv = box.intervals[static_cast<size_t>(i)];
        QVERIFY(d.X.col(i).minCoeff() >= iv.lo && d.X.col(i).maxCoeff() <= iv.hi);
        // Uniform: mean at the centre, variance width²/12 (20000 draws: within 3%).
        const double mean = d.X.col(i).mean(), var = (d.X.col(i).array() - mean).square().mean();
        SHNN_COMPARE_TOL(mean, 0.5 * (iv.lo + iv.hi), 0, 0.02 * iv.width());
        SHNN_COMPARE_REL(var, iv.width() * iv.width() / 12.0, 0.03);
    }
    // Labels are the true system's at each state.
    Eigen::VectorXd g(4), f(4);
    for (Eigen::Index k = 0; k < 20000; k += 997) {
        const Eigen::VectorXd x = d.X.row(k).transpose();
        QCOMPARE(d.H(k), sys->H(x.data()));
        sys->gradH(x.data(), g.data());
        sys->vectorField(x.data(), f.data());
        QVERIFY(d.gradH.row(k).transpose() == g);
        QVERIFY(d.dXdt.row(k).transpose() == f);
    }
}

void TestTrainingData::testAndTrainingStatesAreIndependentDraws() {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.train = 5000;
    s.seed = 12;
    s = resolveSettings(s);
    const auto sys = systemFor(s);
    const Dataset train = makeTrainingData(*sys, s);
    const Dataset test = makeTestData(*sys, s.domain, 5000, s.seed);
    std::set<std::pair<double, double>> seen;
    for (Eigen::Index k = 0; k < train.size(); ++k) seen.insert({train.X(k, 0), train.X(k, 1)});
    for (Eigen::Index k = 0; k < test.size(); ++k) QVERIFY2(!seen.count({test.X(k, 0), test.X(k, 1)}), "a test state is a training state");
    // Row k of one set says nothing about row k of the other: correlations near 0 (±3/√N).
    for (int i = 0; i < 2; ++i) {
        const Eigen::ArrayXd a = train.X.col(i).array() - train.X.col(i).mean();
        const Eigen::ArrayXd b = test.X.col(i).array() - test.X.col(i).mean();
        const double rho = (a * b).sum() / std::sqrt(a.square().sum() * b.square().sum());
        QVERIFY2(std::abs(rho) < 3.0 / std::sqrt(5000.0), qPrintable(QString("correlation %1").arg(rho)));
    }
    // The test set depends on the seed and on nothing about the training set.
    TrainingSettings other = s;
    other.train = 700;
    const Dataset test2 = makeTestData(*sys, other.domain, 5000, other.seed);
    QVERIFY(test2.X == test.X);
    QVERIFY(!(makeTestData(*sys, s.domain, 5000, s.seed + 1).X == test.X));
}

void TestTrainingData::trajectoryStatesFollowTheTrueFlowDtApart() {
    const TrainingSettings s = trajectorySettings(0.05, DerivativeSource::VectorField);
    const auto sys = systemFor(s);
    const Dataset d = makeTrainingData(*sys, s);
    QCOMPARE(d.size(), 2000);
    QCOMPARE(d.trajectoryCount(), 200);
    for (Eigen::Index k = 0; k + 1 < d.size(); ++k) {
        if (d.trajectory(k + 1) != d.trajectory(k)) {
            QCOMPARE(d.trajectory(k + 1), d.trajectory(k) + 1);
            continue;
        }
        QCOMPARE(d.trajectory(k), static_cast<int>(k / 10));
        if (k % 37) continue;
        // The next state is the true flow Δt later (independent RK4 with small steps).
        const Eigen::VectorXd next = rk4(*sys, d.X.row(k).transpose(), 0.05, 50);
        QVERIFY2((next - d.X.row(k + 1).transpose()).norm() < 1e-8,
                 qPrintable(QString::number((next - d.X.row(k + 1).transpose()).norm())));
        // Energy is conserved along the trajectory.
        const Eigen::VectorXd a = d.X.row(k).transpose(), b = d.X.row(k + 1).transpose();
        SHNN_COMPARE_TOL(sys->H(a.data()), sys->H(b.data()), 0, 1e-9);
    }
    // Initial states lie in the box.
    for (Eigen::Index k = 0; k < d.size(); k += 10) {
        QVERIFY(d.X(k, 0) >= -1.5 && d.X(k, 0) <= 1.5);
        QVERIFY(d.X(k, 1) >= -1 && d.X(k, 1) <= 1);
    }
}

void TestTrainingData::centralDifferencesAreSecondOrder() {
    // (x(t+Δt) − x(t−Δt)) / 2Δt has error Δt² x'''/6: halving Δt divides it by 4 (a forward
    // difference would only halve it).
    double previous = 0;
    for (double dt : {0.04, 0.02, 0.01}) {
        const TrainingSettings s = trajectorySettings(dt, DerivativeSource::FiniteDifferences);
        const auto sys = systemFor(s);
        const double err = derivativeError(*sys, makeTrainingData(*sys, s));
        qInfo("Δt = %.3f: relative derivative error %.4e%s", dt, err,
              previous > 0 ? qPrintable(QString(" (ratio %1)").arg(previous / err, 0, 'f', 3)) : "");
        if (previous > 0) QVERIFY2(previous / err > 3.8 && previous / err < 4.2, qPrintable(QString::number(previous / err)));
        SHNN_COMPARE_REL(err, dt * dt * 0.12, 0.5);  // Δt²·|x'''|/6 with |x'''| ~ |x'| on these orbits
        previous = err;
    }
}

void TestTrainingData::fieldDerivativesAreTheExactField() {
    const TrainingSettings s = trajectorySettings(0.1, DerivativeSource::VectorField);
    const auto sys = systemFor(s);
    const Dataset d = makeTrainingData(*sys, s);
    QVERIFY2(derivativeError(*sys, d) < 1e-15, qPrintable(QString::number(derivativeError(*sys, d))));
}

void TestTrainingData::trajectoryNoiseHasTheRequestedSigma() {
    const double sigma = 0.01;
    const TrainingSettings clean = trajectorySettings(0.05, DerivativeSource::FiniteDifferences);
    const TrainingSettings noisy = trajectorySettings(0.05, DerivativeSource::FiniteDifferences, sigma);
    const auto sys = systemFor(clean);
    const Dataset a = makeTrainingData(*sys, clean), b = makeTrainingData(*sys, noisy);
    const Eigen::ArrayXXd diff = (b.X - a.X).array();
    const double mean = diff.mean();
    const double sd = std::sqrt((diff - mean).square().sum() / (diff.size() - 1));
    qInfo("noise σ = %g requested: sample mean %.2e, standard deviation %.5f over %lld values", sigma, mean, sd,
          static_cast<long long>(diff.size()));
    SHNN_COMPARE_REL(sd, sigma, 0.05);
    QVERIFY(std::abs(mean) < 4 * sigma / std::sqrt(static_cast<double>(diff.size())));
    // Each coordinate gets its own noise: q and p noise are uncorrelated.
    const Eigen::ArrayXd dq = diff.col(0) - diff.col(0).mean(), dp = diff.col(1) - diff.col(1).mean();
    QVERIFY(std::abs((dq * dp).sum() / std::sqrt(dq.square().sum() * dp.square().sum())) < 0.07);
    // The finite differences are of the noisy observations: the derivative error grows by
    // about σ/Δt·(1/√2) relative to the field's size.
    QVERIFY(derivativeError(*sys, b) > 10 * derivativeError(*sys, a));
}

void TestTrainingData::uniformNoiseIsOnTheDerivatives() {
    TrainingSettings s;
    s.system = "spring";
    s.train = 4000;
    s.data.noise = 0.02;
    s = resolveSettings(s);
    TrainingSettings c = s;
    c.data.noise = 0;
    const auto sys = systemFor(s);
    const Dataset a = makeTrainingData(*sys, c), b = makeTrainingData(*sys, s);
    QVERIFY(a.X == b.X);  // uniform states are exact
    const Eigen::ArrayXXd diff = (b.dXdt - a.dXdt).array();
    const double sd = std::sqrt((diff - diff.mean()).square().sum() / (diff.size() - 1));
    SHNN_COMPARE_REL(sd, 0.02, 0.05);
}

// --noise-relative: coordinate i gets σ times the standard deviation of its clean values. On
// a wide pendulum box q spreads about 6× more than p, and so must its noise; the same draws
// as absolute noise otherwise (the seeds are shared), for trajectories, snapshots and uniform data.
void TestTrainingData::relativeNoiseScalesWithEachCoordinate() {
    auto sdOf = [](const Eigen::ArrayXd& v) { return std::sqrt((v - v.mean()).square().sum() / (v.size() - 1)); };
    const double sigma = 0.01;
    for (const DataKind kind : {DataKind::Trajectories, DataKind::Snapshots, DataKind::Uniform}) {
        TrainingSettings c;
        c.system = "single_pendulum";
        c.domain = Domain{{{-6, 6}, {-1, 1}}};
        c.train = 4000;
        c.seed = 3;
        c.data.kind = kind;
        c.data.points = 20;  // field derivatives: every observation is a kept state
        c.data.h = 0.1;
        c = resolveSettings(c);
        TrainingSettings absolute = c, relative = c;
        absolute.data.noise = relative.data.noise = sigma;
        relative.data.noiseRelative = true;
        const auto sys = systemFor(c);
        const Dataset a = makeTrainingData(*sys, c), abs = makeTrainingData(*sys, absolute),
                      rel = makeTrainingData(*sys, relative);
        // Uniform data: noise on the derivatives; the others: on the observed states.
        const bool onStates = kind != DataKind::Uniform;
        const Eigen::MatrixXd& clean = onStates ? a.X : a.dXdt;
        const Eigen::MatrixXd dRel = (onStates ? rel.X : rel.dXdt) - clean;
        const Eigen::MatrixXd dAbs = (onStates ? abs.X : abs.dXdt) - clean;
        for (int i = 0; i < 2; ++i) {
            const double spread = sdOf(clean.col(i).array());
            const double measured = sdOf(dRel.col(i).array()), wanted = sigma * spread;
            qInfo("%s, coordinate %d: clean spread %.3f, noise sd %.5f (σ·spread %.5f; absolute %.5f)",
                  dataKindName(kind).c_str(), i, spread, measured, wanted, sdOf(dAbs.col(i).array()));
            // 4000 draws: the sample sd within 5% (3.5 standard errors). Snapshot states are
            // the fit points (q_next, p): their spread differs from the start states' by O(h).
            SHNN_COMPARE_REL(measured, wanted, kind == DataKind::Snapshots ? 0.08 : 0.05);
            SHNN_COMPARE_REL(sdOf(dAbs.col(i).array()), sigma, kind == DataKind::Snapshots ? 0.08 : 0.05);
        }
        // Relative noise is the absolute draw scaled per coordinate: the same ε behind both.
        if (kind != DataKind::Snapshots) {
            const double ratio = dRel(7, 1) / dAbs(7, 1), spreadP = sdOf(clean.col(1).array());
            SHNN_COMPARE_REL(ratio, spreadP, kind == DataKind::Trajectories ? 0.02 : 1e-12);
        }
    }
}

void TestTrainingData::dataFollowTheSeed() {
    const TrainingSettings s = trajectorySettings(0.05, DerivativeSource::FiniteDifferences, 0.01);
    const auto sys = systemFor(s);
    const Dataset a = makeTrainingData(*sys, s), b = makeTrainingData(*sys, s);
    QVERIFY(a.X == b.X && a.dXdt == b.dXdt);
    TrainingSettings other = s;
    other.seed = 5;
    QVERIFY(!(makeTrainingData(*sys, other).X == a.X));
}

QTEST_GUILESS_MAIN(TestTrainingData)
#include "test_training_data.moc"

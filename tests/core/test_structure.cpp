// Why the Hamiltonian structure matters (the paper's §4.7): an S-HNN and an S-MLP share one
// sampled hidden layer; integrated with a symplectic method for t ≤ 100 from (π/2, 0), the
// S-HNN's true energy error stays bounded while the S-MLP's drifts. The integrators themselves
// against exact solutions: the harmonic oscillator's orbit and energy, and their orders.
#include "common/compare.h"
#include "core/errors.h"
#include "core/integrate/trajectory.h"
#include "core/model/mlp_model.h"
#include "core/systems/system.h"
#include "core/train/trainer.h"

#include <cmath>

using namespace shnn;

class TestStructure : public QObject {
    Q_OBJECT
private slots:
    void symplecticMethodsHaveTheirOrder_data();
    void symplecticMethodsHaveTheirOrder();
    void symplecticMethodsKeepTheOscillatorsEnergyBounded();
    void mlpFitsTheFieldButDriftsInEnergy();
    void integratorNames();
};

namespace {

// x'' = −x: the exact flow from (1, 0) is (cos t, −sin t).
Trajectory oscillator(Integrator m, double dt, double tEnd, int samples) {
    IntegratorSettings s;
    s.method = m;
    s.dt = dt;
    Eigen::VectorXd x0(2);
    x0 << 1, 0;
    return integrateFlow([](const double* x, double* dx) { dx[0] = x[1]; dx[1] = -x[0]; }, x0, tEnd, samples, s);
}

double endError(const Trajectory& t) {
    const double T = t.t.back();
    return std::hypot(t.states(t.states.rows() - 1, 0) - std::cos(T), t.states(t.states.rows() - 1, 1) + std::sin(T));
}

} // namespace

void TestStructure::symplecticMethodsHaveTheirOrder_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<double>("order");
    QTest::newRow("symplectic Euler: first order") << int(Integrator::SymplecticEuler) << 1.0;
    QTest::newRow("implicit midpoint: second order") << int(Integrator::Midpoint) << 2.0;
}

void TestStructure::symplecticMethodsHaveTheirOrder() {
    QFETCH(int, method);
    QFETCH(double, order);
    const double e1 = endError(oscillator(static_cast<Integrator>(method), 0.02, 2.0, 11));
    const double e2 = endError(oscillator(static_cast<Integrator>(method), 0.01, 2.0, 11));
    qInfo("error at t = 2: Δt 0.02 → %.3e, Δt 0.01 → %.3e (ratio %.2f)", e1, e2, e1 / e2);
    SHNN_COMPARE_REL(std::log2(e1 / e2), order, 0.1);
}

void TestStructure::symplecticMethodsKeepTheOscillatorsEnergyBounded() {
    // Over 200 periods the symplectic methods' energy error stays at its first-period size;
    // an explicit method would drift. Dormand–Prince is accurate but not symplectic.
    for (Integrator m : {Integrator::SymplecticEuler, Integrator::Midpoint}) {
        const Trajectory t = oscillator(m, 0.05, 1256.0, 2001);
        double early = 0, late = 0;
        for (Eigen::Index k = 0; k < t.states.rows(); ++k) {
            const double e = std::abs(0.5 * t.states.row(k).squaredNorm() - 0.5);
            (k < 100 ? early : late) = std::max(k < 100 ? early : late, e);
        }
        qInfo("%s: energy error %.3e in the first 60 time units, %.3e up to t = 1256", integratorName(m).c_str(), early, late);
        QVERIFY(late < 1.5 * early + 1e-10);  // the midpoint rule keeps x² + p² exactly, up to rounding
    }
}

void TestStructure::mlpFitsTheFieldButDriftsInEnergy() {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.domain = Domain{{{-M_PI, M_PI}, {-2, 2}}};
    s.sampler = Sampler::USwim;
    s.width = 80;  // a visible fit error, so that what the error does over time shows
    s.train = 3000;
    s.test = 2000;
    const TrainingResult hnn = train(s);
    const MlpModel mlp = fitSampledMlp(hnn.layer, hnn.train.X, hnn.train.dXdt, s.rcond, RunControl());
    const Dataset test = makeTestData(*hnn.system, hnn.settings.domain, 2000, 7);
    const double mlpField = mlpFieldError(mlp, test.X, test.dXdt);
    qInfo("vector-field error on test states: S-HNN %.3e, S-MLP %.3e", hnn.test.relL2Grad, mlpField);
    QVERIFY(mlpField < hnn.test.relL2Grad);  // with D outputs it fits ẋ even better than the S-HNN

    IntegratorSettings sym;
    sym.method = Integrator::Midpoint;
    sym.dt = 0.02;
    Eigen::VectorXd x0(2);
    x0 << M_PI / 2, 0;
    const double H0 = hnn.system->H(x0.data());
    auto drift = [&](const VectorFieldFn& f, double& early, double& late) {
        const Trajectory t = integrateFlow(f, x0, 100.0, 2001, sym);
        QCOMPARE(t.states.rows(), 2001);
        early = late = 0;
        for (Eigen::Index k = 0; k < t.states.rows(); ++k) {
            const Eigen::VectorXd x = t.states.row(k).transpose();
            const double e = std::abs(hnn.system->H(x.data()) - H0);
            if (k <= 200) early = std::max(early, e);    // t ≤ 10
            if (k >= 1800) late = std::max(late, e);     // t ≥ 90
        }
    };
    double hnnEarly, hnnLate, mlpEarly, mlpLate;
    drift([&](const double* x, double* dx) { hnn.model.vectorField(x, dx); }, hnnEarly, hnnLate);
    drift([&](const double* x, double* dx) { mlp.vectorField(x, dx); }, mlpEarly, mlpLate);
    qInfo("|H - H0| along the orbit from (pi/2, 0), implicit midpoint, dt 0.02: S-HNN %.2e (t <= 10) and %.2e "
          "(t >= 90); S-MLP %.2e and %.2e",
          hnnEarly, hnnLate, mlpEarly, mlpLate);
    // The S-MLP starts closer to the true energy but drifts away from it, about linearly in
    // time; the S-HNN's error is as large at t = 100 as at t = 10.
    QVERIFY(hnnLate < 1.5 * hnnEarly);
    QVERIFY(mlpLate > 5 * mlpEarly);
}

void TestStructure::integratorNames() {
    for (Integrator m : {Integrator::Dopri5, Integrator::SymplecticEuler, Integrator::Midpoint})
        QCOMPARE(parseIntegrator(integratorName(m)), m);
    QVERIFY_THROWS_EXCEPTION(SettingsError, parseIntegrator("leapfrog"));
}

QTEST_GUILESS_MAIN(TestStructure)
#include "test_structure.moc"

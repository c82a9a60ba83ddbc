// Poincaré sections (core/integrate/poincare.h) against a flow whose crossings are known in
// closed form: two uncoupled oscillators,
//     H = (p1² + q1²)/2 + (p2² + ω² q2²)/2,   ω = √2 (incommensurate with 1).
// Started on the section (q1 = 0, p1 > 0), the first oscillator comes back up through q1 = 0
// every 2π, so crossing k (k = 1, 2, …) is at t = 2πk, where the second has turned by ω·2πk:
//     q2 = q2₀ cos θ + (p2₀/ω) sin θ,   p2 = −ω q2₀ sin θ + p2₀ cos θ,   θ = 2πkω,
// with q1 = 0 and p1 = p1₀ exactly.
#include "common/compare.h"
#include "core/errors.h"
#include "core/integrate/poincare.h"
#include "core/progress.h"

#include <atomic>
#include <cmath>

using namespace shnn;

namespace {

constexpr double kOmega = 1.4142135623730951;
constexpr double kTwoPi = 6.283185307179586;

double energy(const double* x) { return 0.5 * (x[2] * x[2] + x[0] * x[0]) + 0.5 * (x[3] * x[3] + kOmega * kOmega * x[1] * x[1]); }

void field(const double* x, double* dx) {  // (q̇1, q̇2, ṗ1, ṗ2) = (∂H/∂p1, ∂H/∂p2, −∂H/∂q1, −∂H/∂q2)
    dx[0] = x[2];
    dx[1] = x[3];
    dx[2] = -x[0];
    dx[3] = -kOmega * kOmega * x[1];
}

} // namespace

class TestPoincare : public QObject {
    Q_OBJECT
private slots:
    void sectionStateSolvesForP1();
    void crossingsAreTheClosedForm();
    void leavingTheBoxStopsTheOrbit();
    void cancelStopsTheOrbit();
};

void TestPoincare::sectionStateSolvesForP1() {
    const double E = 0.5, q2 = 0.2, p2 = -0.3;
    const auto x = sectionState(energy, q2, p2, E);
    QVERIFY(x);
    QCOMPARE((*x)(0), 0.0);
    QCOMPARE((*x)(1), q2);
    QCOMPARE((*x)(3), p2);
    const double p1 = std::sqrt(2 * E - p2 * p2 - kOmega * kOmega * q2 * q2);  // 0.8888…
    SHNN_COMPARE_REL((*x)(2), p1, 1e-12);
    SHNN_COMPARE_REL(energy(x->data()), E, 1e-14);
    // Outside the energy surface's shadow on the section: (q2, p2) alone already above E.
    QVERIFY(!sectionState(energy, 0.9, 0.0, E));  // ω² q2²/2 = 0.81 > 0.5
}

void TestPoincare::crossingsAreTheClosedForm() {
    const double E = 0.5, q20 = 0.2, p20 = -0.3;
    const Eigen::VectorXd start = *sectionState(energy, q20, p20, E);
    SectionSettings s;
    s.energy = E;
    s.crossings = 25;
    const SectionOrbit orbit = sectionOrbit(field, start, s);
    QVERIFY(!orbit.leftBounds);
    QCOMPARE(orbit.crossings.rows(), Eigen::Index(25));  // stops at the count asked for
    QCOMPARE(orbit.crossings.cols(), Eigen::Index(4));
    double worst = 0;
    for (Eigen::Index k = 0; k < orbit.crossings.rows(); ++k) {
        const double theta = kTwoPi * static_cast<double>(k + 1) * kOmega;
        const Eigen::RowVectorXd x = orbit.crossings.row(k);
        const double q2 = q20 * std::cos(theta) + p20 / kOmega * std::sin(theta);
        const double p2 = -kOmega * q20 * std::sin(theta) + p20 * std::cos(theta);
        worst = std::max({worst, std::abs(x(0)), std::abs(x(1) - q2), std::abs(x(2) - start(2)), std::abs(x(3) - p2)});
    }
    qInfo("25 crossings, worst deviation from the closed form %.2e", worst);
    QVERIFY(worst < 5e-8);  // measured 7e-9 (integrator tolerance 1e-10 over t = 157)
}

void TestPoincare::leavingTheBoxStopsTheOrbit() {
    const Eigen::VectorXd start = *sectionState(energy, 0.0, 0.0, 0.5);  // |q2| stays 0, |q1| reaches 1
    SectionSettings s;
    s.energy = 0.5;
    s.crossings = 5;
    s.bounds = {Interval{-2, 2}, Interval{-2, 2}, Interval{-2, 2}, Interval{-2, 2}};
    const SectionOrbit inside = sectionOrbit(field, start, s);
    QVERIFY(!inside.leftBounds);
    QCOMPARE(inside.crossings.rows(), Eigen::Index(5));
    // q1 swings to ±1: a box of |q1| ≤ 0.5 is left in the first quarter period, before any crossing.
    s.bounds[0] = Interval{-0.5, 0.5};
    const SectionOrbit outside = sectionOrbit(field, start, s);
    QVERIFY(outside.leftBounds);
    QCOMPARE(outside.crossings.rows(), Eigen::Index(0));
    // The time limit ends an orbit too, without leaving anything: t ≤ 3π holds one crossing.
    s.bounds.clear();
    s.maxTime = 3 * kTwoPi / 2;
    const SectionOrbit timed = sectionOrbit(field, start, s);
    QVERIFY(!timed.leftBounds);
    QCOMPARE(timed.crossings.rows(), Eigen::Index(1));
}

void TestPoincare::cancelStopsTheOrbit() {
    std::atomic<bool> cancel{true};
    RunControl control(nullptr, &cancel);
    SectionSettings s;
    s.crossings = 1000000;
    s.maxTime = 1e9;
    QVERIFY_THROWS_EXCEPTION(Cancelled, sectionOrbit(field, *sectionState(energy, 0.1, 0.1, 0.5), s, &control));
}

QTEST_GUILESS_MAIN(TestPoincare)
#include "test_poincare.moc"

// Double pendulum in canonical momenta. With Δ = q1 − q2, S = m1 + m2 sin²Δ:
//   T = [m2 l2² p1² + (m1+m2) l1² p2² − 2 m2 l1 l2 p1 p2 cos Δ] / (2 m2 l1² l2² S)
//   H = T − (m1+m2) g l1 cos q1 − m2 g l2 cos q2
// Gradient:
//   ∂H/∂p1 = (m2 l2² p1 − m2 l1 l2 p2 cos Δ) / (m2 l1² l2² S)
//   ∂H/∂p2 = ((m1+m2) l1² p2 − m2 l1 l2 p1 cos Δ) / (m2 l1² l2² S)
//   ∂T/∂Δ  = m2 l1 l2 p1 p2 sin Δ / (m2 l1² l2² S) − T · 2 m2 sin Δ cos Δ / S
//   ∂H/∂q1 =  ∂T/∂Δ + (m1+m2) g l1 sin q1,   ∂H/∂q2 = −∂T/∂Δ + m2 g l2 sin q2
#include "system.h"

#include <cmath>

namespace shnn {
namespace {

class DoublePendulum final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kM1, kM2, kL1, kL2, kG };

public:
    DoublePendulum()
        : HamiltonianSystem({{"m1", 1.0, "upper mass"},
                             {"m2", 1.0, "lower mass"},
                             {"l1", 1.0, "upper length"},
                             {"l2", 1.0, "lower length"},
                             {"g", 1.0, "gravity"}}) {}
    std::string name() const override { return "double_pendulum"; }
    std::string title() const override { return "Double pendulum"; }
    std::string formula() const override {
        return "(m2*l2^2*p1^2 + (m1+m2)*l1^2*p2^2 - 2*m2*l1*l2*p1*p2*cos(q1-q2)) / "
               "(2*m2*l1^2*l2^2*(m1 + m2*sin(q1-q2)^2)) - (m1+m2)*g*l1*cos(q1) - m2*g*l2*cos(q2)";
    }
    int dof() const override { return 2; }
    std::vector<double> exampleState() const override { return {0.6, -0.4, 0.2, 0.1}; }
    Domain defaultDomain() const override {
        return Domain{{{-M_PI, M_PI}, {-M_PI, M_PI}, {-1.0, 1.0}, {-1.0, 1.0}}};
    }
    void validateParams() const override {
        requireFinite();
        for (const char* n : {"m1", "m2", "l1", "l2"}) requirePositive(n);
    }
    double H(const double* x) const override {
        const Terms t = terms(x);
        return t.T - (t.m1 + t.m2) * t.g * t.l1 * std::cos(x[0]) - t.m2 * t.g * t.l2 * std::cos(x[1]);
    }
    void gradH(const double* x, double* out) const override {
        const Terms t = terms(x);
        const double den = t.m2 * t.l1 * t.l1 * t.l2 * t.l2 * t.S;  // half the denominator of T
        const double dTdDelta =
            t.m2 * t.l1 * t.l2 * x[2] * x[3] * t.s / den - t.T * 2 * t.m2 * t.s * t.c / t.S;
        out[0] = dTdDelta + (t.m1 + t.m2) * t.g * t.l1 * std::sin(x[0]);
        out[1] = -dTdDelta + t.m2 * t.g * t.l2 * std::sin(x[1]);
        out[2] = (t.m2 * t.l2 * t.l2 * x[2] - t.m2 * t.l1 * t.l2 * x[3] * t.c) / den;
        out[3] = ((t.m1 + t.m2) * t.l1 * t.l1 * x[3] - t.m2 * t.l1 * t.l2 * x[2] * t.c) / den;
    }

private:
    struct Terms {
        double m1, m2, l1, l2, g, s, c, S, T;
    };
    Terms terms(const double* x) const {
        Terms t{};
        t.m1 = paramAt(kM1);
        t.m2 = paramAt(kM2);
        t.l1 = paramAt(kL1);
        t.l2 = paramAt(kL2);
        t.g = paramAt(kG);
        const double delta = x[0] - x[1];
        t.s = std::sin(delta);
        t.c = std::cos(delta);
        t.S = t.m1 + t.m2 * t.s * t.s;
        const double p1 = x[2], p2 = x[3];
        t.T = (t.m2 * t.l2 * t.l2 * p1 * p1 + (t.m1 + t.m2) * t.l1 * t.l1 * p2 * p2 -
               2 * t.m2 * t.l1 * t.l2 * p1 * p2 * t.c) /
              (2 * t.m2 * t.l1 * t.l1 * t.l2 * t.l2 * t.S);
        return t;
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeDoublePendulum() { return std::make_unique<DoublePendulum>(); }

} // namespace shnn

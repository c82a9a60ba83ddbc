// H = (p1² + p2²)/2 + (q1² + q2²)/2 + α (q1² q2 − q2³/3)
// ∂H/∂q1 = q1 + 2 α q1 q2,  ∂H/∂q2 = q2 + α (q1² − q2²),  ∂H/∂p = p
#include "system.h"

namespace shnn {
namespace {

class HenonHeiles final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kAlpha };

public:
    HenonHeiles() : HamiltonianSystem({{"alpha", 1.0, "strength of the cubic coupling"}}) {}
    std::string name() const override { return "henon_heiles"; }
    std::string title() const override { return "Hénon–Heiles"; }
    std::string formula() const override {
        return "(p1^2 + p2^2)/2 + (q1^2 + q2^2)/2 + alpha*(q1^2*q2 - q2^3/3)";
    }
    int dof() const override { return 2; }
    // Energy ≈ 0.08 < 1/6: a bounded orbit.
    std::vector<double> exampleState() const override { return {0.1, 0.2, 0.3, 0.1}; }
    double exampleDuration() const override { return 50.0; }
    Domain defaultDomain() const override { return Domain{{{-5, 5}, {-5, 5}, {-5, 5}, {-5, 5}}}; }
    double H(const double* x) const override {
        const double a = paramAt(kAlpha);
        const double q1 = x[0], q2 = x[1], p1 = x[2], p2 = x[3];
        return (p1 * p1 + p2 * p2) / 2 + (q1 * q1 + q2 * q2) / 2 + a * (q1 * q1 * q2 - q2 * q2 * q2 / 3);
    }
    void gradH(const double* x, double* out) const override {
        const double a = paramAt(kAlpha);
        const double q1 = x[0], q2 = x[1];
        out[0] = q1 + 2 * a * q1 * q2;
        out[1] = q2 + a * (q1 * q1 - q2 * q2);
        out[2] = x[2];
        out[3] = x[3];
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeHenonHeiles() { return std::make_unique<HenonHeiles>(); }

} // namespace shnn

// H = p²/(2 m l²) + m g l (1 − cos(f q))
// ∂H/∂q = m g l f sin(f q),  ∂H/∂p = p / (m l²)
#include "system.h"

#include <cmath>

namespace shnn {
namespace {

class SinglePendulum final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kM, kL, kG, kF };

public:
    SinglePendulum()
        : HamiltonianSystem({{"m", 1.0, "mass"},
                             {"l", 1.0, "length"},
                             {"g", 1.0, "gravity"},
                             {"f", 1.0, "frequency factor of the potential"}}) {}
    std::string name() const override { return "single_pendulum"; }
    std::string title() const override { return "Single pendulum"; }
    std::string formula() const override { return "p^2/(2*m*l^2) + m*g*l*(1 - cos(f*q))"; }
    int dof() const override { return 1; }
    std::vector<double> exampleState() const override { return {1.0, 0.5}; }
    Domain defaultDomain() const override { return Domain{{{-2 * M_PI, 2 * M_PI}, {-1.0, 1.0}}}; }
    void validateParams() const override {
        requireFinite();
        requirePositive("m");
        requirePositive("l");
    }
    double H(const double* x) const override {
        const double m = paramAt(kM), l = paramAt(kL), g = paramAt(kG), f = paramAt(kF);
        return x[1] * x[1] / (2 * m * l * l) + m * g * l * (1 - std::cos(f * x[0]));
    }
    void gradH(const double* x, double* out) const override {
        const double m = paramAt(kM), l = paramAt(kL), g = paramAt(kG), f = paramAt(kF);
        out[0] = m * g * l * f * std::sin(f * x[0]);
        out[1] = x[1] / (m * l * l);
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeSinglePendulum() { return std::make_unique<SinglePendulum>(); }

} // namespace shnn

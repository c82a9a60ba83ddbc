// H = k q²/2 + p²/(2 m);  ∂H/∂q = k q,  ∂H/∂p = p/m
#include "system.h"

namespace shnn {
namespace {

class Spring final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kM, kK };

public:
    Spring() : HamiltonianSystem({{"m", 1.0, "mass"}, {"k", 1.0, "spring constant"}}) {}
    std::string name() const override { return "spring"; }
    std::string title() const override { return "Mass on a spring"; }
    std::string formula() const override { return "k*q^2/2 + p^2/(2*m)"; }
    int dof() const override { return 1; }
    std::vector<double> exampleState() const override { return {0.5, 0.3}; }
    double exampleDuration() const override { return 15.0; }
    Domain defaultDomain() const override { return Domain{{{-1.0, 1.0}, {-1.0, 1.0}}}; }
    void validateParams() const override {
        requireFinite();
        requirePositive("m");
    }
    double H(const double* x) const override {
        return paramAt(kK) * x[0] * x[0] / 2 + x[1] * x[1] / (2 * paramAt(kM));
    }
    void gradH(const double* x, double* out) const override {
        out[0] = paramAt(kK) * x[0];
        out[1] = x[1] / paramAt(kM);
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeSpring() { return std::make_unique<Spring>(); }

} // namespace shnn

// Lotka–Volterra in logarithmic coordinates:
// H = δ e^p − γ p + β e^q − α q;  ∂H/∂q = β e^q − α,  ∂H/∂p = δ e^p − γ
#include "system.h"

#include <cmath>

namespace shnn {
namespace {

class LotkaVolterra final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kAlpha, kBeta, kGamma, kDelta };

public:
    LotkaVolterra()
        : HamiltonianSystem({{"alpha", -2.0, "prey growth"},
                             {"beta", -1.0, "predation"},
                             {"gamma", -1.0, "predator death"},
                             {"delta", -1.0, "predator growth"}}) {}
    std::string name() const override { return "lotka_volterra"; }
    std::string title() const override { return "Lotka–Volterra"; }
    std::string formula() const override { return "delta*exp(p) - gamma*p + beta*exp(q) - alpha*q"; }
    int dof() const override { return 1; }
    std::vector<double> exampleState() const override { return {0.8, 0.4}; }
    Domain defaultDomain() const override { return Domain{{{-2.0, 2.0}, {-2.0, 2.0}}}; }
    double H(const double* x) const override {
        return paramAt(kDelta) * std::exp(x[1]) - paramAt(kGamma) * x[1] + paramAt(kBeta) * std::exp(x[0]) -
               paramAt(kAlpha) * x[0];
    }
    void gradH(const double* x, double* out) const override {
        out[0] = paramAt(kBeta) * std::exp(x[0]) - paramAt(kAlpha);
        out[1] = paramAt(kDelta) * std::exp(x[1]) - paramAt(kGamma);
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeLotkaVolterra() { return std::make_unique<LotkaVolterra>(); }

} // namespace shnn

// Lotka–Volterra in logarithmic coordinates:
// H = δ e^p − γ p + β e^q − α q;  ∂H/∂q = β e^q − α,  ∂H/∂p = δ e^p − γ
#include "system.h"

#include <cmath>

namespace shnn {
namespace {

class LotkaVolterra final : public HamiltonianSystem {
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
        return param("delta") * std::exp(x[1]) - param("gamma") * x[1] + param("beta") * std::exp(x[0]) -
               param("alpha") * x[0];
    }
    void gradH(const double* x, double* out) const override {
        out[0] = param("beta") * std::exp(x[0]) - param("alpha");
        out[1] = param("delta") * std::exp(x[1]) - param("gamma");
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeLotkaVolterra() { return std::make_unique<LotkaVolterra>(); }

} // namespace shnn

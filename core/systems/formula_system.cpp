// A Hamiltonian typed as text: parsed and differentiated exactly by the computer-algebra
// library once (formula/formula.h), evaluated from the compiled tapes afterwards.
#include "formula/formula.h"
#include "system.h"

namespace shnn {
namespace {

std::vector<Param> paramsOf(const std::map<std::string, double>& constants) {
    std::vector<Param> out;
    for (const auto& [name, value] : constants) out.push_back({name, value, "constant of the formula"});
    return out;
}

class FormulaSystem final : public HamiltonianSystem {
public:
    FormulaSystem(formula::Formula f) : HamiltonianSystem(paramsOf(f.constants)), f_(std::move(f)) {}
    std::string name() const override { return "formula"; }
    std::string title() const override { return "Custom formula"; }
    std::string formula() const override { return f_.text; }
    int dof() const override { return f_.dof; }
    Domain defaultDomain() const override {
        Domain d;
        for (int i = 0; i < 2 * f_.dof; ++i) d.intervals.push_back({-1.0, 1.0});
        return d;
    }
    std::vector<double> exampleState() const override {
        std::vector<double> x(static_cast<size_t>(2 * f_.dof), 0.0);
        for (int i = 0; i < f_.dof; ++i) x[static_cast<size_t>(i)] = 0.5;
        return x;
    }
    double H(const double* x) const override {
        double h = 0;
        f_.hTape.evaluate(x, &h);
        return h;
    }
    void gradH(const double* x, double* out) const override {
        const int D = 2 * f_.dof;
        thread_local std::vector<double> all;
        all.resize(static_cast<size_t>(D + 1));
        f_.fullTape.evaluate(x, all.data());
        for (int i = 0; i < D; ++i) out[i] = all[static_cast<size_t>(i + 1)];
    }
    void evaluateMany(const Eigen::MatrixXd& X, Eigen::VectorXd* H, Eigen::MatrixXd* grad) const override {
        Eigen::MatrixXd out;
        if (grad) {
            f_.fullTape.evaluateMany(X, out);
            if (H) *H = out.col(0);
            *grad = out.rightCols(out.cols() - 1);
        } else if (H) {
            f_.hTape.evaluateMany(X, out);
            *H = out.col(0);
        }
    }
    std::vector<std::string> derivativeTexts() const override { return f_.derivatives; }
    // Parameters are fixed when the formula is compiled: a change makes a new system.
    void validateParams() const override { requireFinite(); }

private:
    formula::Formula f_;
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeFormulaSystem(const std::string& H, const std::map<std::string, double>& constants,
                                                     int dof) {
    return std::make_unique<FormulaSystem>(formula::parseFormula(H, constants, dof));
}

} // namespace shnn

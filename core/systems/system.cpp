#include "system.h"

#include "../errors.h"
#include "../text/parse.h"

#include <cmath>

namespace shnn {

double HamiltonianSystem::param(const std::string& name) const {
    for (const auto& p : params_)
        if (p.name == name) return p.value;
    throw SettingsError("param", "system '" + this->name() + "' has no parameter '" + name + "'");
}

void HamiltonianSystem::setParam(const std::string& name, double value) {
    for (auto& p : params_) {
        if (p.name == name) {
            p.value = value;
            return;
        }
    }
    std::string known;
    for (const auto& p : params_) known += (known.empty() ? "" : ", ") + p.name;
    throw SettingsError("param", "unknown parameter '" + name + "' for system '" + this->name() +
                                     "' (known: " + known + ")");
}

void HamiltonianSystem::validateParams() const { requireFinite(); }

void HamiltonianSystem::requireFinite() const {
    for (const auto& p : params_)
        if (!std::isfinite(p.value)) throw SettingsError("param", p.name + " is not a finite number");
}

void HamiltonianSystem::requirePositive(const std::string& name) const {
    const double v = param(name);
    if (!(v > 0.0))
        throw SettingsError("param", name + " must be positive, got " + text::formatNumber(v) +
                                         " (H is undefined otherwise)");
}

std::vector<std::string> HamiltonianSystem::coordinateNames() const {
    std::vector<std::string> names;
    const int d = dof();
    for (const char* kind : {"q", "p"})
        for (int i = 1; i <= d; ++i) names.push_back(d == 1 ? std::string(kind) : kind + std::to_string(i));
    return names;
}

void HamiltonianSystem::vectorField(const double* x, double* dx) const {
    const int d = dof();
    // A stack buffer for the usual sizes: this runs at every step of every integration.
    double small[32];
    std::vector<double> large;
    if (2 * d > 32) large.resize(static_cast<size_t>(2 * d));
    double* g = 2 * d > 32 ? large.data() : small;
    gradH(x, g);
    for (int i = 0; i < d; ++i) {
        dx[i] = g[d + i];
        dx[d + i] = -g[i];
    }
}

void HamiltonianSystem::evaluateMany(const Eigen::MatrixXd& X, Eigen::VectorXd* Hout, Eigen::MatrixXd* grad) const {
    const Eigen::Index n = X.rows(), D = X.cols();
    if (Hout) Hout->resize(n);
    if (grad) grad->resize(n, D);
    Eigen::VectorXd x(D), g(D);
    for (Eigen::Index k = 0; k < n; ++k) {
        x = X.row(k).transpose();
        if (Hout) (*Hout)(k) = H(x.data());
        if (grad) {
            gradH(x.data(), g.data());
            grad->row(k) = g.transpose();
        }
    }
}

std::vector<std::string> systemNames() {
    return {"single_pendulum", "spring", "lotka_volterra", "double_pendulum", "henon_heiles", "fput_chain"};
}

std::unique_ptr<HamiltonianSystem> makeSystem(const std::string& name, const std::map<std::string, double>& params) {
    std::unique_ptr<HamiltonianSystem> s;
    if (name == "single_pendulum") s = makeSinglePendulum();
    else if (name == "spring") s = makeSpring();
    else if (name == "lotka_volterra") s = makeLotkaVolterra();
    else if (name == "double_pendulum") s = makeDoublePendulum();
    else if (name == "henon_heiles") s = makeHenonHeiles();
    else if (name == "fput_chain") s = makeFputChain();
    else {
        std::string known;
        for (const auto& n : systemNames()) known += (known.empty() ? "" : ", ") + n;
        throw SettingsError("system", "unknown system '" + name + "' (known: " + known + ", formula with --H)");
    }
    for (const auto& [k, v] : params) s->setParam(k, v);
    s->validateParams();
    return s;
}

} // namespace shnn

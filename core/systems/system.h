#pragma once
// A Hamiltonian system H(q, p) with d degrees of freedom; states x = (q1..qd, p1..pd).
// Hamilton's equations give the vector field  q̇ = ∂H/∂p,  ṗ = −∂H/∂q.
#include "domain.h"

#include <Eigen/Core>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace shnn {

struct Param {
    std::string name;
    double value = 0.0;
    std::string description;
};

class HamiltonianSystem {
public:
    virtual ~HamiltonianSystem() = default;

    virtual std::string name() const = 0;         // registry key, e.g. "single_pendulum"
    virtual std::string title() const = 0;        // "Single pendulum"
    virtual std::string formula() const = 0;      // H as text a formula system accepts (--H)
    virtual int dof() const = 0;
    virtual Domain defaultDomain() const = 0;
    virtual double H(const double* x) const = 0;
    virtual void gradH(const double* x, double* g) const = 0;

    // A typical initial state and time span for demonstrations (a bounded orbit).
    virtual std::vector<double> exampleState() const = 0;
    virtual double exampleDuration() const { return 20.0; }

    int dim() const { return 2 * dof(); }
    const std::vector<Param>& params() const { return params_; }
    double param(const std::string& name) const;
    // By position in the constructor's list: the built-in systems' H and ∇H, per state (a
    // lookup by name took most of the 285 ns of the pendulum's H and ∇H).
    double paramAt(int index) const { return params_[static_cast<std::size_t>(index)].value; }
    // Sets one parameter; throws SettingsError("param", ...) for an unknown name.
    void setParam(const std::string& name, double value);
    // Throws SettingsError("param", ...) if the parameters make H undefined.
    virtual void validateParams() const;

    // Coordinate names: "q", "p" for d = 1; "q1", "q2", "p1", "p2" for d = 2.
    std::vector<std::string> coordinateNames() const;
    // Hamilton's equations: dx = (∂H/∂p, −∂H/∂q).
    void vectorField(const double* x, double* dx) const;
    // H and ∇H at many states (X is N×D); pass nullptr for what is not needed. The default
    // calls H and gradH state by state; formula systems evaluate whole blocks.
    virtual void evaluateMany(const Eigen::MatrixXd& X, Eigen::VectorXd* H, Eigen::MatrixXd* grad) const;
    // The exact derivatives as text ("∂H/∂q = sin(q)"), for systems typed as formulas.
    virtual std::vector<std::string> derivativeTexts() const { return {}; }

protected:
    explicit HamiltonianSystem(std::vector<Param> params) : params_(std::move(params)) {}
    void requirePositive(const std::string& name) const;
    void requireFinite() const;

private:
    std::vector<Param> params_;
};

// The systems the engine knows, in menu order.
std::vector<std::string> systemNames();
// Creates a system with default parameters overridden by `params`; validates them.
// Throws SettingsError("system", ...) or SettingsError("param", ...).
std::unique_ptr<HamiltonianSystem> makeSystem(const std::string& name,
                                              const std::map<std::string, double>& params = {});

// One factory per system (each in its own file).
std::unique_ptr<HamiltonianSystem> makeSinglePendulum();
std::unique_ptr<HamiltonianSystem> makeSpring();
std::unique_ptr<HamiltonianSystem> makeLotkaVolterra();
std::unique_ptr<HamiltonianSystem> makeDoublePendulum();
std::unique_ptr<HamiltonianSystem> makeHenonHeiles();
std::unique_ptr<HamiltonianSystem> makeFputChain();
// A system typed as text (see formula/formula.h): `constants` are its named parameters,
// `dof` 0 infers the degrees of freedom. Throws SettingsError("H" | "param" | "dof", ...).
std::unique_ptr<HamiltonianSystem> makeFormulaSystem(const std::string& H, const std::map<std::string, double>& constants,
                                                     int dof = 0);

} // namespace shnn

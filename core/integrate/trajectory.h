#pragma once
// Trajectories of the true and the learned system, by one of three methods:
//  dopri5            Boost.Odeint's Dormand–Prince 5(4) (runge_kutta_dopri5) in dense-output
//                    mode: adaptive steps controlled by the tolerances, states at the requested
//                    times from the dense interpolant. Accurate, not symplectic: over long
//                    times its energy error grows.
//  symplectic-euler  q_{n+1} = q_n + Δt f_q(q_{n+1}, p_n),  p_{n+1} = p_n + Δt f_p(q_{n+1}, p_n):
//                    first order and symplectic for any Hamiltonian — also a learned Ĥ, which
//                    is not separable (H ≠ T(p) + V(q)), so the implicit q-update is solved by
//                    fixed-point iteration (Odeint's symplectic RKN steppers assume separability).
//  midpoint          x_{n+1} = x_n + Δt f((x_n + x_{n+1})/2): the implicit midpoint rule, second
//                    order and symplectic, also by fixed-point iteration.
// With a symplectic method the energy error of a Hamiltonian flow stays bounded over long
// times; a flow that is not Hamiltonian (a network fitted to ẋ directly) drifts anyway.
#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

namespace shnn {

class HamiltonianSystem;
struct HnnModel;
class RunControl;

enum class Integrator { Dopri5, SymplecticEuler, Midpoint };
std::string integratorName(Integrator m);        // "dopri5", "symplectic-euler", "midpoint"
Integrator parseIntegrator(const std::string& s);  // SettingsError("integrator", ...)

struct IntegratorSettings {
    Integrator method = Integrator::Dopri5;
    double absTol = 1e-12;
    double relTol = 1e-12;
    long maxStepsBetweenSamples = 200000;  // guards against a stiff or escaping learned flow
    double dt = 0.01;                      // the fixed step of the symplectic methods
};

std::string integratorDescription(const IntegratorSettings& s);

// dx = f(x) for a state of dimension D.
using VectorFieldFn = std::function<void(const double* x, double* dx)>;

struct Trajectory {
    std::vector<double> t;      // sample times 0 … tEnd
    Eigen::MatrixXd states;     // one row per sample time (fewer if the flow diverged)
    bool diverged = false;      // the state became non-finite or the stepper could not advance
    double divergedAt = 0.0;
};

// Integrates dx/dt = f(x) from x0 and samples at `samples` equally spaced times in [0, tEnd].
Trajectory integrateFlow(const VectorFieldFn& f, const Eigen::VectorXd& x0, double tEnd, int samples,
                         const IntegratorSettings& settings, const RunControl* control = nullptr);

struct TrajectoryComparison {
    Trajectory truth;                 // flow of the true H
    Trajectory learned;               // flow of the learned Ĥ
    Eigen::VectorXd energyTrue;       // H along the true orbit
    Eigen::VectorXd energyLearned;    // Ĥ along the learned orbit
    Eigen::VectorXd energyLearnedTrueH;  // H along the learned orbit (drift of the learned flow in true energy)
    std::string integrator;
};

TrajectoryComparison compareTrajectories(const HamiltonianSystem& sys, const HnnModel& model, const Eigen::VectorXd& x0,
                                         double tEnd, int samples, const IntegratorSettings& settings = {},
                                         const RunControl* control = nullptr);

} // namespace shnn

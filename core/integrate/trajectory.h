#pragma once
// Trajectories of the true and the learned system with Boost.Odeint's Dormand–Prince 5(4)
// stepper (runge_kutta_dopri5) in dense-output mode: adaptive steps controlled by the
// absolute and relative tolerances, states at the requested times from the dense
// interpolant. The learned Ĥ is not separable (H ≠ T(p) + V(q)), so the symplectic RKN
// steppers, which assume separability, do not apply to it; both flows use the same method.
#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

namespace shnn {

class HamiltonianSystem;
struct HnnModel;
class RunControl;

struct IntegratorSettings {
    double absTol = 1e-12;
    double relTol = 1e-12;
    long maxStepsBetweenSamples = 200000;  // guards against a stiff or escaping learned flow
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

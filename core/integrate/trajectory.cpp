// The only file that includes Boost.Odeint (slow to compile).
#include "trajectory.h"

#include "../errors.h"
#include "../model/hnn_model.h"
#include "../progress.h"
#include "../systems/system.h"
#include "../text/parse.h"

#include <boost/numeric/odeint.hpp>
#include <cmath>

namespace shnn {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;

namespace {
struct Diverged {
    double t;
};
} // namespace

std::string integratorName(Integrator m) {
    switch (m) {
    case Integrator::Dopri5: return "dopri5";
    case Integrator::SymplecticEuler: return "symplectic-euler";
    case Integrator::Midpoint: return "midpoint";
    }
    return "?";
}

Integrator parseIntegrator(const std::string& s) {
    for (Integrator m : {Integrator::Dopri5, Integrator::SymplecticEuler, Integrator::Midpoint})
        if (integratorName(m) == s) return m;
    throw SettingsError("integrator", "unknown integrator '" + s + "' (known: dopri5, symplectic-euler, midpoint)");
}

std::string integratorDescription(const IntegratorSettings& s) {
    if (s.method == Integrator::SymplecticEuler)
        return "symplectic Euler (implicit in q, fixed-point iterations), fixed step " + text::formatNumber(s.dt);
    if (s.method == Integrator::Midpoint)
        return "implicit midpoint rule (symplectic, second order, fixed-point iterations), fixed step " + text::formatNumber(s.dt);
    return "Dormand–Prince 5(4) (Boost.Odeint runge_kutta_dopri5, dense output), abs tol " +
           text::formatNumber(s.absTol) + ", rel tol " + text::formatNumber(s.relTol);
}

namespace {

// One step of a symplectic method; false when the fixed-point iteration does not converge
// (the step is too large for this flow) or the state is not finite.
bool symplecticStep(const VectorFieldFn& f, Integrator method, double dt, Eigen::VectorXd& x, Eigen::VectorXd& next,
                    Eigen::VectorXd& dx, Eigen::VectorXd& mid) {
    const Eigen::Index D = x.size(), d = D / 2;
    f(x.data(), dx.data());
    next = x + dt * dx;  // explicit Euler as the first guess
    double previous = 1e300;
    for (int it = 0; it < 100; ++it) {
        Eigen::VectorXd before = next;
        if (method == Integrator::Midpoint) {
            mid = 0.5 * (x + next);
            f(mid.data(), dx.data());
            next = x + dt * dx;
        } else {
            // f at (q_{n+1}, p_n): the q-update is implicit, the p-update explicit.
            mid.head(d) = next.head(d);
            mid.tail(d) = x.tail(d);
            f(mid.data(), dx.data());
            next.head(d) = x.head(d) + dt * dx.head(d);
            next.tail(d) = x.tail(d) + dt * dx.tail(d);
        }
        if (!next.allFinite()) return false;
        // Converged: to 1e-13, or as far as the rounding of f allows (the change stopped
        // shrinking, a learned field's sums carry ~1e-13 of noise).
        const double change = (next - before).norm(), scale = 1 + next.norm();
        const bool done = change <= 1e-13 * scale || (it > 3 && change >= previous && change <= 1e-9 * scale);
        previous = change;
        if (done) {
            if (method == Integrator::SymplecticEuler) {
                mid.head(d) = next.head(d);
                mid.tail(d) = x.tail(d);
                f(mid.data(), dx.data());
                next.tail(d) = x.tail(d) + dt * dx.tail(d);
            }
            x.swap(next);
            return true;
        }
    }
    return false;
}

Trajectory integrateFixedStep(const VectorFieldFn& f, const Eigen::VectorXd& x0, double tEnd, int samples,
                              const IntegratorSettings& settings, const RunControl* control) {
    if (!(settings.dt > 0) || !std::isfinite(settings.dt)) throw SettingsError("dt", "must be a positive step");
    // Whole steps between samples; the step is shortened slightly to land on every sample.
    const double interval = tEnd / (samples - 1);
    const long perSample = std::max(1L, static_cast<long>(std::ceil(interval / settings.dt - 1e-9)));
    if (static_cast<double>(perSample) * (samples - 1) > 1e9) throw SettingsError("dt", "is too small for this time span");
    const double dt = interval / static_cast<double>(perSample);
    Trajectory out;
    out.t.resize(static_cast<size_t>(samples));
    for (int k = 0; k < samples; ++k) out.t[static_cast<size_t>(k)] = tEnd * k / (samples - 1);
    out.states.resize(samples, x0.size());
    Eigen::VectorXd x = x0, next(x0.size()), dx(x0.size()), mid(x0.size());
    out.states.row(0) = x.transpose();
    int stored = 1;
    for (int k = 1; k < samples; ++k) {
        for (long s = 0; s < perSample; ++s)
            if (!symplecticStep(f, settings.method, dt, x, next, dx, mid)) {
                out.diverged = true;
                out.divergedAt = out.t[static_cast<size_t>(k - 1)];
                break;
            }
        if (out.diverged) break;
        out.states.row(stored++) = x.transpose();
        if (control && stored % 64 == 0) control->report(Stage::Integrating, static_cast<double>(stored) / samples);
    }
    out.t.resize(static_cast<size_t>(stored));
    out.states.conservativeResize(stored, x0.size());
    return out;
}

} // namespace

Trajectory integrateFlow(const VectorFieldFn& f, const Eigen::VectorXd& x0, double tEnd, int samples,
                         const IntegratorSettings& settings, const RunControl* control) {
    if (!(tEnd > 0.0) || !std::isfinite(tEnd)) throw SettingsError("t-end", "must be a positive finite time");
    if (samples < 2) throw SettingsError("samples", "need at least 2 samples");
    if (settings.method != Integrator::Dopri5) return integrateFixedStep(f, x0, tEnd, samples, settings, control);
    const int D = static_cast<int>(x0.size());
    Trajectory out;
    out.t.resize(static_cast<size_t>(samples));
    for (int k = 0; k < samples; ++k) out.t[static_cast<size_t>(k)] = tEnd * k / (samples - 1);
    out.states.resize(samples, D);

    long calls = 0;
    auto rhs = [&](const State& x, State& dx, double /*t*/) {
        if (control && (++calls & 1023) == 0) control->check();
        f(x.data(), dx.data());
    };
    int stored = 0;
    auto observer = [&](const State& x, double t) {
        for (int i = 0; i < D; ++i) {
            if (!std::isfinite(x[static_cast<size_t>(i)])) throw Diverged{t};
            out.states(stored, i) = x[static_cast<size_t>(i)];
        }
        ++stored;
        if (control && (stored % 64 == 0)) control->report(Stage::Integrating, static_cast<double>(stored) / samples);
    };
    State x(x0.data(), x0.data() + D);
    auto stepper = odeint::make_dense_output(settings.absTol, settings.relTol, odeint::runge_kutta_dopri5<State>());
    const double dt0 = std::min(1e-3, tEnd / (samples - 1));
    try {
        odeint::integrate_times(stepper, rhs, x, out.t.begin(), out.t.end(), dt0, observer,
                                odeint::max_step_checker(static_cast<int>(settings.maxStepsBetweenSamples)));
    } catch (const Diverged& d) {
        out.diverged = true;
        out.divergedAt = d.t;
    } catch (const odeint::step_adjustment_error&) {
        out.diverged = true;
    } catch (const odeint::no_progress_error&) {
        out.diverged = true;
    }
    if (out.diverged) {
        if (stored > 0 && out.divergedAt == 0.0) out.divergedAt = out.t[static_cast<size_t>(stored - 1)];
        out.t.resize(static_cast<size_t>(stored));
        out.states.conservativeResize(stored, D);
    }
    return out;
}

TrajectoryComparison compareTrajectories(const HamiltonianSystem& sys, const HnnModel& model, const Eigen::VectorXd& x0,
                                         double tEnd, int samples, const IntegratorSettings& settings,
                                         const RunControl* control) {
    if (x0.size() != sys.dim())
        throw SettingsError("x0", "needs " + std::to_string(sys.dim()) + " values (q1..qd, p1..pd), got " +
                                      std::to_string(x0.size()));
    if (!x0.allFinite()) throw SettingsError("x0", "has a non-finite value");
    TrajectoryComparison c;
    c.integrator = integratorDescription(settings);
    c.truth = integrateFlow([&](const double* x, double* dx) { sys.vectorField(x, dx); }, x0, tEnd, samples, settings,
                            control);
    c.learned = integrateFlow([&](const double* x, double* dx) { model.vectorField(x, dx); }, x0, tEnd, samples,
                              settings, control);
    const auto energy = [](const Eigen::MatrixXd& states, const auto& h) {
        Eigen::VectorXd e(states.rows());
        for (Eigen::Index k = 0; k < states.rows(); ++k) {
            const Eigen::VectorXd x = states.row(k).transpose();
            e(k) = h(x.data());
        }
        return e;
    };
    c.energyTrue = energy(c.truth.states, [&](const double* x) { return sys.H(x); });
    c.energyLearned = energy(c.learned.states, [&](const double* x) { return model.H(x); });
    c.energyLearnedTrueH = energy(c.learned.states, [&](const double* x) { return sys.H(x); });
    return c;
}

} // namespace shnn

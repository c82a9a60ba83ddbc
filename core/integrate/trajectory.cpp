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

std::string integratorDescription(const IntegratorSettings& s) {
    return "Dormand–Prince 5(4) (Boost.Odeint runge_kutta_dopri5, dense output), abs tol " +
           text::formatNumber(s.absTol) + ", rel tol " + text::formatNumber(s.relTol);
}

Trajectory integrateFlow(const VectorFieldFn& f, const Eigen::VectorXd& x0, double tEnd, int samples,
                         const IntegratorSettings& settings, const RunControl* control) {
    if (!(tEnd > 0.0) || !std::isfinite(tEnd)) throw SettingsError("t-end", "must be a positive finite time");
    if (samples < 2) throw SettingsError("samples", "need at least 2 samples");
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

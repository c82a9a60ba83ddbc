// The second (and last) file that includes Boost.Odeint.
#include "poincare.h"

#include "../progress.h"

#include <boost/numeric/odeint.hpp>
#include <cmath>

namespace shnn {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;

std::optional<Eigen::VectorXd> sectionState(const EnergyFn& energy, double q2, double p2, double E, double pMax) {
    Eigen::VectorXd x(4);
    x << 0.0, q2, 0.0, p2;
    auto f = [&](double p1) {
        x(2) = p1;
        return energy(x.data()) - E;
    };
    double lo = 0.0, hi = 1e-3;
    if (!(f(lo) < 0)) return std::nullopt;  // already at or above E with p1 = 0
    while (f(hi) < 0) {
        hi *= 2;
        if (hi > pMax) return std::nullopt;
    }
    for (int it = 0; it < 200 && hi - lo > 1e-15 * (1 + hi); ++it) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) < 0 ? lo : hi) = mid;
    }
    x(2) = 0.5 * (lo + hi);
    return x;
}

SectionOrbit sectionOrbit(const FieldFn& field, const Eigen::VectorXd& start, const SectionSettings& s,
                          const RunControl* control) {
    SectionOrbit orbit;
    orbit.start = start;
    std::vector<Eigen::VectorXd> found;
    long calls = 0;
    auto rhs = [&](const State& x, State& dx, double) {
        if (control && (++calls & 1023) == 0) control->check();
        field(x.data(), dx.data());
    };
    auto stepper = odeint::make_dense_output(s.tolerance, s.tolerance, odeint::runge_kutta_dopri5<State>());
    State x(start.data(), start.data() + start.size());
    stepper.initialize(x, 0.0, 1e-3);
    State probe(x.size());
    long steps = 0;
    while (static_cast<int>(found.size()) < s.crossings && stepper.current_time() < s.maxTime && steps < 5'000'000) {
        const State before = stepper.current_state();
        const double t0 = stepper.current_time();
        stepper.do_step(rhs);
        ++steps;
        const State& after = stepper.current_state();
        bool outside = !std::isfinite(after[0]) || !std::isfinite(after[1]);  // escaped or blew up
        for (size_t i = 0; i < s.bounds.size() && i < after.size(); ++i)
            outside = outside || after[i] < s.bounds[i].lo || after[i] > s.bounds[i].hi;
        if (outside) {  // left the domain: a learned flow means nothing there
            orbit.leftBounds = true;
            break;
        }
        // An upward crossing of q1 = 0 inside this step: bisect on the dense interpolant.
        if (before[0] < 0 && after[0] >= 0) {
            double lo = t0, hi = stepper.current_time();
            for (int it = 0; it < 100 && hi - lo > 1e-14 * (1 + std::abs(hi)); ++it) {
                const double mid = 0.5 * (lo + hi);
                stepper.calc_state(mid, probe);
                (probe[0] < 0 ? lo : hi) = mid;
            }
            stepper.calc_state(0.5 * (lo + hi), probe);
            found.push_back(Eigen::Map<const Eigen::VectorXd>(probe.data(), static_cast<Eigen::Index>(probe.size())));
        }
    }
    orbit.crossings.resize(static_cast<Eigen::Index>(found.size()), start.size());
    for (size_t k = 0; k < found.size(); ++k) orbit.crossings.row(static_cast<Eigen::Index>(k)) = found[k].transpose();
    return orbit;
}

} // namespace shnn

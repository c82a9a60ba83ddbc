#pragma once
// Poincaré sections of two-degree-of-freedom flows: the section q1 = 0 crossed with p1 > 0
// (q̇1 = ∂H/∂p1 > 0 for the usual kinetic energies), at a chosen energy E. Each seed (q2, p2)
// on the section becomes a state by solving H(0, q2, p1, p2) = E for p1 > 0; the flow from
// it is integrated with dense-output Dormand–Prince and every upward crossing of q1 = 0 is
// located by bisection on the dense interpolant. Crossings are reported as (q2, p2) points
// with the full state, so callers can check the energy.
#include "../systems/domain.h"

#include <Eigen/Core>
#include <functional>
#include <optional>
#include <vector>

namespace shnn {

class RunControl;

struct SectionSettings {
    double energy = 1.0 / 12.0;
    int crossings = 200;          // per orbit
    double maxTime = 5000.0;      // per orbit
    double tolerance = 1e-10;     // abs and rel tolerance of the integrator
    std::vector<Interval> bounds; // stop when the orbit leaves this box (empty: never)
};

struct SectionOrbit {
    Eigen::VectorXd start;        // the state the orbit starts from (on the section)
    Eigen::MatrixXd crossings;    // one state (q1, q2, p1, p2) per crossing, q1 ≈ 0
    bool leftBounds = false;      // stopped because it left SectionSettings::bounds (or blew up)
};

using EnergyFn = std::function<double(const double* x)>;
using FieldFn = std::function<void(const double* x, double* dx)>;

// The state on the section q1 = 0 with the given (q2, p2) and energy, p1 > 0 solving
// energy(x) = E; nothing if no p1 in (0, pMax] reaches E (the seed lies outside the
// energy surface's projection).
std::optional<Eigen::VectorXd> sectionState(const EnergyFn& energy, double q2, double p2, double E, double pMax = 100.0);

SectionOrbit sectionOrbit(const FieldFn& field, const Eigen::VectorXd& start, const SectionSettings& s,
                          const RunControl* control = nullptr);

} // namespace shnn

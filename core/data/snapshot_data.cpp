#include "snapshot_data.h"

#include "observation_noise.h"

#include "../errors.h"
#include "../integrate/trajectory.h"
#include "../progress.h"
#include "../systems/system.h"
#include "data_settings.h"

namespace shnn {

Eigen::MatrixXd snapshotFitPoints(const Eigen::MatrixXd& x, const Eigen::MatrixXd& xNext, FitPoint at) {
    const Eigen::Index d = x.cols() / 2;
    switch (at) {
    case FitPoint::Start: return x;
    case FitPoint::SymplecticEuler: {
        Eigen::MatrixXd p(x.rows(), x.cols());
        p.leftCols(d) = xNext.leftCols(d);  // q_next
        p.rightCols(d) = x.rightCols(d);    // p
        return p;
    }
    case FitPoint::Midpoint: return 0.5 * (x + xNext);
    }
    return x;
}

Dataset snapshotDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                        std::mt19937_64& rng, std::mt19937_64& noiseRng, const RunControl* control) {
    const int D = sys.dim();
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    // The pairs stand for exact observations: the flow to well below the errors studied here.
    IntegratorSettings integ;
    integ.absTol = integ.relTol = 1e-12;
    Eigen::MatrixXd x(n, D), xNext(n, D);
    int failures = 0;
    for (Eigen::Index row = 0; row < n;) {
        Eigen::VectorXd x0(D);
        for (int i = 0; i < D; ++i) x0(i) = box.intervals[i].lo + box.intervals[i].width() * unit(rng);
        const Trajectory tr = integrateFlow([&](const double* a, double* da) { sys.vectorField(a, da); }, x0, s.h, 2,
                                            integ, control);
        if (tr.diverged || tr.states.rows() < 2) {
            if (++failures > 1000)
                throw NumericalError("snapshot data: the true flow diverges within h from almost every state in the domain");
            continue;
        }
        x.row(row) = tr.states.row(0);
        xNext.row(row) = tr.states.row(1);
        ++row;
        if (control && (row & 0xff) == 0) control->report(Stage::Sampling, static_cast<double>(row) / static_cast<double>(n));
    }
    if (s.noise > 0) {
        // Row by row, the start state's noise then the next state's; relative noise scales
        // with the spread of the clean start states.
        const Eigen::VectorXd scale = noiseScales(x, s.noise, s.noiseRelative);
        for (Eigen::Index k = 0; k < n; ++k) {
            for (int i = 0; i < D; ++i) x(k, i) += scale(i) * noise(noiseRng);
            for (int i = 0; i < D; ++i) xNext(k, i) += scale(i) * noise(noiseRng);
        }
    }
    Dataset data;
    data.X = snapshotFitPoints(x, xNext, s.fitAt);
    labelStates(sys, data, false, control);
    data.dXdt = (xNext - x) / s.h;
    return data;
}

} // namespace shnn

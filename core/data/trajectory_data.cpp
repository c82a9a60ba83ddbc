#include "trajectory_data.h"

#include "../errors.h"
#include "../integrate/trajectory.h"
#include "../progress.h"
#include "../systems/system.h"
#include "../train/settings.h"

namespace shnn {

Dataset trajectoryDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                          std::mt19937_64& rng, std::mt19937_64& noiseRng, const RunControl* control) {
    const int D = sys.dim();
    const bool fd = s.derivatives == DerivativeSource::FiniteDifferences;
    // Central differences need one observation before and after each kept state.
    const int kept = s.points;
    const int observed = fd ? kept + 2 : kept;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, s.noise > 0 ? s.noise : 1.0);
    IntegratorSettings integ;
    integ.absTol = integ.relTol = 1e-10;

    Dataset data;
    data.X.resize(n, D);
    data.dXdt.resize(n, D);
    data.trajectory.resize(n);
    int trajectories = 0;
    Eigen::Index row = 0;
    int failures = 0;
    while (row < n) {
        Eigen::VectorXd x0(D);
        for (int i = 0; i < D; ++i) x0(i) = box.intervals[i].lo + box.intervals[i].width() * unit(rng);
        const Trajectory tr = integrateFlow([&](const double* x, double* dx) { sys.vectorField(x, dx); }, x0,
                                            s.dt * (observed - 1), observed, integ, control);
        if (tr.diverged) {
            if (++failures > 1000)
                throw NumericalError("trajectory data: the true flow diverges from almost every initial state in the domain");
            continue;
        }
        Eigen::MatrixXd obs = tr.states;
        if (s.noise > 0)
            for (Eigen::Index k = 0; k < obs.rows(); ++k)
                for (int i = 0; i < D; ++i) obs(k, i) += noise(noiseRng);
        for (int k = 0; k < kept && row < n; ++k, ++row) {
            const int src = fd ? k + 1 : k;
            data.trajectory(row) = trajectories;
            data.X.row(row) = obs.row(src);
            if (fd) {
                data.dXdt.row(row) = (obs.row(src + 1) - obs.row(src - 1)) / (2.0 * s.dt);
            } else {
                const Eigen::VectorXd truth = tr.states.row(src).transpose();
                Eigen::VectorXd dx(D);
                sys.vectorField(truth.data(), dx.data());
                data.dXdt.row(row) = dx.transpose();
            }
        }
        ++trajectories;
        if (control) control->report(Stage::Sampling, 0.0);
    }
    labelStates(sys, data, false);
    return data;
}

} // namespace shnn

#include "trajectory_data.h"

#include "observation_noise.h"

#include "../errors.h"
#include "../integrate/trajectory.h"
#include "../progress.h"
#include "../systems/system.h"
#include "data_settings.h"

namespace shnn {

Dataset trajectoryDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                          std::mt19937_64& rng, std::mt19937_64& noiseRng, const RunControl* control) {
    const int D = sys.dim();
    const bool fd = s.derivatives == DerivativeSource::FiniteDifferences;
    // Central differences need one observation before and after each kept state.
    const int kept = s.points;
    const int observed = fd ? kept + 2 : kept;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    IntegratorSettings integ;
    integ.absTol = integ.relTol = 1e-10;

    // 1. The orbits of the true flow (clean observations), as many as the n states need.
    std::vector<Eigen::MatrixXd> orbits;
    int failures = 0;
    for (Eigen::Index rows = 0; rows < n;) {
        Eigen::VectorXd x0(D);
        for (int i = 0; i < D; ++i) x0(i) = box.intervals[i].lo + box.intervals[i].width() * unit(rng);
        Trajectory tr = integrateFlow([&](const double* x, double* dx) { sys.vectorField(x, dx); }, x0,
                                      s.dt * (observed - 1), observed, integ, control);
        if (tr.diverged) {
            if (++failures > 1000)
                throw NumericalError("trajectory data: the true flow diverges from almost every initial state in the domain");
            continue;
        }
        orbits.push_back(std::move(tr.states));
        rows += kept;
        if (control) control->report(Stage::Sampling, 0.0);
    }
    // 2. Noise per observation (relative: to each coordinate's spread over all the orbits).
    Eigen::VectorXd scale = Eigen::VectorXd::Constant(D, s.noise);
    if (s.noise > 0 && s.noiseRelative) {
        Eigen::MatrixXd all(static_cast<Eigen::Index>(orbits.size()) * observed, D);
        for (size_t j = 0; j < orbits.size(); ++j) all.middleRows(static_cast<Eigen::Index>(j) * observed, observed) = orbits[j];
        scale = noiseScales(all, s.noise, true);
    }

    // 3. The kept states of each orbit, with derivatives from the field or the noisy observations.
    Dataset data;
    data.X.resize(n, D);
    data.dXdt.resize(n, D);
    data.trajectory.resize(n);
    Eigen::Index row = 0;
    for (size_t j = 0; j < orbits.size(); ++j) {
        const Eigen::MatrixXd& clean = orbits[j];
        Eigen::MatrixXd obs = clean;
        if (s.noise > 0)
            for (Eigen::Index k = 0; k < obs.rows(); ++k)
                for (int i = 0; i < D; ++i) obs(k, i) += scale(i) * noise(noiseRng);
        for (int k = 0; k < kept && row < n; ++k, ++row) {
            const int src = fd ? k + 1 : k;
            data.trajectory(row) = static_cast<int>(j);
            data.X.row(row) = obs.row(src);
            if (fd) {
                data.dXdt.row(row) = (obs.row(src + 1) - obs.row(src - 1)) / (2.0 * s.dt);
            } else {
                const Eigen::VectorXd truth = clean.row(src).transpose();
                Eigen::VectorXd dx(D);
                sys.vectorField(truth.data(), dx.data());
                data.dXdt.row(row) = dx.transpose();
            }
        }
    }
    labelStates(sys, data, false);
    return data;
}

} // namespace shnn

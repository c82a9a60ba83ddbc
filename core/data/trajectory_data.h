#pragma once
// Training data observed along trajectories of the true system (docs/method.md §4), the realistic case:
// initial states uniform in the box, `points` observations Δt apart, optional Gaussian noise of
// standard deviation `noise` on every observed coordinate, and derivatives either from the
// true vector field or by central differences (x(t+Δt) − x(t−Δt)) / (2Δt) of the observations.
// Central, not forward, differences: their error is O(Δt²) instead of O(Δt), for the same
// observations (one extra observation at each end of a trajectory).
// `rng` draws the initial states, `noiseRng` the noise: the same seed gives the same
// trajectories with or without noise.
#include "dataset.h"

namespace shnn {

struct DataSettings;

Dataset trajectoryDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                          std::mt19937_64& rng, std::mt19937_64& noiseRng, const RunControl* control = nullptr);

} // namespace shnn

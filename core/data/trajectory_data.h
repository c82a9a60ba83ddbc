#pragma once
// Training data observed along trajectories of the true system (SPEC §4), the realistic case:
// initial states uniform in the box, `points` observations Δt apart, optional Gaussian noise of
// standard deviation `noise` on every observed coordinate, and derivatives either from the
// true vector field or by central differences (x(t+Δt) − x(t−Δt)) / (2Δt) of the observations.
#include "dataset.h"

namespace shnn {

struct DataSettings;

Dataset trajectoryDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, const DataSettings& s,
                          std::mt19937_64& rng, const RunControl* control = nullptr);

} // namespace shnn

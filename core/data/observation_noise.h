#pragma once
// Gaussian observation noise on generated data (--noise σ), absolute or relative per
// coordinate (--noise-relative):
//   absolute:  x_i ← x_i + σ ε,          ε ~ N(0, 1) independent per entry
//   relative:  x_i ← x_i + σ s_i ε,      s_i = the standard deviation of column i of the clean
//                                         values being observed (states, or derivatives for
//                                         uniform data)
// Relative noise is what "1% noise" means for a system whose coordinates live on different
// scales (the pendulum's q spans ±2π, its p ±1): each coordinate gets σ of its own spread.
#include <Eigen/Core>

namespace shnn {

// The per-column standard deviation of the noise, σ or σ·s_i.
Eigen::VectorXd noiseScales(const Eigen::MatrixXd& clean, double sigma, bool relative);

} // namespace shnn

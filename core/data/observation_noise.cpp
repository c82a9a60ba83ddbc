#include "observation_noise.h"

#include <cmath>

namespace shnn {

Eigen::VectorXd noiseScales(const Eigen::MatrixXd& clean, double sigma, bool relative) {
    Eigen::VectorXd scale = Eigen::VectorXd::Constant(clean.cols(), sigma);
    if (!relative || clean.rows() < 2) return scale;
    for (Eigen::Index i = 0; i < clean.cols(); ++i) {
        const double mean = clean.col(i).mean();
        const double var = (clean.col(i).array() - mean).square().sum() / static_cast<double>(clean.rows() - 1);
        scale(i) = sigma * std::sqrt(var);
    }
    return scale;
}

} // namespace shnn

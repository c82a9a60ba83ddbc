#include "sampling_density.h"

#include "../sampling/samplers.h"

#include <cmath>

namespace shnn {

DensityGrid samplingDensity(const HiddenLayer& layer, const Eigen::MatrixXd& X, const GridSpec& spec) {
    DensityGrid d;
    d.spec = spec;
    d.density = Eigen::MatrixXd::Zero(spec.nx, spec.ny);
    const int ix = spec.slice.ix, iy = spec.slice.iy;
    const double wx = (spec.x1 - spec.x0) / spec.nx, wy = (spec.y1 - spec.y0) / spec.ny;
    if (!layer.pairs.empty()) {
        d.fromPairs = true;
        auto add = [&](Eigen::Index k) {
            const int i = static_cast<int>(std::floor((X(k, ix) - spec.x0) / wx));
            const int j = static_cast<int>(std::floor((X(k, iy) - spec.y0) / wy));
            if (i >= 0 && i < spec.nx && j >= 0 && j < spec.ny) d.density(i, j) += 1.0;
        };
        for (const auto& [a, b] : layer.pairs) {
            add(a);
            add(b);
        }
    } else {
        for (int i = 0; i < spec.nx; ++i)
            for (int j = 0; j < spec.ny; ++j) {
                const Eigen::VectorXd x = spec.slice.state(spec.x0 + (i + 0.5) * wx, spec.y0 + (j + 0.5) * wy);
                d.density(i, j) = ((layer.W * x + layer.b).array().abs() < kSwimS1).count();
            }
    }
    if (d.fromPairs) {
        // A few hundred endpoints over hundreds of cells are mostly shot noise: smooth with a
        // Gaussian of one cell's width (separable, edges renormalised).
        const double w[3] = {0.27901, 0.44198, 0.27901};
        auto smooth = [&](bool alongX) {
            Eigen::MatrixXd out = Eigen::MatrixXd::Zero(spec.nx, spec.ny);
            for (int i = 0; i < spec.nx; ++i)
                for (int j = 0; j < spec.ny; ++j) {
                    double sum = 0, norm = 0;
                    for (int k = -1; k <= 1; ++k) {
                        const int a = alongX ? i + k : i, b = alongX ? j : j + k;
                        if (a < 0 || a >= spec.nx || b < 0 || b >= spec.ny) continue;
                        sum += w[k + 1] * d.density(a, b);
                        norm += w[k + 1];
                    }
                    out(i, j) = sum / norm;
                }
            d.density = out;
        };
        smooth(true);
        smooth(false);
    }
    const double mean = d.density.mean();
    if (mean > 0) d.density /= mean;
    // Cell centres for drawing.
    d.spec.x0 = spec.x0 + 0.5 * wx;
    d.spec.x1 = spec.x1 - 0.5 * wx;
    d.spec.y0 = spec.y0 + 0.5 * wy;
    d.spec.y1 = spec.y1 - 0.5 * wy;
    return d;
}

double densityVariation(const DensityGrid& d) {
    const double mean = d.density.mean();
    if (!(mean > 0)) return 0.0;
    return std::sqrt((d.density.array() - mean).square().mean()) / mean;
}

} // namespace shnn

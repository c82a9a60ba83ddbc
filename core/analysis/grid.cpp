#include "grid.h"

#include "../data/domain.h"
#include "../model/hnn_model.h"
#include "../progress.h"
#include "../systems/system.h"

#include <algorithm>
#include <cmath>

namespace shnn {

Slice Slice::defaultFor(const Domain& box) {
    Slice s;
    const int D = box.dim();
    s.ix = 0;
    s.iy = 1;  // coordinate 1 is p when D = 2 and q2 when D = 4
    s.fixed.resize(static_cast<size_t>(D));
    for (int i = 0; i < D; ++i) {
        const Interval& iv = box.intervals[static_cast<size_t>(i)];
        s.fixed[static_cast<size_t>(i)] = (iv.lo <= 0 && iv.hi >= 0) ? 0.0 : 0.5 * (iv.lo + iv.hi);
    }
    return s;
}

Eigen::VectorXd Slice::state(double x, double y) const {
    Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(fixed.data(), static_cast<Eigen::Index>(fixed.size()));
    v(ix) = x;
    v(iy) = y;
    return v;
}

GridSpec GridSpec::over(const Domain& box, const Slice& slice, int nx, int ny) {
    GridSpec g;
    g.slice = slice;
    g.x0 = box.intervals[static_cast<size_t>(slice.ix)].lo;
    g.x1 = box.intervals[static_cast<size_t>(slice.ix)].hi;
    g.y0 = box.intervals[static_cast<size_t>(slice.iy)].lo;
    g.y1 = box.intervals[static_cast<size_t>(slice.iy)].hi;
    g.nx = nx;
    g.ny = ny;
    return g;
}

GridValues evaluateGrid(const HamiltonianSystem& sys, const HnnModel* model, const GridSpec& spec,
                        bool withGradientError, const RunControl* control) {
    GridValues out;
    out.spec = spec;
    const int D = sys.dim();
    const Eigen::Index n = static_cast<Eigen::Index>(spec.nx) * spec.ny;
    Eigen::MatrixXd X(n, D);
    for (int j = 0; j < spec.ny; ++j)
        for (int i = 0; i < spec.nx; ++i) X.row(static_cast<Eigen::Index>(j) * spec.nx + i) = spec.slice.state(spec.x(i), spec.y(j)).transpose();
    out.H.resize(spec.nx, spec.ny);
    Eigen::MatrixXd G(withGradientError ? n : 0, D);
    std::vector<double> g(static_cast<size_t>(D));
    Eigen::VectorXd x(D);
    for (Eigen::Index k = 0; k < n; ++k) {
        x = X.row(k).transpose();
        out.H(k % spec.nx, k / spec.nx) = sys.H(x.data());
        if (withGradientError) {
            sys.gradH(x.data(), g.data());
            for (int i = 0; i < D; ++i) G(k, i) = g[static_cast<size_t>(i)];
        }
    }
    if (model && !model->empty()) {
        Eigen::VectorXd Hhat;
        Eigen::MatrixXd Ghat;
        model->evaluate(X, &Hhat, withGradientError ? &Ghat : nullptr, control);
        out.Hhat = Eigen::Map<Eigen::MatrixXd>(Hhat.data(), spec.nx, spec.ny);
        if (withGradientError) {
            const Eigen::VectorXd e = (Ghat - G).rowwise().norm();
            out.gradErr = Eigen::Map<const Eigen::MatrixXd>(e.data(), spec.nx, spec.ny);
        }
    }
    return out;
}

std::vector<double> contourLevels(const Eigen::MatrixXd& values, int count) {
    std::vector<double> levels;
    if (values.size() == 0 || count < 1) return levels;
    std::vector<double> v;
    v.reserve(static_cast<size_t>(values.size()));
    for (Eigen::Index k = 0; k < values.size(); ++k)
        if (std::isfinite(values.data()[k])) v.push_back(values.data()[k]);
    if (v.size() < 2) return levels;
    std::sort(v.begin(), v.end());
    for (int k = 1; k <= count; ++k) {
        const double level = v[static_cast<size_t>(static_cast<double>(v.size() - 1) * k / (count + 1))];
        if (levels.empty() || level > levels.back() + 1e-12 * (std::abs(level) + 1)) levels.push_back(level);
    }
    return levels;
}

} // namespace shnn

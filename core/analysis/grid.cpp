#include "grid.h"

#include "../systems/domain.h"
#include "../sampling/activation.h"
#include "../model/hnn_model.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"
#include "../systems/system.h"

#include <algorithm>
#include <atomic>
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
    // The true system over all cells at once (formula systems evaluate blocks of states).
    Eigen::VectorXd Hv;
    Eigen::MatrixXd G;
    sys.evaluateMany(X, &Hv, withGradientError ? &G : nullptr);
    out.H = Eigen::Map<const Eigen::MatrixXd>(Hv.data(), spec.nx, spec.ny);
    if (model && !model->empty()) {
        Eigen::MatrixXd Ghat;
        evaluateModelOnGrid(*model, spec, out.Hhat, withGradientError ? &Ghat : nullptr, control);
        if (withGradientError) {
            const Eigen::VectorXd e = (Ghat - G).rowwise().norm();
            out.gradErr = Eigen::Map<const Eigen::MatrixXd>(e.data(), spec.nx, spec.ny);
        }
    }
    return out;
}

void evaluateModelOnGrid(const HnnModel& model, const GridSpec& spec, Eigen::MatrixXd& H, Eigen::MatrixXd* grad,
                         const RunControl* control) {
    using RowArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int nx = spec.nx, ny = spec.ny, D = model.dim();
    const int ix = spec.slice.ix, iy = spec.slice.iy;
    const Eigen::Index M = model.width();
    // b' folds the fixed coordinates into the bias.
    const Eigen::VectorXd base = spec.slice.state(0.0, 0.0);
    const Eigen::VectorXd bPrime = model.b + model.W * base;
    const double xMax = std::max(std::abs(spec.x0), std::abs(spec.x1)), yMax = std::max(std::abs(spec.y0), std::abs(spec.y1));
    std::vector<Eigen::Index> fast, slow;
    for (Eigen::Index j = 0; j < M; ++j) {
        const double ax = 2 * (std::abs(model.W(j, ix)) * xMax + std::abs(bPrime(j)));
        const double ay = 2 * std::abs(model.W(j, iy)) * yMax;
        (ax <= 300 && ay <= 300 ? fast : slow).push_back(j);
    }
    const Eigen::Index F = static_cast<Eigen::Index>(fast.size());
    // Factors: A(i, m) = exp(−2(w_x x_i + b'_m)), B(j, m) = exp(−2 w_y y_j), over the fast neurons.
    RowArray A(nx, F), B(ny, F);
    Eigen::ArrayXd c(F), wx(F), wy(F), bp(F);
    RowArray Wc(D, F);  // row d: c_m w_{m,d}
    for (Eigen::Index m = 0; m < F; ++m) {
        const Eigen::Index j = fast[static_cast<size_t>(m)];
        c(m) = model.c(j);
        wx(m) = model.W(j, ix);
        wy(m) = model.W(j, iy);
        bp(m) = bPrime(j);
        Wc.col(m) = model.c(j) * model.W.row(j).transpose().array();
    }
    for (int i = 0; i < nx; ++i) A.row(i) = (-2.0 * (wx * spec.x(i) + bp)).exp().transpose();
    for (int j = 0; j < ny; ++j) B.row(j) = (-2.0 * wy * spec.y(j)).exp().transpose();
    H.resize(nx, ny);
    if (grad) grad->setZero(static_cast<Eigen::Index>(nx) * ny, D);
    // Rows of the grid (fixed y) as tasks; each thread keeps its scratch per slot.
    const int slots = parallel::threadCount();
    std::vector<Eigen::Array<double, 1, Eigen::Dynamic>> es(slots), ts(slots), ss(slots);
    const Eigen::Array<double, 1, Eigen::Dynamic> cRow = c.transpose();
    parallel::parallelFor(ny, [&](std::int64_t jj, int slot) {
        if (control && control->cancelled()) return;
        const int j = static_cast<int>(jj);
        auto& e = es[static_cast<size_t>(slot)];
        auto& t = ts[static_cast<size_t>(slot)];
        auto& s = ss[static_cast<size_t>(slot)];
        if (e.size() != F) {
            e.resize(F);
            t.resize(F);
            s.resize(F);
        }
        for (int i = 0; i < nx; ++i) {
            e = A.row(i) * B.row(j);
            if (grad) {
                tanhSech2FromExp(e, t, s);
                const Eigen::Index row = static_cast<Eigen::Index>(j) * nx + i;
                for (int d = 0; d < D; ++d) (*grad)(row, d) = (s * Wc.row(d)).sum();
            } else {
                t = 2.0 * (1.0 + e).inverse() - 1.0;
            }
            H(i, j) = (t * cRow).sum() + model.c0;
        }
    });
    if (control) control->check();
    if (slow.empty()) return;
    // The rest directly, as a model of those neurons alone.
    HnnModel rest;
    const Eigen::Index S = static_cast<Eigen::Index>(slow.size());
    rest.W.resize(S, D);
    rest.b.resize(S);
    rest.c.resize(S);
    for (Eigen::Index m = 0; m < S; ++m) {
        const Eigen::Index j = slow[static_cast<size_t>(m)];
        rest.W.row(m) = model.W.row(j);
        rest.b(m) = model.b(j);
        rest.c(m) = model.c(j);
    }
    Eigen::MatrixXd X(static_cast<Eigen::Index>(nx) * ny, D);
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) X.row(static_cast<Eigen::Index>(j) * nx + i) = spec.slice.state(spec.x(i), spec.y(j)).transpose();
    Eigen::VectorXd Hr;
    Eigen::MatrixXd Gr;
    rest.evaluate(X, &Hr, grad ? &Gr : nullptr, control);
    H += Eigen::Map<const Eigen::MatrixXd>(Hr.data(), nx, ny);
    if (grad) *grad += Gr;
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

#pragma once
// Values of the true H and the learned Ĥ on a regular grid over a 2-D slice of phase space:
// two coordinates vary over their ranges, the others stay at fixed values. The views
// (portrait, heatmap) draw from this.
#include <Eigen/Core>
#include <vector>

namespace shnn {

class HamiltonianSystem;
struct HnnModel;
class RunControl;
struct Domain;

struct Slice {
    int ix = 0;                 // coordinate on the horizontal axis
    int iy = 1;                 // coordinate on the vertical axis
    std::vector<double> fixed;  // a full state; entries ix and iy are ignored

    // The default slice: (q, p) for one degree of freedom; the configuration plane (q1, q2)
    // for two, where the potential's shape shows. The other coordinates sit at 0 when the
    // domain contains it, else at the middle of their range.
    static Slice defaultFor(const Domain& box);
    // The state at (x, y) on this slice.
    Eigen::VectorXd state(double x, double y) const;
};

struct GridSpec {
    Slice slice;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    int nx = 200, ny = 200;
    double x(int i) const { return x0 + (x1 - x0) * i / (nx - 1); }
    double y(int j) const { return y0 + (y1 - y0) * j / (ny - 1); }

    // The slice's extent over the domain box.
    static GridSpec over(const Domain& box, const Slice& slice, int nx, int ny);
};

struct GridValues {
    GridSpec spec;
    Eigen::MatrixXd H;       // nx × ny, H(x_i, y_j)
    Eigen::MatrixXd Hhat;    // nx × ny, Ĥ(x_i, y_j); empty without a model
    Eigen::MatrixXd gradErr; // nx × ny, ‖∇Ĥ − ∇H‖ (optional)
};

GridValues evaluateGrid(const HamiltonianSystem& sys, const HnnModel* model, const GridSpec& spec,
                        bool withGradientError = false, const RunControl* control = nullptr);

// Ĥ (nx × ny) and, if asked, ∇Ĥ (nx·ny × D, row i + nx·j) of a model on a grid, fast: on a
// grid the exponent separates, exp(−2(w·x + b)) = exp(−2(w_x x_i + b')) · exp(−2 w_y y_j)
// with b' = b + w·(fixed coordinates), so a 200×200 grid needs 400·M exponentials instead of
// 40000·M. Neurons whose factors could overflow (|exponent| > 300 somewhere on the grid)
// are evaluated directly.
void evaluateModelOnGrid(const HnnModel& model, const GridSpec& spec, Eigen::MatrixXd& H, Eigen::MatrixXd* grad,
                         const RunControl* control = nullptr);

// `count` contour levels at evenly spaced quantiles of the values, so the lines spread over
// the picture even where H grows steeply (the cubic of Hénon–Heiles, wide pendulum domains).
std::vector<double> contourLevels(const Eigen::MatrixXd& values, int count);

} // namespace shnn

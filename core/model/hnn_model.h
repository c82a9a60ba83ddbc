#pragma once
// The trained Hamiltonian neural network (SPEC §1):
//   Ĥ(x)     = Σ_j c_j tanh(w_j·x + b_j) + c_0
//   ∂Ĥ/∂x_i  = Σ_j c_j (1 − tanh²(w_j·x + b_j)) w_{j,i}
// and its dynamics q̇ = ∂Ĥ/∂p, ṗ = −∂Ĥ/∂q.
#include <Eigen/Core>

namespace shnn {

class RunControl;
enum class Stage;

struct HnnModel {
    Eigen::MatrixXd W;   // M×D hidden weights, row j is w_j
    Eigen::VectorXd b;   // M hidden biases
    Eigen::VectorXd c;   // M output weights
    double c0 = 0.0;     // output bias

    int dim() const { return static_cast<int>(W.cols()); }
    Eigen::Index width() const { return W.rows(); }
    bool empty() const { return W.size() == 0; }

    double H(const double* x) const;
    void gradH(const double* x, double* g) const;
    void vectorField(const double* x, double* dx) const;

    // Many states at once (X is N×D, one state per row): blocked to stay in cache and run on
    // all cores. Pass nullptr for what you do not need. Checks `control` between blocks and
    // reports `stage` progress on it.
    void evaluate(const Eigen::MatrixXd& X, Eigen::VectorXd* H, Eigen::MatrixXd* grad,
                  const RunControl* control = nullptr, Stage* stage = nullptr) const;
};

} // namespace shnn

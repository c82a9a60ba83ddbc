#pragma once
// The trained Hamiltonian neural network (docs/method.md §1):
//   Ĥ(x)     = Σ_j c_j tanh(w_j·x + b_j) + c_0
//   ∂Ĥ/∂x_i  = Σ_j c_j (1 − tanh²(w_j·x + b_j)) w_{j,i}
// and its dynamics q̇ = ∂Ĥ/∂p, ṗ = −∂Ĥ/∂q.
// A network fitted to snapshot pairs at symplectic Euler's point learns a modified
// Hamiltonian; with `correction` κ = h/2 ≠ 0 the model is its first-order correction
//   H_corr(x)  = Ĥ(x) + κ Σ_j ∂Ĥ/∂q_j ∂Ĥ/∂p_j
//   ∇H_corr(x) = ∇Ĥ(x) + κ ∇²Ĥ(x) v,   v = (∂Ĥ/∂p, ∂Ĥ/∂q)  (the gradient with its halves swapped)
//   ∇²Ĥ(x)     = Σ_j c_j σ''(z_j) w_j w_jᵀ,   σ''(z) = −2 tanh z (1 − tanh² z),  z_j = w_j·x + b_j
// and everything (H, gradH, vectorField, evaluate) uses H_corr.
#include <Eigen/Core>

namespace shnn {

class RunControl;
enum class Stage;

struct HnnModel {
    Eigen::MatrixXd W;   // M×D hidden weights, row j is w_j
    Eigen::VectorXd b;   // M hidden biases
    Eigen::VectorXd c;   // M output weights
    double c0 = 0.0;     // output bias
    double correction = 0.0;  // κ: 0 for the plain network (see above)

    int dim() const { return static_cast<int>(W.cols()); }
    Eigen::Index width() const { return W.rows(); }
    bool empty() const { return W.size() == 0; }

    double H(const double* x) const;
    void gradH(const double* x, double* g) const;
    void vectorField(const double* x, double* dx) const;
    // The plain network Ĥ (κ = 0), with the same c0.
    HnnModel uncorrected() const;

    // Many states at once (X is N×D, one state per row): blocked to stay in cache and run on
    // all cores. Pass nullptr for what you do not need. Checks `control` between blocks and
    // reports `stage` progress on it.
    void evaluate(const Eigen::MatrixXd& X, Eigen::VectorXd* H, Eigen::MatrixXd* grad,
                  const RunControl* control = nullptr, Stage* stage = nullptr) const;
};

} // namespace shnn

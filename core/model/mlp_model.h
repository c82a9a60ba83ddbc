#pragma once
// A sampled ODE-Net ("S-MLP", the paper's §4.7 comparison): the same sampled hidden layer as an
// S-HNN, but the last layer fitted directly to the time derivatives, one output per coordinate:
//   ẋ ≈ f(x) = C tanh(W x + b) + c_0,   C is D×M, c_0 ∈ R^D,
// by one least-squares solve with D right-hand sides (the rows of [Φ | Ẋ] streamed through the
// same blocked QR as the S-HNN's, Tikhonov damping λ = rcond·σ_max). It fits ẋ about as well,
// but f is not a Hamiltonian vector field: nothing makes it conserve an energy, and over long
// times its orbits drift across the level sets that an S-HNN's stay on.
#include "../sampling/hidden_layer.h"

#include <Eigen/Core>

namespace shnn {

class RunControl;

struct MlpModel {
    Eigen::MatrixXd W;   // M×D
    Eigen::VectorXd b;   // M
    Eigen::MatrixXd C;   // D×M
    Eigen::VectorXd c0;  // D

    int dim() const { return static_cast<int>(W.cols()); }
    void vectorField(const double* x, double* dx) const;
};

// Fits the output layer on states X (N×D) with derivatives dXdt (N×D).
MlpModel fitSampledMlp(const HiddenLayer& layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt, double rcond,
                       const RunControl& control);

// Relative L2 error of the vector field: ‖f(X) − dXdt‖_F / ‖dXdt‖_F.
double mlpFieldError(const MlpModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt);

} // namespace shnn

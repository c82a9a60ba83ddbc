#pragma once
// The classic, gradient-trained Hamiltonian neural network — the baseline the sampled one is
// compared with. The same architecture (one tanh hidden layer of M neurons, float64):
//   Ĥ(x) = Σ_j c_j tanh(w_j·x + b_j) + c_0,   ∇Ĥ(x) = Wᵀ (c ⊙ s),  s_j = sech²(z_j), z = W x + b.
// Loss: the mean squared error of the vector field over a mini-batch of B states,
//   L = 1/(B·D) Σ_k ‖∇Ĥ(x_k) − g_k‖²,   g = (−ṗ, q̇)   (∂Ĥ/∂p ≈ q̇, ∂Ĥ/∂q ≈ −ṗ),
// with its gradient derived through ∇Ĥ by hand (one hidden layer needs no autodiff). With the
// residual r_k = ∇Ĥ(x_k) − g_k, P_kj = w_j·r_k and s'_kj = −2 tanh(z_kj) s_kj:
//   ∂L/∂c_j = 2/(BD) Σ_k s_kj P_kj
//   ∂L/∂b_j = 2/(BD) Σ_k c_j s'_kj P_kj
//   ∂L/∂w_j = 2/(BD) Σ_k c_j (s_kj r_k + s'_kj P_kj x_k)
// c_0 does not enter the loss; after training it is set so that Ĥ(x0) = H(x0) at the anchor.
// Adam (β1 0.9, β2 0.999, ε 1e-8) with L2 weight decay 1e-13 added to the gradient, as the
// paper's PyTorch code; mini-batches of B states taken in order through the training set;
// PyTorch's default initialisation W, b ~ U(−1/√D, 1/√D), c, c_0 ~ U(−1/√M, 1/√M).
//
// Each step splits the batch into fixed row blocks whose partial gradients are summed in block
// order, so a run is bit-for-bit the same for a seed whatever the threads do. Cancellation is
// checked every step; a stopped run keeps its state and can continue.
#include "../data/dataset.h"
#include "../model/hnn_model.h"
#include "../progress.h"
#include "settings.h"

#include <cstdint>
#include <vector>

namespace shnn {

struct AdamSettings {
    long steps = 15000;
    double lr = 5e-4;
    Eigen::Index batch = 2048;
    long evalEvery = 500;          // test error every K steps (and at the end)
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 1e-13;
};

struct AdamPoint {
    long step = 0;
    double seconds = 0;   // wall time of the run so far
    double loss = 0;      // the batch loss at this step
    double relL2H = 0;    // test-set error of Ĥ (c_0 from the anchor)
};

// Everything a run needs to continue where it stopped.
struct AdamState {
    HnnModel model;
    Eigen::VectorXd mW, vW, mb, vb, mc, vc;  // Adam moments (W flattened column-major)
    long step = 0;
    double seconds = 0;
    std::vector<AdamPoint> history;
};

// A fresh network (PyTorch's default initialisation, from the seed's hidden-layer stream).
AdamState initialAdamState(const TrainingSettings& s, int D);

// The batch loss and its gradient (same shapes as the model; dc0 is 0), for tests.
struct LossGradient {
    double loss = 0;
    Eigen::MatrixXd dW;
    Eigen::VectorXd db, dc;
};
LossGradient hnnLossGradient(const HnnModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& targets);

// Trains `state` for settings.steps more steps (or until cancelled: then Cancelled is thrown
// and `state` holds the last completed step). `onPoint` sees every history point as it is
// made. The anchor of `s` sets c_0 whenever the test error is measured and at the end.
using AdamPointFn = std::function<void(const AdamPoint&, const AdamState&)>;
void trainAdam(const TrainingSettings& s, const AdamSettings& a, const Dataset& train, const Dataset& test,
               AdamState& state, const RunControl& control = {}, const AdamPointFn& onPoint = {});

// Sets c_0 so that Ĥ(anchor) = H(anchor).
void anchorOutputBias(HnnModel& m, const TrainingSettings& s);

} // namespace shnn

#pragma once
// The sampled hidden layer: neuron j computes φ_j(x) = tanh(w_j·x + b_j).
#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

namespace shnn {

enum class Sampler { Elm, USwim, ASwim, Swim };

std::string samplerName(Sampler s);          // "elm", "uswim", "aswim", "swim"
std::string samplerTitle(Sampler s);         // "ELM", "U-SWIM", "A-SWIM", "SWIM"
std::string samplerDescription(Sampler s);   // one line: what it does and which data it needs
bool samplerNeedsTrueH(Sampler s);
// Throws SettingsError("sampler", ...) for an unknown name.
Sampler parseSampler(const std::string& name);
std::vector<Sampler> allSamplers();

struct HiddenLayer {
    Eigen::MatrixXd W;   // M×D, row j is w_j
    Eigen::VectorXd b;   // M
    // For SWIM-type samplers: the training-state indices (a, b) each neuron was built from.
    std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;

    Eigen::Index width() const { return W.rows(); }
};

// Neuron j's pre-activations over n consecutive states from row r0 of X:
//     z_k = b_j + Σ_i W(j, i) X(r0 + k, i)
// as D vectorised FMAs along contiguous columns of X (D is small: a GEMM with an inner
// dimension of D would spend its time packing). z: any writable array or column of n entries.
template <class Z>
inline void preActivations(const Eigen::MatrixXd& W, const Eigen::VectorXd& b, Eigen::Index j, const Eigen::MatrixXd& X,
                           Eigen::Index r0, Z&& z) {
    const Eigen::Index n = z.size();
    z.setConstant(b(j));
    for (Eigen::Index i = 0; i < X.cols(); ++i) z += W(j, i) * X.col(i).segment(r0, n).array();
}

} // namespace shnn

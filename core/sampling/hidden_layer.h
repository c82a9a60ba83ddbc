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

} // namespace shnn

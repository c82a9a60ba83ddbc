#pragma once
// Training and test data: states with their time derivatives and true energies.
#include "domain.h"

#include <Eigen/Core>
#include <cstdint>
#include <random>

namespace shnn {

class HamiltonianSystem;
class RunControl;

struct Dataset {
    Eigen::MatrixXd X;      // N×D states, one per row, (q1..qd, p1..pd)
    Eigen::MatrixXd dXdt;   // N×D time derivatives (q̇, ṗ) — observed or from the true field
    Eigen::VectorXd H;      // N true energies (SWIM needs them; test errors use them)
    Eigen::MatrixXd gradH;  // N×D true gradients (test errors)

    Eigen::Index size() const { return X.rows(); }
    // What the derivatives say ∇H is: ∂H/∂q = −ṗ, ∂H/∂p = q̇ (the least-squares targets).
    Eigen::MatrixXd gradientTargets() const;
};

// Independent random streams derived from one user seed, so the test set of seed S is the
// same whether it is drawn by `fit` or later by `eval`.
enum class RandomStream : std::uint64_t { TrainStates = 1, TestStates = 2, HiddenLayer = 3, SecondPass = 4, Noise = 5 };
std::mt19937_64 makeRng(std::uint64_t seed, RandomStream stream);

// N states uniform in the box, with true derivatives, H and ∇H.
Dataset uniformDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, std::mt19937_64& rng,
                       const RunControl* control = nullptr);

// Fills dXdt, H and gradH of the given states from the true system.
void labelStates(const HamiltonianSystem& sys, Dataset& data, bool setDerivatives, const RunControl* control = nullptr);

// Throws NumericalError naming the first state where H, ∇H or a derivative is not finite.
void requireFinite(const Dataset& data, const std::string& what);

} // namespace shnn

#pragma once
// Training and test data: states with their time derivatives and true energies.
#include "../systems/domain.h"

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
    Eigen::VectorXi trajectory;  // N: which trajectory each state lies on (empty: independent states)

    // Number of distinct trajectories (0 for independent states).
    int trajectoryCount() const { return trajectory.size() ? trajectory.maxCoeff() + 1 : 0; }

    Eigen::Index size() const { return X.rows(); }
    // What the derivatives say ∇H is: ∂H/∂q = −ṗ, ∂H/∂p = q̇ (the least-squares targets).
    Eigen::MatrixXd gradientTargets() const;
};

// Independent random streams derived from one user seed, so the test set of seed S is the
// same whether it is drawn by `fit` or later by `eval`.
// (4 was A-SWIM's second pass; it now draws from HiddenLayer like SWIM, trainer.cpp.)
enum class RandomStream : std::uint64_t { TrainStates = 1, TestStates = 2, HiddenLayer = 3, Noise = 5, Validation = 6 };
std::mt19937_64 makeRng(std::uint64_t seed, RandomStream stream);

// N states uniform in the box, with true derivatives, H and ∇H.
Dataset uniformDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, std::mt19937_64& rng,
                       const RunControl* control = nullptr);

// Fills dXdt, H and gradH of the given states from the true system.
void labelStates(const HamiltonianSystem& sys, Dataset& data, bool setDerivatives, const RunControl* control = nullptr);

// Beyond this magnitude a value is unusable even if finite (exp(700) = 1e304): the squares
// the least-squares solve forms would overflow.
constexpr double kLargestUsableValue = 1e150;

// True if v is finite and at most kLargestUsableValue in magnitude.
inline bool usable(double v) { return v == v && v <= kLargestUsableValue && v >= -kLargestUsableValue; }

// Throws NumericalError naming the first state where H, ∇H or a derivative is not finite or
// not usable (see kLargestUsableValue).
void requireFinite(const Dataset& data, const std::string& what);

} // namespace shnn

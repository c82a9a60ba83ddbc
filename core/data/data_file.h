#pragma once
// Measured data from a CSV file (`shnn fit --data-file FILE.csv`). Two layouts, recognised
// from the header (names are case-sensitive, any column order; for one degree of freedom `q`
// and `p` may stand for `q1` and `p1`):
//   trajectories:   traj, t, q1..qd, p1..pd          states along any number of trajectories
//                                                    (traj: an integer id; t increasing within
//                                                    each trajectory, steps may be uneven)
//   snapshot pairs: q1..qd, p1..pd, q1_next..pd_next, h    one pair (x, Φ_h x) per row
// Optional in both: dq1..dqd, dp1..dpd, the measured time derivatives; used as they are.
//
// Without derivative columns they come from the states:
//   trajectories: the three-point difference on the uneven grid (second order, exact for
//     quadratics), with t₋ = t_i − t_{i−1}, t₊ = t_{i+1} − t_i:
//       ẋ_i ≈ [t₋² x_{i+1} − t₊² x_{i−1} + (t₊² − t₋²) x_i] / (t₋ t₊ (t₋ + t₊))
//     and the one-sided three-point formulas at a trajectory's ends (forward/backward
//     difference, first order, for a trajectory of two states). Second order because a first
//     order quotient's O(Δt) error would dominate every fit this engine makes.
//   snapshot pairs: the forward difference (x_next − x)/h attributed to a fit point
//     (docs/method.md §7).
// Every problem names the file, the line and, for a bad field, the column.
#include "../systems/domain.h"

#include <Eigen/Core>

#include <optional>
#include <string>
#include <vector>

namespace shnn {

enum class DataFileLayout { Trajectories, Snapshots };

struct DataFile {
    std::string path;
    DataFileLayout layout = DataFileLayout::Trajectories;
    int dof = 0;
    Eigen::MatrixXd X;        // N×2d states (snapshot pairs: the start states)
    Eigen::MatrixXd next;     // snapshot pairs: N×2d next states
    Eigen::VectorXd h;        // snapshot pairs: each row's step
    Eigen::VectorXd t;        // trajectories: times
    Eigen::VectorXi group;    // trajectory of each row, 0..groups−1 (snapshot pairs: the row)
    std::optional<Eigen::MatrixXd> dXdt;  // from the derivative columns, when present
    int groups = 0;
    std::vector<long long> groupIds;      // trajectories: the file's traj id of each group
    std::vector<int> firstLine;           // the line of each group's first row

    int dim() const { return 2 * dof; }
    Eigen::Index rows() const { return X.rows(); }
    // The smallest box holding every observed state (both states of a pair).
    std::vector<std::pair<double, double>> boundingBox() const;
    // That box as a domain (the test set where the data are); a coordinate that never changes
    // still gets an interval (ELM's bias range, the plots need one).
    Domain box() const;
};

// Throws FileError("PATH", "line L, column C ('name'): …") for anything it cannot use:
// a missing or unreadable file, an unknown header, a ragged or truncated line, a field that
// is not a number or not finite, t not increasing in a trajectory, h not positive.
DataFile readDataFile(const std::string& path);
DataFile parseDataFile(const std::string& text, const std::string& path);

// Time derivatives at the rows' states by the finite differences above (trajectories), and
// the note the reports print about them. Throws FileError for a trajectory of one state.
Eigen::MatrixXd trajectoryDerivatives(const DataFile& f);
std::string derivativeNote(const DataFile& f);

} // namespace shnn

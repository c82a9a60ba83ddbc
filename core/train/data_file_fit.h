#pragma once
// A fit on measured data (core/data/data_file.h): the rows become training states with their
// derivatives, whole trajectories (or pairs) are held out for validation, and the network is
// fitted as any other. With a known system (`truth`) the states are labelled with the true H
// and the errors are measured against it on the usual uniform test set; without one, Ĥ is
// fixed by the anchor alone (default: Ĥ = 0 at the file's first state) and the only errors
// are the residuals of the learned vector field,
//   e_field = ‖(∂Ĥ/∂p, −∂Ĥ/∂q) − ẋ‖_F / ‖ẋ‖_F,
// on the training states and on the held-out ones.
#include "../data/data_file.h"
#include "trainer.h"

#include <limits>

namespace shnn {

struct DataFileFit {
    TrainingResult result;   // result.system is null without a truth; result.test only with one
    bool truth = false;
    Dataset validation;      // the held-out states (with the truth's labels when known)
    int validationGroups = 0;
    double trainField = 0.0;
    double validationField = std::numeric_limits<double>::quiet_NaN();  // NaN: nothing held out
    std::optional<ErrorMetrics> validationTruth;  // Ĥ against the truth on the held-out states
    std::string derivatives;  // how ẋ was obtained (derivativeNote)
};

// `s` is complete (domain, anchor, anchorH, sampler, …; for snapshot files s.data carries
// fit-at, correct and h). `validation` ∈ [0, 0.9]: the fraction of trajectories held out,
// chosen with the seed. Throws SettingsError("validation", …) when too few trajectories.
DataFileFit fitDataFile(TrainingSettings s, const DataFile& file, SystemPtr truth, double validation,
                        RunControl control = {});

// A data file for a fit whose truth is `sys`: SettingsError("data-file", …) naming the file
// (and the line and column of a bad field), or the dimensions when they differ.
DataFile readDataFileFor(const HamiltonianSystem& sys, const std::string& path);

// Every row of the file as a state with its derivative (measured, or the finite differences
// of data_file.h; snapshot pairs at `fitAt`), grouped by trajectory; not labelled with H.
Dataset dataFileStates(const DataFile& file, FitPoint fitAt);

// e_field above, for any states and derivatives.
double fieldResidual(const HnnModel& model, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt);

} // namespace shnn

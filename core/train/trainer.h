#pragma once
// core::train — settings in, result out (both plain values):
//   data → sample hidden layer → assemble + solve the least-squares system → evaluate.
// A-SWIM runs two passes (U-SWIM, then SWIM on the first fit's Ĥ) and hands the first
// pass's result to `onIntermediate` before starting the second.
#include "../data/dataset.h"
#include "../fit/least_squares.h"
#include "../model/hnn_model.h"
#include "../progress.h"
#include "../sampling/hidden_layer.h"
#include "settings.h"

#include <functional>
#include <optional>
#include <string>

namespace shnn {

struct StageTimes {
    double data = 0.0;      // drawing / integrating the training and test states
    double sample = 0.0;    // hidden layer (and, for A-SWIM, Ĥ at the training states)
    double assemble = 0.0;  // rows of the least-squares matrix
    double solve = 0.0;     // factorizations, cut-off, back substitution
    double evaluate = 0.0;  // Ĥ and ∇Ĥ on the test set
    double total = 0.0;     // wall time of the whole fit
};

struct ErrorMetrics {
    double relL2H = 0.0;      // ‖Ĥ − H‖₂ / ‖H‖₂ over the states
    double relL2Grad = 0.0;   // ‖∇Ĥ − ∇H‖_F / ‖∇H‖_F
};

struct TrainingResult {
    TrainingSettings settings;     // resolved: every parameter, the domain, the anchor
    SystemPtr system;              // the true system these settings describe (never rebuilt)
    HnnModel model;
    HiddenLayer layer;             // W, b and, for SWIM types, the pairs of training states
    Dataset train;                 // training states, derivatives, true H
    ErrorMetrics test;             // on the independent test set
    ErrorMetrics trainError;       // on the training states
    // Snapshot fits with --correct: `model` is H_corr and `test` its errors; these are the
    // plain network's (Ĥ before the correction).
    std::optional<ErrorMetrics> testUncorrected;
    StageTimes seconds;
    SolveReport solve;
    std::string openedFrom;        // non-empty: a model file opened, not trained here (no times)
    int pass = 1;                  // 1 of 2 for A-SWIM's intermediate result
    int passes = 1;
    // A-SWIM only: the first (U-SWIM) pass, kept for the sampling view.
    std::optional<HiddenLayer> firstLayer;
    std::optional<HnnModel> firstModel;
    Eigen::Index firstPassStates = 0;  // the training states it was fitted on (aswim_first_pass.h)
};

using IntermediateFn = std::function<void(const TrainingResult&)>;

// Throws SettingsError for bad settings, NumericalError when the numbers go non-finite,
// Cancelled when the control's cancel flag is set.
TrainingResult train(const TrainingSettings& settings, RunControl control = {}, const IntermediateFn& onIntermediate = {});

// The fit itself on given data: `settings` resolved, `system` the truth the test errors are
// measured against, `train` the training states with their derivatives (and, for SWIM, H),
// `test` the test states with true H and ∇H. U-SWIM, A-SWIM and ELM never read train.H.
// `dataSeconds` is reported as the data stage's time.
// settings.dataFile's states as the training set, settings' system as the truth (train() calls
// this when dataFile is set). SettingsError("data-file", …) for an unreadable file or a file
// whose dimension is not the system's.
TrainingResult trainOnDataFile(const TrainingSettings& s, const RunControl& control);
TrainingResult trainOn(const TrainingSettings& settings, SystemPtr system, Dataset train, const Dataset& test,
                       RunControl control = {}, const IntermediateFn& onIntermediate = {}, double dataSeconds = 0.0);

// Turns a snapshot fit's network into H_corr (HnnModel::correction = h/2), still equal to
// the anchor's H at the anchor state.
void applySnapshotCorrection(HnnModel& model, const TrainingSettings& s);

// Relative L2 errors of a model on a data set with true H and ∇H.
ErrorMetrics measureErrors(const HnnModel& model, const Dataset& data, const RunControl* control = nullptr);

// The data sets of a fit, drawn from their seeded streams (the same for fit and eval).
Dataset makeTrainingData(const HamiltonianSystem& sys, const TrainingSettings& s, const RunControl* control = nullptr);
Dataset makeTestData(const HamiltonianSystem& sys, const Domain& box, std::int64_t n, std::uint64_t seed,
                     const RunControl* control = nullptr);

} // namespace shnn

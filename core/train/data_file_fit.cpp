#include "data_file_fit.h"

#include "../data/snapshot_data.h"
#include "../errors.h"
#include "../systems/system.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace shnn {

namespace {

Dataset rowsOf(const Dataset& all, const std::vector<Eigen::Index>& rows) {
    Dataset d;
    const Eigen::Index n = static_cast<Eigen::Index>(rows.size()), D = all.X.cols();
    d.X.resize(n, D);
    d.dXdt.resize(n, D);
    d.trajectory.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        d.X.row(k) = all.X.row(rows[static_cast<size_t>(k)]);
        d.dXdt.row(k) = all.dXdt.row(rows[static_cast<size_t>(k)]);
        d.trajectory(k) = all.trajectory(rows[static_cast<size_t>(k)]);
    }
    return d;
}

} // namespace

double fieldResidual(const HnnModel& model, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt) {
    if (X.rows() == 0) return std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd G;
    model.evaluate(X, nullptr, &G);
    const Eigen::Index d = X.cols() / 2;
    Eigen::MatrixXd predicted(X.rows(), X.cols());
    predicted.leftCols(d) = G.rightCols(d);    // q̇ = ∂Ĥ/∂p
    predicted.rightCols(d) = -G.leftCols(d);   // ṗ = −∂Ĥ/∂q
    const double ref = dXdt.norm();
    return ref > 0 ? (predicted - dXdt).norm() / ref : (predicted - dXdt).norm();
}

DataFile readDataFileFor(const HamiltonianSystem& sys, const std::string& path) {
    DataFile file;
    try {
        file = readDataFile(path);
    } catch (const FileError& e) {
        throw SettingsError("data-file", e.what());
    }
    if (file.dim() != sys.dim())
        throw SettingsError("data-file", path + ": its states have " + std::to_string(file.dof) +
                                             " degree(s) of freedom, the system " + sys.title() + " has " +
                                             std::to_string(sys.dof()) +
                                             ": choose a system of the data's dimension (its H is the truth)");
    return file;
}

Dataset dataFileStates(const DataFile& file, FitPoint fitAt) {
    Dataset all;
    if (file.layout == DataFileLayout::Snapshots) {
        all.X = snapshotFitPoints(file.X, file.next, fitAt);
        all.dXdt = file.dXdt ? *file.dXdt
                             : Eigen::MatrixXd((file.next - file.X).array().colwise() / file.h.array());
    } else {
        all.X = file.X;
        all.dXdt = file.dXdt ? *file.dXdt : trajectoryDerivatives(file);
    }
    all.trajectory = file.group;
    return all;
}

DataFileFit fitDataFile(TrainingSettings s, const DataFile& file, SystemPtr truth, double validation,
                        RunControl control) {
    const auto start = std::chrono::steady_clock::now();
    if (!(validation >= 0 && validation <= 0.9))
        throw SettingsError("validation", "the held-out fraction must be between 0 and 0.9");
    DataFileFit out;
    out.truth = truth != nullptr;
    out.derivatives = derivativeNote(file);

    const Dataset all = dataFileStates(file, s.data.fitAt);

    // Whole trajectories held out, chosen by the seed.
    std::vector<int> order(static_cast<size_t>(file.groups));
    std::iota(order.begin(), order.end(), 0);
    auto rng = makeRng(s.seed, RandomStream::Validation);
    std::shuffle(order.begin(), order.end(), rng);
    int held = 0;
    if (validation > 0) {
        if (file.groups < 2)
            throw SettingsError("validation", "needs two or more trajectories to hold some out; the file has " +
                                                  std::to_string(file.groups));
        held = std::clamp(static_cast<int>(std::lround(validation * file.groups)), 1, file.groups - 1);
    }
    std::vector<char> isHeld(static_cast<size_t>(file.groups), 0);
    for (int k = 0; k < held; ++k) isHeld[static_cast<size_t>(order[static_cast<size_t>(k)])] = 1;
    std::vector<Eigen::Index> trainRows, heldRows;
    for (Eigen::Index k = 0; k < all.size(); ++k) (isHeld[static_cast<size_t>(all.trajectory(k))] ? heldRows : trainRows).push_back(k);
    Dataset train = rowsOf(all, trainRows);
    out.validation = rowsOf(all, heldRows);
    out.validationGroups = held;
    s.train = train.size();

    Dataset test;
    if (truth) {
        labelStates(*truth, train, false, &control);
        if (out.validation.size()) labelStates(*truth, out.validation, false, &control);
        test = makeTestData(*truth, s.domain, s.test, s.seed, &control);
    }
    const double dataSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.result = trainOn(s, truth, std::move(train), test, control, {}, dataSeconds);
    // How well the network fits the data: the plain network (a snapshot correction changes Ĥ
    // towards H, away from the difference quotients it was fitted to).
    const HnnModel fitted = out.result.model.uncorrected();
    out.trainField = fieldResidual(fitted, out.result.train.X, out.result.train.dXdt);
    out.validationField = fieldResidual(fitted, out.validation.X, out.validation.dXdt);
    if (truth && out.validation.size()) out.validationTruth = measureErrors(out.result.model, out.validation, &control);
    return out;
}

} // namespace shnn

#include "trainer.h"

#include "aswim_first_pass.h"
#include "data_file_fit.h"

#include "../data/observation_noise.h"
#include "../data/snapshot_data.h"
#include "../data/trajectory_data.h"
#include "../errors.h"
#include "../fit/normal_equations.h"
#include "../stopwatch.h"
#include "../sampling/samplers.h"
#include "../systems/system.h"

#include <chrono>
#include <cmath>

namespace shnn {

namespace {


double relativeL2(double errSq, double refSq) { return refSq > 0 ? std::sqrt(errSq / refSq) : std::sqrt(errSq); }

// Non-finite true data means the system overflows or is undefined somewhere in the box:
// that is a property of the chosen domain, reported against it.
void requireFiniteData(const Dataset& d, const char* which) {
    try {
        requireFinite(d, which);
    } catch (const NumericalError& e) {
        throw SettingsError("domain", e.what());
    }
}

struct Pass {
    HiddenLayer layer;
    HnnModel model;
};

Pass fitPassOn(const TrainingSettings& s, HiddenLayer layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& targets,
               RunControl& control, TrainingResult& r, bool normalEquations = false) {
    LeastSquaresProblem problem;
    problem.layer = &layer;
    problem.X = &X;
    problem.gradTargets = &targets;
    problem.anchor = Eigen::Map<const Eigen::VectorXd>(s.anchor.data(), static_cast<Eigen::Index>(s.anchor.size()));
    problem.anchorH = *s.anchorH;
    problem.rcond = s.rcond;
    problem.autoRcond = s.rcondAuto;
    SolveReport report;
    const OutputLayer out = normalEquations ? solveNormalEquations(problem, control, report)
                                            : solveOutputLayer(problem, s.solver, control, report);
    r.seconds.assemble += report.assembleSeconds;
    r.seconds.solve += report.solveSeconds;
    r.solve = report;
    Pass p;
    p.model.W = layer.W;
    p.model.b = layer.b;
    p.model.c = out.c;
    p.model.c0 = out.c0;
    p.layer = std::move(layer);
    return p;
}

} // namespace

void applySnapshotCorrection(HnnModel& model, const TrainingSettings& s) {
    model.correction = 0.5 * s.data.h;
    // Ĥ(x0) = H(x0) held for the plain network; the corrected one is fixed at the same anchor.
    model.c0 += *s.anchorH - model.H(s.anchor.data());
}

ErrorMetrics measureErrors(const HnnModel& model, const Dataset& data, const RunControl* control) {
    Eigen::VectorXd H;
    Eigen::MatrixXd G;
    Stage stage = Stage::Evaluating;
    model.evaluate(data.X, &H, &G, control, &stage);
    if (!H.allFinite() || !G.allFinite())
        throw NumericalError("the trained network gives non-finite values on the test states");
    ErrorMetrics m;
    m.relL2H = relativeL2((H - data.H).squaredNorm(), data.H.squaredNorm());
    m.relL2Grad = relativeL2((G - data.gradH).squaredNorm(), data.gradH.squaredNorm());
    return m;
}

Dataset makeTrainingData(const HamiltonianSystem& sys, const TrainingSettings& s, const RunControl* control) {
    if (!s.dataFile.empty()) {
        // Measured states (a reopened session or model of an imported fit): the file's rows again.
        Dataset d = dataFileStates(readDataFile(s.dataFile), s.data.fitAt);
        labelStates(sys, d, false, control);
        return d;
    }
    auto rng = makeRng(s.seed, RandomStream::TrainStates);
    if (s.data.kind == DataKind::Trajectories) {
        auto noiseRng = makeRng(s.seed, RandomStream::Noise);
        return trajectoryDataset(sys, s.domain, s.train, s.data, rng, noiseRng, control);
    }
    if (s.data.kind == DataKind::Snapshots) {
        auto noiseRng = makeRng(s.seed, RandomStream::Noise);
        return snapshotDataset(sys, s.domain, s.train, s.data, rng, noiseRng, control);
    }
    Dataset d = uniformDataset(sys, s.domain, s.train, rng, control);
    if (s.data.noise > 0) {
        // Noise on the observed derivatives (uniform data has exact states).
        auto noiseRng = makeRng(s.seed, RandomStream::Noise);
        std::normal_distribution<double> unit(0.0, 1.0);
        const Eigen::VectorXd scale = noiseScales(d.dXdt, s.data.noise, s.data.noiseRelative);
        // Column-major: every derivative of coordinate 0, then of coordinate 1, …
        for (Eigen::Index i = 0; i < d.dXdt.cols(); ++i)
            for (Eigen::Index k = 0; k < d.dXdt.rows(); ++k) d.dXdt(k, i) += scale(i) * unit(noiseRng);
    }
    return d;
}

Dataset makeTestData(const HamiltonianSystem& sys, const Domain& box, std::int64_t n, std::uint64_t seed,
                     const RunControl* control) {
    auto rng = makeRng(seed, RandomStream::TestStates);
    return uniformDataset(sys, box, n, rng, control);
}

TrainingResult train(const TrainingSettings& settings, RunControl control, const IntermediateFn& onIntermediate) {
    const auto start = Clock::now();
    if (!settings.dataFile.empty()) return trainOnDataFile(resolveSettings(settings), control);
    const TrainingSettings s = resolveSettings(settings);
    checkMemory(s);
    SystemPtr system = systemFor(s);
    control.setPass(1, s.sampler == Sampler::ASwim ? 2 : 1);
    control.report(Stage::Sampling, 0.0);
    Dataset trainData = makeTrainingData(*system, s, &control);
    requireFiniteData(trainData, "training data");
    const Dataset test = makeTestData(*system, s.domain, s.test, s.seed, &control);
    requireFiniteData(test, "test data");
    return trainOn(s, std::move(system), std::move(trainData), test, std::move(control), onIntermediate, since(start));
}

TrainingResult trainOnDataFile(const TrainingSettings& s, const RunControl& control) {
    SystemPtr truth = systemFor(s);
    const DataFile file = readDataFileFor(*truth, s.dataFile);
    return fitDataFile(s, file, std::move(truth), 0.0, control).result;
}

TrainingResult trainOn(const TrainingSettings& s, SystemPtr system, Dataset trainData, const Dataset& test,
                       RunControl control, const IntermediateFn& onIntermediate, double dataSeconds) {
    const auto start = Clock::now() - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(dataSeconds));
    TrainingResult r;
    r.settings = s;
    r.system = std::move(system);
    r.train = std::move(trainData);
    r.passes = s.sampler == Sampler::ASwim ? 2 : 1;
    control.setPass(1, r.passes);
    r.seconds.data = dataSeconds;
    const Eigen::MatrixXd targets = r.train.gradientTargets();

    auto t0 = Clock::now();
    auto rng = makeRng(s.seed, RandomStream::HiddenLayer);
    HiddenLayer layer;
    AswimFirstPass firstPass;
    Eigen::MatrixXd firstX, firstTargets;  // A-SWIM's first-pass states
    const Eigen::MatrixXd* passX = &r.train.X;  // what the first fit is solved on
    const Eigen::MatrixXd* passTargets = &targets;
    switch (s.sampler) {
    case Sampler::Elm: layer = sampleElm(s.width, s.domain, rng); break;
    case Sampler::Swim:
        if (r.train.H.size() != r.train.size())
            throw SettingsError("sampler", "SWIM needs the true H at the training states; these data have none "
                                           "(U-SWIM and A-SWIM do not need it)");
        layer = sampleSwim(r.train.X, &r.train.H, s.width, rng, &control);
        break;
    case Sampler::USwim: layer = sampleSwim(r.train.X, nullptr, s.width, rng, &control); break;
    case Sampler::ASwim: {
        // The first pass only ranks pairs for the second: a narrower network on fewer states
        // (aswim_first_pass.h; all of them for the paper's full pass).
        firstPass = aswimFirstPassSize(s, r.train.size(), r.train.X.cols());
        const std::vector<Eigen::Index> rows = evenlySpacedRows(r.train.size(), firstPass.states);
        firstX = r.train.X(rows, Eigen::all);
        firstTargets = targets(rows, Eigen::all);
        passX = &firstX;
        passTargets = &firstTargets;
        layer = sampleSwim(firstX, nullptr, firstPass.width, rng, &control);
        // Pairs name training states: the subset's rows back to the whole set's.
        for (auto& [a, b] : layer.pairs) {
            a = rows[static_cast<size_t>(a)];
            b = rows[static_cast<size_t>(b)];
        }
        break;
    }
    }
    r.seconds.sample += since(t0);
    control.report(Stage::Sampling, 1.0);
    // A-SWIM's first pass ranks pairs only: by the normal equations, unless it is the paper's.
    Pass pass = fitPassOn(s, std::move(layer), *passX, *passTargets, control, r,
                          s.sampler == Sampler::ASwim && aswimFirstPassByNormalEquations(s));

    if (s.sampler == Sampler::ASwim) {
        // Ĥ of the first fit stands in for the true H that SWIM would need.
        t0 = Clock::now();
        Eigen::VectorXd Hhat;
        pass.model.evaluate(r.train.X, &Hhat, nullptr, &control);
        if (!Hhat.allFinite()) throw NumericalError("A-SWIM: the first-pass network is not finite on the training states");
        r.seconds.sample += since(t0);
        if (onIntermediate) {
            TrainingResult first = r;
            first.model = pass.model;
            first.layer = pass.layer;
            first.pass = 1;
            t0 = Clock::now();
            first.test = measureErrors(pass.model, test, &control);
            first.seconds.evaluate = since(t0);
            first.seconds.total = since(start);
            onIntermediate(first);
        }
        control.setPass(2, 2);
        control.report(Stage::Sampling, 0.0);
        t0 = Clock::now();
        // The same stream SWIM draws from: A-SWIM then differs from SWIM only by Ĥ in place of
        // H (common random numbers), and where the first pass is accurate it picks SWIM's very
        // neurons (E1–E5); a comparison of the two measures Ĥ, not the luck of two draws.
        auto rng2 = makeRng(s.seed, RandomStream::HiddenLayer);
        HiddenLayer second = sampleSwim(r.train.X, &Hhat, s.width, rng2, &control);
        r.seconds.sample += since(t0);
        r.firstLayer = std::move(pass.layer);
        r.firstModel = std::move(pass.model);
        r.firstPassStates = firstPass.states;
        pass = fitPassOn(s, std::move(second), r.train.X, targets, control, r);
        r.pass = 2;
    }
    r.model = std::move(pass.model);
    r.layer = std::move(pass.layer);

    t0 = Clock::now();
    control.report(Stage::Evaluating, 0.0);
    // No test set: measured data without a known system (data_file_fit.h reports residuals).
    const bool tested = test.size() > 0;
    if (s.data.kind == DataKind::Snapshots && s.data.correct) {
        if (tested) r.testUncorrected = measureErrors(r.model, test, &control);
        applySnapshotCorrection(r.model, s);
    }
    if (tested) r.test = measureErrors(r.model, test, &control);
    if (r.train.H.size() == r.train.size() && r.train.gradH.rows() == r.train.size())
        r.trainError = measureErrors(r.model, r.train, &control);
    r.seconds.evaluate = since(t0);
    control.report(Stage::Evaluating, 1.0);
    r.seconds.total = since(start);
    return r;
}

} // namespace shnn

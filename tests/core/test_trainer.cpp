// core::train end to end on small problems: errors fall with width, A-SWIM hands over its
// first pass, cancellation, determinism, validation of settings, memory guard, trajectories.
#include "common/compare.h"
#include "core/errors.h"
#include "core/fit/normal_equations.h"
#include "core/analysis/grid.h"
#include "core/integrate/trajectory.h"
#include "core/io/session_file.h"
#include "core/systems/system.h"
#include "core/sampling/samplers.h"
#include "core/train/aswim_first_pass.h"
#include "core/train/trainer.h"

#include <random>

using namespace shnn;

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void fitsThePendulum();
    void aswimReportsItsFirstPass();
    void sameSettingsSameResult();
    void progressCoversTheStages();
    void cancelThrows();
    void badSettings_data();
    void badSettings();
    void memoryGuardRefusesHugeFits();
    void trajectoryDataTrainsToo();
    void truePendulumConservesEnergy();
    void learnedFlowFollowsTrueFlow();
    void gridEvaluationMatchesPointwise_data();
    void gridEvaluationMatchesPointwise();
    void onlySwimReadsTheTrueH();
    void errorsAreRelativeL2OnTheTestSet();
    void resultKeepsItsSystem();
    void aswimFirstPassMayBeNarrower();
    void aswimFirstPassSizeFollowsItsBudget();
    void evenlySpacedRowsSpreadOverTheSet();
    void aswimDefaultFirstPassIsSmallAndAsGood();
    void aswimWithAnAccurateFirstPassPicksSwimsNeurons();
    void rcondAutoAgainstAFixedSweep();
};

namespace {
TrainingSettings small(Sampler s = Sampler::USwim) {
    TrainingSettings t;
    t.system = "single_pendulum";
    t.sampler = s;
    t.width = 200;
    t.train = 1500;
    t.test = 1000;
    return t;
}
} // namespace

void TestTrainer::fitsThePendulum() {
    const TrainingResult r = train(small());
    QVERIFY2(r.test.relL2H < 1e-5, qPrintable(QString::number(r.test.relL2H)));
    QVERIFY(r.test.relL2Grad < 1e-3);
    QCOMPARE(r.model.width(), 200);
    QCOMPARE(r.train.size(), 1500);
    QCOMPARE(static_cast<int>(r.layer.pairs.size()), 200);
    QVERIFY(r.seconds.total >= r.seconds.solve);
    QCOMPARE(static_cast<int>(r.settings.params.size()), 4);  // resolved: every parameter listed
    // The anchor is met: Ĥ(0) = H(0) = 0.
    const double x0[2] = {0, 0};
    SHNN_COMPARE_TOL(r.model.H(x0), 0.0, 0, 1e-8);
}

void TestTrainer::aswimReportsItsFirstPass() {
    int intermediates = 0;
    double firstError = 0;
    const TrainingResult r = train(small(Sampler::ASwim), {}, [&](const TrainingResult& first) {
        ++intermediates;
        QCOMPARE(first.pass, 1);
        firstError = first.test.relL2H;
    });
    QCOMPARE(intermediates, 1);
    QCOMPARE(r.pass, 2);
    QVERIFY(r.firstLayer && r.firstModel);
    QVERIFY(firstError > 0 && r.test.relL2H > 0);
    QVERIFY(!(r.firstLayer->W == r.layer.W));
}

void TestTrainer::sameSettingsSameResult() {
    const TrainingResult a = train(small(Sampler::Swim)), b = train(small(Sampler::Swim));
    QCOMPARE(a.test.relL2H, b.test.relL2H);
    QVERIFY(a.model.c == b.model.c);
    TrainingSettings other = small(Sampler::Swim);
    other.seed = 1;
    QVERIFY(train(other).test.relL2H != a.test.relL2H);
}

void TestTrainer::progressCoversTheStages() {
    std::vector<Stage> seen;
    double last = -1;
    bool monotone = true;
    Stage lastStage = Stage::Sampling;
    RunControl control(
        [&](const Progress& p) {
            if (seen.empty() || seen.back() != p.stage) {
                seen.push_back(p.stage);
                last = -1;
            }
            if (p.stage == lastStage && p.fraction < last) monotone = false;
            lastStage = p.stage;
            last = p.fraction;
        },
        nullptr);
    train(small(Sampler::Swim), control);
    auto has = [&](Stage s) { return std::find(seen.begin(), seen.end(), s) != seen.end(); };
    QVERIFY(has(Stage::Sampling) && has(Stage::Assembling) && has(Stage::Solving) && has(Stage::Evaluating));
    QVERIFY(monotone);
}

void TestTrainer::cancelThrows() {
    std::atomic<bool> cancel{false};
    int calls = 0;
    RunControl control(
        [&](const Progress& p) {
            if (p.stage == Stage::Solving && ++calls == 1) cancel = true;
        },
        &cancel);
    TrainingSettings s = small();
    s.width = 1500;
    s.train = 5000;
    QVERIFY_THROWS_EXCEPTION(Cancelled, train(s, control));
}

void TestTrainer::badSettings_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("key");
    QTest::newRow("width 0") << "width=0" << "width";
    QTest::newRow("width negative") << "width=-5" << "width";
    QTest::newRow("width absurd") << "width=1000000000000" << "width";
    QTest::newRow("train 2") << "train=2" << "train";
    QTest::newRow("train absurd") << "train=1000000000000" << "train";
    QTest::newRow("test 0") << "test=0" << "test";
    QTest::newRow("width > pairs") << "pairs" << "width";
    QTest::newRow("rcond 0") << "rcond=0" << "rcond";
    QTest::newRow("rcond 1") << "rcond=1" << "rcond";
    QTest::newRow("rcond nan") << "rcond=nan" << "rcond";
    QTest::newRow("inverted domain") << "domain" << "domain";
    QTest::newRow("lotka-volterra overflow") << "lv800" << "domain";
    QTest::newRow("anchor wrong size") << "anchor" << "anchor";
    QTest::newRow("unknown system") << "system" << "system";
}

void TestTrainer::badSettings() {
    QFETCH(QString, field);
    QFETCH(QString, key);
    TrainingSettings s = small();
    if (field.startsWith("width=")) s.width = field.mid(6).toLongLong();
    else if (field.startsWith("train=")) s.train = field.mid(6).toLongLong();
    else if (field.startsWith("test=")) s.test = field.mid(5).toLongLong();
    else if (field == "rcond=nan") s.rcond = std::nan("");
    else if (field.startsWith("rcond=")) s.rcond = field.mid(6).toDouble();
    else if (field == "pairs") {
        s.train = 10;
        s.width = 46;
    } else if (field == "domain") s.domain = Domain{{{1, -1}, {-1, 1}}};
    else if (field == "lv800") {
        s.system = "lotka_volterra";
        s.domain = Domain{{{-800, 800}, {-2, 2}}};
    } else if (field == "anchor") s.anchor = {0, 0, 0};
    else if (field == "system") s.system = "triple_pendulum";
    try {
        train(s);
        QFAIL("accepted a bad setting");
    } catch (const SettingsError& e) {
        QCOMPARE(QString::fromStdString(e.key()), key);
    }
}

void TestTrainer::memoryGuardRefusesHugeFits() {
    TrainingSettings s = small();
    s.solver = Solver::Svd;
    s.train = 40'000'000;
    s.width = 50'000;
    const TrainingSettings r = resolveSettings(s);
    QVERIFY(estimatePeakBytes(r) > 1e13);
    try {
        checkMemory(r);
        QFAIL("a 16 TB fit was not refused");
    } catch (const SettingsError& e) {
        QVERIFY(QString(e.what()).contains("GB"));
    }
}

void TestTrainer::trajectoryDataTrainsToo() {
    TrainingSettings s = small(Sampler::ASwim);
    s.data.kind = DataKind::Trajectories;
    s.data.points = 10;
    s.data.dt = 0.2;
    s.data.derivatives = DerivativeSource::FiniteDifferences;
    const TrainingResult r = train(s);
    QCOMPARE(r.train.size(), 1500);
    // Finite differences with Δt = 0.2 carry an O(Δt²) error, so the fit is rough but sane.
    QVERIFY2(r.test.relL2H < 0.2, qPrintable(QString::number(r.test.relL2H)));
}

void TestTrainer::truePendulumConservesEnergy() {
    const auto sys = makeSystem("single_pendulum");
    Eigen::VectorXd x0(2);
    x0 << 1.0, 0.5;
    const Trajectory t = integrateFlow([&](const double* x, double* dx) { sys->vectorField(x, dx); }, x0, 100.0, 2001, {});
    QCOMPARE(t.states.rows(), 2001);
    QVERIFY(!t.diverged);
    const double h0 = sys->H(x0.data());
    double drift = 0;
    for (Eigen::Index k = 0; k < t.states.rows(); ++k) {
        const Eigen::VectorXd x = t.states.row(k).transpose();
        drift = std::max(drift, std::abs(sys->H(x.data()) - h0));
    }
    QVERIFY2(drift < 1e-8, qPrintable(QString::number(drift)));
}

void TestTrainer::learnedFlowFollowsTrueFlow() {
    TrainingSettings s = small(Sampler::Swim);
    s.width = 400;
    s.train = 4000;
    const TrainingResult r = train(s);
    const auto sys = makeSystem("single_pendulum");
    Eigen::VectorXd x0(2);
    x0 << 0.5, 0.2;
    const TrajectoryComparison c = compareTrajectories(*sys, r.model, x0, 5.0, 101);
    QCOMPARE(c.learned.states.rows(), 101);
    const double diff = (c.truth.states - c.learned.states).cwiseAbs().maxCoeff();
    QVERIFY2(diff < 1e-3, qPrintable(QString::number(diff)));
    // Ĥ is conserved by the learned flow up to the integrator's tolerance.
    QVERIFY((c.energyLearned.array() - c.energyLearned(0)).abs().maxCoeff() < 1e-8);
}

void TestTrainer::gridEvaluationMatchesPointwise_data() {
    QTest::addColumn<QString>("system");
    QTest::addColumn<int>("sampler");
    QTest::newRow("pendulum SWIM (steep neurons: direct path)") << "single_pendulum" << int(Sampler::Swim);
    QTest::newRow("pendulum ELM") << "single_pendulum" << int(Sampler::Elm);
    QTest::newRow("Hénon–Heiles slice") << "henon_heiles" << int(Sampler::USwim);
}

void TestTrainer::gridEvaluationMatchesPointwise() {
    // The separable grid evaluation (exp(a + b) = exp(a)·exp(b)) against plain evaluation.
    QFETCH(QString, system);
    QFETCH(int, sampler);
    TrainingSettings s = small(static_cast<Sampler>(sampler));
    s.system = system.toStdString();
    s.train = 3000;
    const TrainingResult r = train(s);
    Slice slice = Slice::defaultFor(r.settings.domain);
    if (slice.fixed.size() == 4) slice.fixed = {0.0, 0.0, 0.3, -0.2};
    const GridSpec spec = GridSpec::over(r.settings.domain, slice, 37, 23);
    Eigen::MatrixXd H, G;
    evaluateModelOnGrid(r.model, spec, H, &G);
    Eigen::MatrixXd X(37 * 23, r.model.dim());
    for (int j = 0; j < 23; ++j)
        for (int i = 0; i < 37; ++i) X.row(j * 37 + i) = slice.state(spec.x(i), spec.y(j)).transpose();
    Eigen::VectorXd Href;
    Eigen::MatrixXd Gref;
    r.model.evaluate(X, &Href, &Gref);
    const double scale = r.model.c.cwiseAbs().sum();  // the size of the sum's terms
    for (int j = 0; j < 23; ++j)
        for (int i = 0; i < 37; ++i) SHNN_COMPARE_TOL(H(i, j), Href(j * 37 + i), 0, 1e-14 * scale);
    const double gscale = (r.model.c.cwiseAbs().asDiagonal() * r.model.W.cwiseAbs()).sum();
    QVERIFY2((G - Gref).cwiseAbs().maxCoeff() < 1e-14 * gscale, qPrintable(QString::number((G - Gref).cwiseAbs().maxCoeff() / gscale)));
}

void TestTrainer::onlySwimReadsTheTrueH() {
    // Poison the training set's H values (which real data would not have): ELM, U-SWIM and
    // A-SWIM must build exactly the same network; SWIM must notice.
    for (Sampler sampler : allSamplers()) {
        TrainingSettings s = resolveSettings(small(sampler));
        const SystemPtr sys = systemFor(s);
        const Dataset clean = makeTrainingData(*sys, s);
        const Dataset test = makeTestData(*sys, s.domain, s.test, s.seed);
        Dataset poisoned = clean;
        std::mt19937_64 rng(99);
        std::uniform_real_distribution<double> junk(-1e3, 1e3);
        for (Eigen::Index k = 0; k < poisoned.H.size(); ++k) poisoned.H(k) = junk(rng);
        const TrainingResult a = trainOn(s, sys, clean, test), b = trainOn(s, sys, poisoned, test);
        const bool same = a.model.W == b.model.W && a.model.b == b.model.b && a.model.c == b.model.c && a.model.c0 == b.model.c0;
        QVERIFY2(same == !samplerNeedsTrueH(sampler), samplerName(sampler).c_str());
        if (!samplerNeedsTrueH(sampler)) {
            QCOMPARE(b.test.relL2H, a.test.relL2H);
            // Without any H at all, too.
            Dataset none = clean;
            none.H.resize(0);
            const TrainingResult c = trainOn(s, sys, none, test);
            QVERIFY(c.model.c == a.model.c);
        } else {
            Dataset none = clean;
            none.H.resize(0);
            QVERIFY_THROWS_EXCEPTION(SettingsError, trainOn(s, sys, none, test));
        }
    }
}

void TestTrainer::errorsAreRelativeL2OnTheTestSet() {
    // rel_l2_H = ‖Ĥ − H‖₂/‖H‖₂ and rel_l2_gradH = ‖∇Ĥ − ∇H‖_F/‖∇H‖_F over the test states the
    // seed defines, computed here state by state.
    TrainingSettings s = small(Sampler::Elm);
    s.width = 30;  // a visible error
    s.system = "henon_heiles";
    const TrainingResult r = train(s);
    const Dataset test = makeTestData(*r.system, r.settings.domain, r.settings.test, r.settings.seed);
    long double eh = 0, rh = 0, eg = 0, rg = 0;
    Eigen::VectorXd g(4), gt(4);
    for (Eigen::Index k = 0; k < test.size(); ++k) {
        const Eigen::VectorXd x = test.X.row(k).transpose();
        const double h = r.system->H(x.data()), hh = r.model.H(x.data());
        r.system->gradH(x.data(), gt.data());
        r.model.gradH(x.data(), g.data());
        eh += (hh - h) * (hh - h);
        rh += h * h;
        eg += (g - gt).squaredNorm();
        rg += gt.squaredNorm();
    }
    SHNN_COMPARE_REL(r.test.relL2H, static_cast<double>(std::sqrt(eh / rh)), 1e-10);
    SHNN_COMPARE_REL(r.test.relL2Grad, static_cast<double>(std::sqrt(eg / rg)), 1e-10);
    QVERIFY(r.test.relL2H > 1e-4);  // the error is far above rounding
    // Training errors are on the training states.
    SHNN_COMPARE_REL(r.trainError.relL2H, measureErrors(r.model, r.train).relL2H, 1e-14);
    QVERIFY(r.trainError.relL2H != r.test.relL2H);
}

void TestTrainer::resultKeepsItsSystem() {
    TrainingSettings s = small();
    s.params = {{"f", 3.0}, {"m", 2.0}};
    const TrainingResult r = train(s);
    QVERIFY(r.system);
    QCOMPARE(r.system->name(), std::string("single_pendulum"));
    QCOMPARE(r.system->param("f"), 3.0);
    QCOMPARE(r.system->param("m"), 2.0);
}

void TestTrainer::aswimFirstPassMayBeNarrower() {
    // The first pass at 50 of 200 neurons: its network has 50, the final one 200, and the
    // error stays that of the full first pass (within 3×; the second pass decides it).
    TrainingSettings s = small(Sampler::ASwim);
    const TrainingResult full = train(s);
    s.aswimFirstWidth = 50;
    const TrainingResult narrow = train(s);
    QVERIFY(narrow.firstModel);
    QCOMPARE(narrow.firstModel->width(), Eigen::Index(50));
    QCOMPARE(narrow.model.width(), Eigen::Index(200));
    QCOMPARE(full.firstModel->width(), Eigen::Index(200));
    qInfo("A-SWIM, first pass 200: %.3e; first pass 50: %.3e", full.test.relL2H, narrow.test.relL2H);
    QVERIFY(narrow.test.relL2H < 3 * full.test.relL2H);
    QVERIFY(narrow.test.relL2H != full.test.relL2H);
    // Above the width it is the width.
    s.aswimFirstWidth = 5000;
    QCOMPARE(train(s).test.relL2H, full.test.relL2H);
}

void TestTrainer::aswimFirstPassSizeFollowsItsBudget() {
    // Recomputed here from the formulas of aswim_first_pass.h: the widest first network whose
    // solve costs at most an eighth of the fit's, on three derivative rows per neuron.
    auto cost = [](double m, double n, double D) { return 2 * n * m * m + 2.0 / 3.0 * D * m * m * m; };
    auto statesFor = [](Eigen::Index m, Eigen::Index N, Eigen::Index D) {
        const auto forPairs = static_cast<Eigen::Index>(std::ceil(std::sqrt(8.0 * double(m)))) + 1;
        return std::min<Eigen::Index>(N, std::max<Eigen::Index>({(3 * m + D - 1) / D, forPairs, 3}));
    };
    TrainingSettings s;
    s.sampler = Sampler::ASwim;
    struct Case {
        Eigen::Index M, N, D;
    };
    for (const Case c : {Case{1000, 10000, 2}, Case{1500, 20000, 2}, Case{5000, 20000, 4}, Case{1000, 20000, 4},
                         Case{800, 4000, 2}, Case{3000, 20000, 100}}) {
        s.width = c.M;
        const AswimFirstPass p = aswimFirstPassSize(s, c.N, c.D);
        // Enough distinct pairs for the first layer (a formula in 50 degrees of freedom).
        QVERIFY(distinctPairs(p.states) >= 4.0 * double(p.width));
        const double budget = cost(c.M, c.N, c.D) / 8;
        QCOMPARE(p.states, statesFor(p.width, c.N, c.D));
        QVERIFY2(cost(p.width, p.states, c.D) <= budget, qPrintable(QString::number(c.M)));
        if (p.width < c.M) QVERIFY(cost(p.width + 1, statesFor(p.width + 1, c.N, c.D), c.D) > budget);
    }
    // E2 by hand: 2·1275·850² + (4/3)·850³ = 2.66e9 ≤ 21.3e9 / 8, and 851 neurons would not fit.
    s.width = 1000;
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).width, Eigen::Index(850));
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).states, Eigen::Index(1275));
    // E7: the whole width fits the share (750 states).
    QCOMPARE(aswimFirstPassSize(s, 20000, 4).width, Eigen::Index(1000));
    QCOMPARE(aswimFirstPassSize(s, 20000, 4).states, Eigen::Index(750));
    // The paper's full pass when asked for, and for fits too small to gain anything (< 2 GFLOP).
    s.aswimFullFirstPass = true;
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).width, Eigen::Index(1000));
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).states, Eigen::Index(10000));
    s.aswimFullFirstPass = false;
    s.width = 200;
    QCOMPARE(aswimFirstPassSize(s, 1500, 2).width, Eigen::Index(200));
    QCOMPARE(aswimFirstPassSize(s, 1500, 2).states, Eigen::Index(1500));
    // Explicit sizes win; the other one is chosen for them.
    s.width = 1000;
    s.aswimFirstWidth = 400;
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).width, Eigen::Index(400));
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).states, Eigen::Index(600));
    s.aswimFirstTrain = 20000;  // above the training set: the training set
    QCOMPARE(aswimFirstPassSize(s, 10000, 2).states, Eigen::Index(10000));
    s.aswimFirstWidth = 0;
    s.aswimFirstTrain = 5000;
    const AswimFirstPass p = aswimFirstPassSize(s, 10000, 2);
    QCOMPARE(p.states, Eigen::Index(5000));
    QVERIFY(cost(p.width, 5000, 2) <= cost(1000, 10000, 2) / 8);
    QVERIFY(cost(p.width + 1, 5000, 2) > cost(1000, 10000, 2) / 8);
}

void TestTrainer::evenlySpacedRowsSpreadOverTheSet() {
    QCOMPARE(evenlySpacedRows(10, 4), (std::vector<Eigen::Index>{0, 2, 5, 7}));
    QCOMPARE(evenlySpacedRows(5, 9), (std::vector<Eigen::Index>{0, 1, 2, 3, 4}));
    const std::vector<Eigen::Index> rows = evenlySpacedRows(20000, 2565);
    QCOMPARE(rows.size(), size_t(2565));
    QVERIFY(std::adjacent_find(rows.begin(), rows.end(), std::greater_equal<>()) == rows.end());  // increasing
    QVERIFY(rows.back() >= 20000 - 8);  // reaches the end: later trajectories take part too
}

void TestTrainer::aswimDefaultFirstPassIsSmallAndAsGood() {
    // Pendulum, width 600 on 4000 states (3.2 GFLOP): the default first pass is 450 neurons
    // on 675 states, solved by the normal equations; its pairs are drawn among those states;
    // the final error is that of the paper's full first pass (QR) within 1.5× (the second
    // pass decides it).
    TrainingSettings s = small(Sampler::ASwim);
    s.width = 600;
    s.train = 4000;
    const TrainingResult fast = train(s);
    const AswimFirstPass p = aswimFirstPassSize(s, 4000, 2);
    QVERIFY(p.width < 600 && p.states < 4000);
    QVERIFY(fast.firstModel && fast.firstLayer);
    QCOMPARE(fast.firstModel->width(), p.width);
    QCOMPARE(fast.firstPassStates, p.states);
    const std::vector<Eigen::Index> rows = evenlySpacedRows(4000, p.states);
    for (const auto& [a, b] : fast.firstLayer->pairs) {
        QVERIFY(std::binary_search(rows.begin(), rows.end(), a));
        QVERIFY(std::binary_search(rows.begin(), rows.end(), b));
    }
    // A session keeps the narrower first pass and its states.
    io::Session session;
    session.runs.push_back(fast);
    session.current = 0;
    const io::Session back = io::sessionFromJson(io::sessionToJson(session), false);
    QVERIFY(back.runs[0].firstModel && back.runs[0].firstLayer);
    QCOMPARE(back.runs[0].firstModel->width(), p.width);
    QCOMPARE(back.runs[0].firstModel->W, fast.firstModel->W);
    QCOMPARE(back.runs[0].firstLayer->pairs, fast.firstLayer->pairs);
    QCOMPARE(back.runs[0].firstPassStates, p.states);

    // Each first network's coefficients are its solver's on its states, to the last bit.
    const auto firstPassSolve = [](const TrainingResult& r, const std::vector<Eigen::Index>& on, bool qr) {
        const Eigen::MatrixXd X = r.train.X(on, Eigen::all), targets = r.train.gradientTargets()(on, Eigen::all);
        HiddenLayer layer;
        layer.W = r.firstModel->W;
        layer.b = r.firstModel->b;
        LeastSquaresProblem lp;
        lp.layer = &layer;
        lp.X = &X;
        lp.gradTargets = &targets;
        lp.anchor = Eigen::Map<const Eigen::VectorXd>(r.settings.anchor.data(), 2);
        lp.anchorH = *r.settings.anchorH;
        lp.rcond = r.settings.rcond;
        SolveReport report;
        return qr ? solveOutputLayer(lp, Solver::Qr, RunControl(), report)
                  : solveNormalEquations(lp, RunControl(), report);
    };
    const OutputLayer fastFirst = firstPassSolve(fast, rows, false);
    QCOMPARE(fast.firstModel->c, fastFirst.c);
    QCOMPARE(fast.firstModel->c0, fastFirst.c0);

    s.aswimFullFirstPass = true;
    const TrainingResult paper = train(s);
    QCOMPARE(paper.firstModel->width(), Eigen::Index(600));
    QCOMPARE(paper.firstPassStates, Eigen::Index(4000));
    QCOMPARE(paper.firstModel->c, firstPassSolve(paper, evenlySpacedRows(4000, 4000), true).c);
    qInfo("A-SWIM width 600: default first pass (%lld on %lld states) %.3e, full first pass %.3e",
          static_cast<long long>(p.width), static_cast<long long>(p.states), fast.test.relL2H, paper.test.relL2H);
    QVERIFY(fast.test.relL2H <= 1.5 * paper.test.relL2H);
    QVERIFY(fast.model.width() == 600 && paper.model.width() == 600);
}

void TestTrainer::aswimWithAnAccurateFirstPassPicksSwimsNeurons() {
    // Both draw from the same stream; a first pass accurate to ~1e-7 changes no pick, so the
    // second pass has SWIM's pairs and network exactly. A steep pendulum (f = 20), where the
    // first pass is poor, picks differently.
    TrainingSettings s = small(Sampler::Swim);
    const TrainingResult swim = train(s);
    s.sampler = Sampler::ASwim;
    const TrainingResult aswim = train(s);
    QVERIFY(aswim.firstModel);
    QCOMPARE(aswim.layer.pairs, swim.layer.pairs);
    QCOMPARE(aswim.test.relL2H, swim.test.relL2H);
    s.params = {{"f", 20.0}};
    s.domain = Domain{{{-M_PI, M_PI}, {-0.5, 0.5}}};
    s.sampler = Sampler::Swim;
    const TrainingResult steepSwim = train(s);
    s.sampler = Sampler::ASwim;
    const TrainingResult steepAswim = train(s);
    QVERIFY(steepAswim.layer.pairs != steepSwim.layer.pairs);
}

void TestTrainer::rcondAutoAgainstAFixedSweep() {
    // Noisy derivatives (σ 1e-3, 1e-2): GCV's choice within 2× of the best fixed rcond of
    // 1e-13 … 1e-2; clean data: never more than 10% worse than the default 1e-13.
    for (double sigma : {0.0, 1e-3, 1e-2}) {
        TrainingSettings s = small(Sampler::USwim);
        s.width = 400;
        s.train = 1000;
        s.data.noise = sigma;
        double best = 1e300, atDefault = 0;
        for (double rc : {1e-13, 1e-11, 1e-9, 1e-7, 1e-5, 1e-4, 1e-3, 1e-2}) {
            s.rcond = rc;
            const double e = train(s).test.relL2H;
            best = std::min(best, e);
            if (rc == 1e-13) atDefault = e;
        }
        s.rcond = 1e-13;
        s.rcondAuto = true;
        const TrainingResult a = train(s);
        qInfo("noise %.0e: rcond auto (chose %.2e) %.3e; best fixed %.3e; 1e-13 %.3e", sigma, a.solve.rcondChosen,
              a.test.relL2H, best, atDefault);
        QVERIFY(a.solve.rcondChosen > 0);
        // The curve the studio draws: the whole grid 1e-16 … 1e-1 in steps of 10^(1/8), its
        // minimum at the chosen rcond.
        const auto& curve = a.solve.gcvCurve;
        QCOMPARE(static_cast<int>(curve.size()), 121);
        SHNN_COMPARE_REL(curve.front().first, 1e-16, 1e-12);
        SHNN_COMPARE_REL(curve.back().first, 1e-1, 1e-12);
        const auto lowest = std::min_element(curve.begin(), curve.end(),
                                             [](const auto& x, const auto& y) { return x.second < y.second; });
        QCOMPARE(lowest->first, a.solve.rcondChosen);
        QVERIFY(a.test.relL2H < 2 * best);
        if (sigma == 0) QVERIFY(a.test.relL2H < 1.1 * atDefault);
    }
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"

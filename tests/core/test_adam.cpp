// The gradient-trained HNN: the hand-derived gradient of the vector-field loss against central
// differences of the loss, Adam against a step computed here, PyTorch's initialisation ranges,
// determinism, cancellation that keeps the state, and the race's bookkeeping.
#include "common/compare.h"
#include "core/errors.h"
#include "core/systems/system.h"
#include "core/train/adam_hnn.h"
#include "core/train/race.h"
#include "core/train/trainer.h"

#include <atomic>
#include <random>
#include <thread>

using namespace shnn;

class TestAdam : public QObject {
    Q_OBJECT
private slots:
    void lossGradientMatchesCentralDifferences_data();
    void lossGradientMatchesCentralDifferences();
    void initialisationFollowsPyTorch();
    void firstStepIsAdamsFormula();
    void trainingLowersTheErrorAndIsDeterministic();
    void cancelKeepsTheStateAndContinues();
    void raceReportsWhenTheGradientRunReachedEachError();
};

namespace {

// A small network with saturated and gentle neurons, states and targets of a pendulum.
struct Setup {
    HnnModel m;
    Eigen::MatrixXd X, G;
};
Setup setup(int D, int M, int N, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Setup s;
    s.m.W = Eigen::MatrixXd::NullaryExpr(M, D, [&] { return 1.5 * normal(rng); });
    s.m.b = Eigen::VectorXd::NullaryExpr(M, [&] { return normal(rng); });
    s.m.c = Eigen::VectorXd::NullaryExpr(M, [&] { return normal(rng); });
    s.X = Eigen::MatrixXd::NullaryExpr(N, D, [&] { return 2.0 * normal(rng); });
    s.G = Eigen::MatrixXd::NullaryExpr(N, D, [&] { return normal(rng); });
    return s;
}

double lossOf(const HnnModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& G) {
    long double sum = 0;
    Eigen::VectorXd g(m.dim());
    for (Eigen::Index k = 0; k < X.rows(); ++k) {
        const Eigen::VectorXd x = X.row(k).transpose();
        m.gradH(x.data(), g.data());
        sum += (g - G.row(k).transpose()).squaredNorm();
    }
    return static_cast<double>(sum / (X.rows() * X.cols()));
}

TrainingSettings pendulum(int width, int train, int test) {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.domain = Domain{{{-2 * M_PI, 2 * M_PI}, {-1, 1}}};
    s.width = width;
    s.train = train;
    s.test = test;
    return resolveSettings(s);
}

} // namespace

void TestAdam::lossGradientMatchesCentralDifferences_data() {
    QTest::addColumn<int>("D");
    QTest::addColumn<int>("N");
    QTest::newRow("D = 2, one block") << 2 << 100;
    QTest::newRow("D = 4, several blocks") << 4 << 700;
}

void TestAdam::lossGradientMatchesCentralDifferences() {
    QFETCH(int, D);
    QFETCH(int, N);
    const Setup s = setup(D, 12, N, 3);
    const LossGradient g = hnnLossGradient(s.m, s.X, s.G);
    SHNN_COMPARE_REL(g.loss, lossOf(s.m, s.X, s.G), 1e-12);
    auto check = [&](const char* what, double analytic, auto perturb) {
        const double h = 1e-6;
        HnnModel a = s.m, b = s.m;
        perturb(a, h);
        perturb(b, -h);
        const double fd = (lossOf(a, s.X, s.G) - lossOf(b, s.X, s.G)) / (2 * h);
        QVERIFY2(std::abs(analytic - fd) <= 1e-6 * std::abs(fd) + 1e-9,
                 qPrintable(QString("%1: analytic %2, central difference %3").arg(what).arg(analytic, 0, 'g', 12).arg(fd, 0, 'g', 12)));
    };
    for (int j = 0; j < 12; ++j) {
        check("dc", g.dc(j), [j](HnnModel& m, double h) { m.c(j) += h; });
        check("db", g.db(j), [j](HnnModel& m, double h) { m.b(j) += h; });
        for (int i = 0; i < D; ++i) check("dW", g.dW(j, i), [j, i](HnnModel& m, double h) { m.W(j, i) += h; });
    }
}

void TestAdam::initialisationFollowsPyTorch() {
    TrainingSettings s = pendulum(4000, 100, 10);
    const AdamState st = initialAdamState(s, 2);
    const double inner = 1 / std::sqrt(2.0), outer = 1 / std::sqrt(4000.0);
    QVERIFY(st.model.W.cwiseAbs().maxCoeff() <= inner && st.model.b.cwiseAbs().maxCoeff() <= inner);
    QVERIFY(st.model.W.cwiseAbs().maxCoeff() > 0.95 * inner);  // the whole range is used
    QVERIFY(st.model.c.cwiseAbs().maxCoeff() <= outer && st.model.c.cwiseAbs().maxCoeff() > 0.95 * outer);
    SHNN_COMPARE_TOL(st.model.W.mean(), 0.0, 0, 0.02);  // uniform: mean 0, variance range²/3
    SHNN_COMPARE_REL((st.model.W.array().square()).mean(), inner * inner / 3, 0.05);
    QCOMPARE(st.step, 0L);
}

void TestAdam::firstStepIsAdamsFormula() {
    // After one step from zero moments, Adam moves every parameter by lr·g/(|g| + ε) (the bias
    // corrections cancel): about lr against the sign of its gradient.
    const TrainingSettings s = pendulum(30, 64, 50);
    const SystemPtr sys = systemFor(s);
    const Dataset train = makeTrainingData(*sys, s), test = makeTestData(*sys, s.domain, s.test, s.seed);
    AdamState st = initialAdamState(s, 2);
    const HnnModel before = st.model;
    const LossGradient g = hnnLossGradient(before, train.X, train.gradientTargets());
    AdamSettings a;
    a.steps = 1;
    a.batch = 64;
    a.evalEvery = 1;
    trainAdam(s, a, train, test, st);
    QCOMPARE(st.step, 1L);
    for (int j = 0; j < 30; ++j) {
        const double gc = g.dc(j) + a.weightDecay * before.c(j);
        SHNN_COMPARE_REL(st.model.c(j) - before.c(j), -a.lr * gc / (std::abs(gc) + a.eps), 1e-9);
        const double gw = g.dW(j, 1) + a.weightDecay * before.W(j, 1);
        SHNN_COMPARE_REL(st.model.W(j, 1) - before.W(j, 1), -a.lr * gw / (std::abs(gw) + a.eps), 1e-9);
    }
    // c_0 is set from the anchor: Ĥ(0) = H(0) = 0.
    const double x0[2] = {0, 0};
    SHNN_COMPARE_TOL(st.model.H(x0), 0.0, 0, 1e-12);
    QCOMPARE(static_cast<int>(st.history.size()), 2);  // before the first step and after it
}

void TestAdam::trainingLowersTheErrorAndIsDeterministic() {
    const TrainingSettings s = pendulum(50, 1000, 500);
    const SystemPtr sys = systemFor(s);
    const Dataset train = makeTrainingData(*sys, s), test = makeTestData(*sys, s.domain, s.test, s.seed);
    AdamSettings a;
    a.steps = 300;
    a.lr = 1e-2;
    a.batch = 256;
    a.evalEvery = 100;
    AdamState one = initialAdamState(s, 2), two = initialAdamState(s, 2);
    trainAdam(s, a, train, test, one);
    trainAdam(s, a, train, test, two);
    QVERIFY(one.model.W == two.model.W && one.model.c == two.model.c);  // bit for bit
    QCOMPARE(static_cast<int>(one.history.size()), 4);
    QCOMPARE(one.history.back().step, 300L);
    qInfo("Adam, 300 steps: rel_l2_H %.3e -> %.3e, loss %.3e -> %.3e", one.history.front().relL2H, one.history.back().relL2H,
          one.history.front().loss, one.history.back().loss);
    QVERIFY(one.history.back().relL2H < 0.5 * one.history.front().relL2H);
    QVERIFY(one.history.back().loss < 0.5 * one.history.front().loss);
    QCOMPARE(one.history.back().relL2H, measureErrors(one.model, test).relL2H);
}

void TestAdam::cancelKeepsTheStateAndContinues() {
    const TrainingSettings s = pendulum(50, 500, 100);
    const SystemPtr sys = systemFor(s);
    const Dataset train = makeTrainingData(*sys, s), test = makeTestData(*sys, s.domain, s.test, s.seed);
    AdamSettings a;
    a.steps = 100000;
    a.batch = 128;
    a.evalEvery = 50;
    std::atomic<bool> cancel{false};
    AdamState st = initialAdamState(s, 2);
    int points = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, trainAdam(s, a, train, test, st, RunControl(nullptr, &cancel), [&](const AdamPoint&, const AdamState&) {
        if (++points == 3) cancel = true;
    }));
    QVERIFY(st.step >= 100 && st.step < 1000);
    const long stopped = st.step;
    // Continue from there, as the studio's Race view does.
    a.steps = 50;
    trainAdam(s, a, train, test, st);
    QCOMPARE(st.step, stopped + 50);
}

void TestAdam::raceReportsWhenTheGradientRunReachedEachError() {
    TrainingSettings s = pendulum(60, 1000, 500);
    AdamSettings a;
    a.steps = 200;
    a.lr = 1e-2;
    a.batch = 256;
    a.evalEvery = 20;
    RaceResult race;
    runRace(s, {Sampler::Elm, Sampler::USwim}, a, race);
    QCOMPARE(static_cast<int>(race.sampled.size()), 2);
    const auto& h = race.gradient.history;
    for (const RaceEntry& e : race.sampled) {
        const double err = e.fit.test.relL2H;
        // The first history point at or below the sampled error, or none.
        std::optional<double> expected;
        for (const AdamPoint& p : h)
            if (p.relL2H <= err) {
                expected = p.seconds;
                break;
            }
        QCOMPARE(e.gradientSecondsToReach.has_value(), expected.has_value());
        if (expected) QCOMPARE(*e.gradientSecondsToReach, *expected);
    }
    // The sampled fits at width 60 beat 200 Adam steps: the speed-up is the gradient run's
    // time over the fastest sampled fit at least as accurate as its end.
    const double finalError = h.back().relL2H;
    double fastest = 1e300;
    for (const RaceEntry& e : race.sampled)
        if (e.fit.test.relL2H <= finalError) fastest = std::min(fastest, e.fit.seconds.total);
    QVERIFY(race.speedupAtGradientFinalError);
    SHNN_COMPARE_REL(*race.speedupAtGradientFinalError, race.gradient.seconds / fastest, 1e-12);
    qInfo("race: U-SWIM %.2e in %.3f s; Adam %.2e after %ld steps in %.3f s; speed-up %.0fx", race.sampled[1].fit.test.relL2H,
          race.sampled[1].fit.seconds.total, finalError, race.gradient.step, race.gradient.seconds, *race.speedupAtGradientFinalError);
    // Same data for all: the gradient result's training states are the sampled fits'.
    QVERIFY(race.gradientResult.train.X == race.sampled[0].fit.train.X);
}

QTEST_GUILESS_MAIN(TestAdam)
#include "test_adam.moc"

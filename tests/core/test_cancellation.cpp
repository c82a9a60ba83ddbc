// Cancellation latency at every stage of a width-2000 fit (and of a trajectory): another
// thread sets the cancel flag at a random moment while the stage runs; the engine must throw
// Cancelled within 200 ms of it. Reports the worst latency per stage.
#include "common/timing.h"
#include "common/compare.h"
#include "core/errors.h"
#include "core/integrate/trajectory.h"
#include "core/systems/system.h"
#include "core/train/trainer.h"

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <thread>

using namespace shnn;
using Clock = std::chrono::steady_clock;

class TestCancellation : public QObject {
    Q_OBJECT
private slots:
    void latencyPerStage_data();
    void latencyPerStage();
    void trajectoryCancels();
    void cleanupTestCase();

private:
    std::map<QString, double> worst_;
};

namespace {

// Runs `work` on this thread; a watcher thread cancels `delayMs` after `stage` first shows up
// in the progress reports. Returns the latency in ms (or −1 if the stage was never seen).
double cancelDuring(Stage stage, int delayMs, const std::function<void(RunControl)>& work) {
    std::atomic<bool> cancel{false};
    std::atomic<int> current{-1};
    std::atomic<bool> done{false};
    std::atomic<long long> setAtNs{0};
    std::thread watcher([&] {
        Clock::time_point seen{};
        bool haveSeen = false;
        while (!done.load()) {
            if (!haveSeen && current.load() == static_cast<int>(stage)) {
                haveSeen = true;
                seen = Clock::now();
            }
            if (haveSeen && Clock::now() - seen >= std::chrono::milliseconds(delayMs)) {
                setAtNs = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
                cancel = true;
                return;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });
    double latency = -1;
    try {
        work(RunControl([&](const Progress& p) { current = static_cast<int>(p.stage); }, &cancel));
    } catch (const Cancelled&) {
        const long long now = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
        latency = (now - setAtNs.load()) / 1e6;
    }
    done = true;
    watcher.join();
    return latency;
}

TrainingSettings wide(Sampler s, std::int64_t train) {
    TrainingSettings t;
    t.system = "single_pendulum";
    t.sampler = s;
    t.width = 2000;
    t.train = train;
    t.test = 200000;  // a long evaluation stage
    return t;
}

} // namespace

void TestCancellation::latencyPerStage_data() {
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("sampler");
    QTest::addColumn<qlonglong>("train");
    QTest::addColumn<int>("delayMs");
    // Sampling includes drawing 2 million states and SWIM's candidate pairs over them.
    for (int d : {0, 3, 15})
        QTest::newRow(qPrintable(QString("sampling +%1 ms").arg(d))) << int(Stage::Sampling) << int(Sampler::Swim) << 2000000LL << d;
    // Solving: rows streamed through the QR (assembled chunk by chunk), then the merges.
    for (int d : {0, 40, 150, 400, 700})
        QTest::newRow(qPrintable(QString("solving +%1 ms").arg(d))) << int(Stage::Solving) << int(Sampler::USwim) << 10000LL << d;
    for (int d : {0, 10, 30})
        QTest::newRow(qPrintable(QString("evaluating +%1 ms").arg(d))) << int(Stage::Evaluating) << int(Sampler::USwim) << 10000LL << d;
    // A-SWIM's second pass goes through sampling again after a full first fit.
    QTest::newRow("A-SWIM second pass") << int(Stage::Solving) << int(Sampler::ASwim) << 10000LL << 900;
}

void TestCancellation::latencyPerStage() {
    QFETCH(int, stage);
    QFETCH(int, sampler);
    QFETCH(qlonglong, train);
    QFETCH(int, delayMs);
    const TrainingSettings s = wide(static_cast<Sampler>(sampler), train);
    const double ms = cancelDuring(static_cast<Stage>(stage), delayMs, [&](RunControl c) { shnn::train(s, c); });
    QVERIFY2(ms >= 0, "the fit finished before the stage could be cancelled");
    const QString name = stageName(static_cast<Stage>(stage));
    worst_[name] = std::max(worst_[name], ms);
    qInfo("cancel during %s (+%d ms): %.1f ms", stageName(static_cast<Stage>(stage)), delayMs, ms);
    QVERIFY2(ms < shnn::test::kCancelCeilingMs, qPrintable(QString("%1 ms").arg(ms)));
}

void TestCancellation::trajectoryCancels() {
    TrainingSettings s = wide(Sampler::USwim, 4000);
    s.test = 1000;
    const TrainingResult r = shnn::train(s);
    const auto sys = makeSystem("single_pendulum");
    Eigen::VectorXd x0(2);
    x0 << 1.0, 0.5;
    for (int d : {0, 20, 100}) {
        const double ms = cancelDuring(Stage::Integrating, d, [&](RunControl c) {
            compareTrajectories(*sys, r.model, x0, 5000.0, 100001, IntegratorSettings{}, &c);
        });
        QVERIFY(ms >= 0);
        worst_["integrating"] = std::max(worst_["integrating"], ms);
        qInfo("cancel during integrating (+%d ms): %.1f ms", d, ms);
        QVERIFY2(ms < shnn::test::kCancelCeilingMs, qPrintable(QString("%1 ms").arg(ms)));
    }
}

void TestCancellation::cleanupTestCase() {
    for (const auto& [stage, ms] : worst_)
        qInfo("worst cancel latency, %s: %.1f ms (goal 200 ms%s)", qPrintable(stage), ms, ms <= 200 ? "" : ", missed: a busy machine?");
}

QTEST_GUILESS_MAIN(TestCancellation)
#include "test_cancellation.moc"

// The samplers of docs/method.md §3: SWIM neuron constants, distinct pairs, ELM bias range, and that
// SWIM's probabilities follow |ΔH|/‖Δx‖.
#include "common/compare.h"
#include "core/data/dataset.h"
#include "core/errors.h"
#include "core/sampling/samplers.h"
#include "core/systems/system.h"

#include <cmath>
#include <map>
#include <set>

using namespace shnn;

class TestSamplers : public QObject {
    Q_OBJECT
private slots:
    void swimNeuronIsMinusHalfToPlusHalf();
    void sampledNeuronsPassThroughTheirPairs();
    void pairsAreDistinct_data();
    void pairsAreDistinct();
    void elmWeightsAndBiases();
    void swimPrefersSteepPairs();
    void widthBeyondDistinctPairsIsRejected();
    void sameSeedSameLayer();
    void swimCandidateWeightsFollowTheFormula();
    void swimDrawsPairsInProportionToTheirWeights();
};

void TestSamplers::swimNeuronIsMinusHalfToPlusHalf() {
    Eigen::RowVectorXd xa(4), xb(4), w;
    xa << 0.3, -1.2, 2.0, 0.1;
    xb << -0.7, 0.4, 1.5, 0.9;
    double b = 0;
    swimNeuron(xa, xb, w, b);
    SHNN_COMPARE_TOL(std::tanh(w.dot(xa) + b), -0.5, 0, 1e-14);
    SHNN_COMPARE_TOL(std::tanh(w.dot(xb) + b), 0.5, 0, 1e-14);
    SHNN_COMPARE_REL(kSwimS1, 0.5 * std::log(3.0), 1e-15);
}

void TestSamplers::sampledNeuronsPassThroughTheirPairs() {
    const auto sys = makeSystem("single_pendulum");
    auto rng = makeRng(3, RandomStream::TrainStates);
    const Dataset d = uniformDataset(*sys, sys->defaultDomain(), 500, rng);
    auto lrng = makeRng(3, RandomStream::HiddenLayer);
    const HiddenLayer L = sampleSwim(d.X, &d.H, 300, lrng);
    QCOMPARE(static_cast<int>(L.pairs.size()), 300);
    for (Eigen::Index j = 0; j < L.width(); ++j) {
        const auto [a, b] = L.pairs[static_cast<size_t>(j)];
        QVERIFY(a != b && a >= 0 && b >= 0 && a < 500 && b < 500);
        SHNN_COMPARE_TOL(std::tanh(L.W.row(j).dot(d.X.row(a)) + L.b(j)), -0.5, 0, 1e-12);
        SHNN_COMPARE_TOL(std::tanh(L.W.row(j).dot(d.X.row(b)) + L.b(j)), 0.5, 0, 1e-12);
    }
}

void TestSamplers::pairsAreDistinct_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("useH");
    QTest::newRow("M < N uniform") << 1000 << 500 << false;
    QTest::newRow("M < N swim") << 1000 << 500 << true;
    QTest::newRow("M = N") << 400 << 400 << true;
    QTest::newRow("M > N (several rounds)") << 100 << 2000 << true;
    QTest::newRow("M close to all pairs") << 30 << 400 << false;
}

void TestSamplers::pairsAreDistinct() {
    QFETCH(int, n);
    QFETCH(int, width);
    QFETCH(bool, useH);
    const auto sys = makeSystem("single_pendulum", {{"f", 20}});
    auto rng = makeRng(1, RandomStream::TrainStates);
    const Dataset d = uniformDataset(*sys, sys->defaultDomain(), n, rng);
    auto lrng = makeRng(1, RandomStream::HiddenLayer);
    const HiddenLayer L = sampleSwim(d.X, useH ? &d.H : nullptr, width, lrng);
    std::set<std::pair<Eigen::Index, Eigen::Index>> seen;
    for (auto [a, b] : L.pairs) QVERIFY2(seen.insert({std::min(a, b), std::max(a, b)}).second, "duplicate pair");
    QCOMPARE(static_cast<int>(seen.size()), width);
    QVERIFY(L.W.allFinite() && L.b.allFinite());
}

void TestSamplers::elmWeightsAndBiases() {
    Domain box{{{-2 * M_PI, 2 * M_PI}, {-6, 6}}};
    auto rng = makeRng(0, RandomStream::HiddenLayer);
    const HiddenLayer L = sampleElm(20000, box, rng);
    QCOMPARE(L.W.rows(), 20000);
    QVERIFY(L.pairs.empty());
    // lo/hi: the smallest lower and largest upper bound over all coordinates, [−2π, 2π].
    QVERIFY(L.b.minCoeff() >= -2 * M_PI && L.b.maxCoeff() <= 2 * M_PI);
    // Biases cover that whole range, not just the momentum's [−6, 6].
    QVERIFY(L.b.minCoeff() < -6.1 && L.b.maxCoeff() > 6.1);
    // Weights standard normal: mean ≈ 0, variance ≈ 1 (40000 draws: ±0.03).
    const double mean = L.W.mean();
    const double var = (L.W.array() - mean).square().mean();
    QVERIFY2(std::abs(mean) < 0.03, qPrintable(QString::number(mean)));
    QVERIFY2(std::abs(var - 1.0) < 0.05, qPrintable(QString::number(var)));
}

void TestSamplers::swimPrefersSteepPairs() {
    // E3's pendulum: H grows like p²/2 up to 18 at |p| = 6. SWIM must put its pairs where
    // |ΔH|/‖Δx‖ is large; U-SWIM must not care.
    const auto sys = makeSystem("single_pendulum");
    Domain box{{{-2 * M_PI, 2 * M_PI}, {-6, 6}}};
    auto rng = makeRng(0, RandomStream::TrainStates);
    const Dataset d = uniformDataset(*sys, box, 5000, rng);
    auto slope = [&](const HiddenLayer& L) {
        double sum = 0;
        for (auto [a, b] : L.pairs) sum += std::abs(d.H(b) - d.H(a)) / (d.X.row(b) - d.X.row(a)).norm();
        return sum / static_cast<double>(L.pairs.size());
    };
    auto r1 = makeRng(0, RandomStream::HiddenLayer), r2 = makeRng(0, RandomStream::HiddenLayer);
    const double swim = slope(sampleSwim(d.X, &d.H, 1000, r1));
    const double uswim = slope(sampleSwim(d.X, nullptr, 1000, r2));
    QVERIFY2(swim > 1.5 * uswim, qPrintable(QString("swim %1 uswim %2").arg(swim).arg(uswim)));
}

void TestSamplers::widthBeyondDistinctPairsIsRejected() {
    const Eigen::MatrixXd X = Eigen::MatrixXd::Random(10, 2);
    auto rng = makeRng(0, RandomStream::HiddenLayer);
    QVERIFY_THROWS_EXCEPTION(SettingsError, sampleSwim(X, nullptr, 46, rng));
    const HiddenLayer all = sampleSwim(X, nullptr, 45, rng);
    QCOMPARE(all.width(), 45);
}

void TestSamplers::sameSeedSameLayer() {
    const Eigen::MatrixXd X = Eigen::MatrixXd::Random(300, 2);
    auto r1 = makeRng(7, RandomStream::HiddenLayer), r2 = makeRng(7, RandomStream::HiddenLayer),
         r3 = makeRng(8, RandomStream::HiddenLayer);
    const HiddenLayer a = sampleSwim(X, nullptr, 100, r1), b = sampleSwim(X, nullptr, 100, r2),
                      c = sampleSwim(X, nullptr, 100, r3);
    QVERIFY(a.W == b.W && a.b == b.b);
    QVERIFY(!(a.W == c.W));
}

namespace {
// Six states with hand-picked H, so |ΔH|/‖Δx‖ differs from pair to pair by up to 50×.
struct Tiny {
    Eigen::MatrixXd X{6, 2};
    Eigen::VectorXd H{6};
    Tiny() {
        X << 0, 0, 1, 0, 0, 2, 3, 1, -1, -1, 0.5, 4;
        H << 0, 5, 0.2, 7, 1, 0.4;
    }
    double slope(Eigen::Index a, Eigen::Index b) const {
        return std::abs(H(b) - H(a)) / std::max((X.row(b) - X.row(a)).norm(), 1e-10);
    }
};
} // namespace

void TestSamplers::swimCandidateWeightsFollowTheFormula() {
    const Tiny t;
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        auto rng = makeRng(seed, RandomStream::HiddenLayer);
        const SwimCandidates c = swimCandidates(t.X, &t.H, 3, rng);
        QCOMPARE(c.pairs.size(), c.weight.size());
        // One round of N = 6 candidates; a pair drawn k times carries k times its weight.
        int draws = 0;
        for (size_t i = 0; i < c.pairs.size(); ++i) {
            const auto [a, b] = c.pairs[i];
            QVERIFY(a != b);
            const double multiplicity = c.weight[i] / t.slope(a, b);
            QVERIFY2(std::abs(multiplicity - std::round(multiplicity)) < 1e-12 && multiplicity > 0.5,
                     qPrintable(QString("pair (%1, %2): weight %3, |ΔH|/|Δx| %4").arg(a).arg(b).arg(c.weight[i]).arg(t.slope(a, b))));
            draws += static_cast<int>(std::round(multiplicity));
        }
        QCOMPARE(draws, 6);
        // U-SWIM: every candidate weighs as often as it was drawn.
        auto rng2 = makeRng(seed, RandomStream::HiddenLayer);
        const SwimCandidates u = swimCandidates(t.X, nullptr, 3, rng2);
        QCOMPARE(u.pairs, c.pairs);  // the same candidates: the weights do not steer the draw
        double total = 0;
        for (double w : u.weight) total += w;
        QCOMPARE(total, 6.0);
    }
}

void TestSamplers::swimDrawsPairsInProportionToTheirWeights() {
    // Width 1: the neuron's pair is candidate i with probability w_i / Σw. Over many seeds,
    // the number of times each unordered pair is chosen must match the sum of those
    // probabilities (a binomial count: within 4 standard deviations).
    const Tiny t;
    std::map<std::pair<Eigen::Index, Eigen::Index>, double> expected, chosen;
    const int runs = 20000;
    for (int seed = 0; seed < runs; ++seed) {
        auto r1 = makeRng(static_cast<std::uint64_t>(seed), RandomStream::HiddenLayer);
        auto r2 = r1;
        const SwimCandidates c = swimCandidates(t.X, &t.H, 1, r1);
        double total = 0;
        for (double w : c.weight) total += w;
        for (size_t i = 0; i < c.pairs.size(); ++i) {
            auto [a, b] = c.pairs[i];
            expected[{std::min(a, b), std::max(a, b)}] += c.weight[i] / total;
        }
        const HiddenLayer L = sampleSwim(t.X, &t.H, 1, r2);
        auto [a, b] = L.pairs[0];
        chosen[{std::min(a, b), std::max(a, b)}] += 1;
    }
    for (const auto& [pair, e] : expected) {
        const double p = e / runs, n = chosen[pair];
        const double sd = std::sqrt(runs * p * (1 - p)) + 1;
        QVERIFY2(std::abs(n - e) < 4 * sd,
                 qPrintable(QString("pair (%1, %2): chosen %3 times, expected %4 ± %5").arg(pair.first).arg(pair.second).arg(n).arg(e).arg(sd)));
    }
}

QTEST_GUILESS_MAIN(TestSamplers)
#include "test_samplers.moc"

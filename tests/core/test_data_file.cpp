// Measured data from CSV files: both layouts and their column orders, the finite differences
// on uneven steps against exact derivatives (and their order), whole trajectories held out,
// the fit with and without a known system, and a snapshot file that gives the same fit as the
// same pairs drawn in memory.
#include "common/compare.h"
#include "core/data/data_file.h"
#include "core/systems/domain.h"
#include "core/data/snapshot_data.h"
#include "core/errors.h"
#include "core/integrate/trajectory.h"
#include "core/systems/system.h"
#include "core/train/data_file_fit.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <sstream>

using namespace shnn;

namespace {

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// Pendulum trajectories (H = p²/2 + 1 − cos q) from the true flow, steps uneven in
// [0.8, 1.2]·dt, as a trajectory-layout CSV; with `exact` also the dq, dp columns.
std::string pendulumTrajectories(int count, int points, double dt, bool exact, unsigned seed, double noise = 0.0,
                                 bool uneven = true) {
    const auto sys = makeSystem("single_pendulum", {});
    std::mt19937_64 rng(seed), noiseRng(seed + 1);
    std::uniform_real_distribution<double> q0(-2.0, 2.0), p0(-1.0, 1.0), jitter(uneven ? 0.8 : 1.0, uneven ? 1.2 : 1.0);
    std::normal_distribution<double> gauss(0.0, noise > 0 ? noise : 1.0);
    IntegratorSettings integ;
    integ.absTol = integ.relTol = 1e-12;
    std::ostringstream out;
    out << "traj,t,q,p" << (exact ? ",dq,dp" : "") << "\n";
    for (int c = 0; c < count; ++c) {
        Eigen::VectorXd x(2);
        x << q0(rng), p0(rng);
        double t = 0;
        for (int k = 0; k < points; ++k) {
            const double nq = noise > 0 ? gauss(noiseRng) : 0.0, np = noise > 0 ? gauss(noiseRng) : 0.0;
            out << c << "," << num(t) << "," << num(x(0) + nq) << "," << num(x(1) + np);
            if (exact) {
                double dx[2];
                sys->vectorField(x.data(), dx);
                out << "," << num(dx[0]) << "," << num(dx[1]);
            }
            out << "\n";
            const double step = dt * jitter(rng);
            const Trajectory tr =
                integrateFlow([&](const double* a, double* da) { sys->vectorField(a, da); }, x, step, 2, integ);
            x = tr.states.row(1).transpose();
            t += step;
        }
    }
    return out.str();
}

TrainingSettings dataSettings(Sampler sampler) {
    TrainingSettings s;
    s.sampler = sampler;
    s.width = 150;
    s.test = 2000;
    s.rcond = 1e-13;
    return s;
}

} // namespace

class TestDataFile : public QObject {
    Q_OBJECT
private slots:
    void layoutsAndColumnOrder();
    void finiteDifferencesOnUnevenSteps();
    void finiteDifferencesAreSecondOrder();
    void badFilesNameLineAndColumn_data();
    void badFilesNameLineAndColumn();
    void wholeTrajectoriesAreHeldOut();
    void fitWithAKnownSystem();
    void fitWithoutATruthLearnsHUpToItsConstant();
    void snapshotFileGivesTheSameFitAsThePairs();
    void noisyFileFitsLikeTheSameDataDrawnInside();
};

void TestDataFile::layoutsAndColumnOrder() {
    // Columns in any order; q1..qd, p1..pd for d = 2.
    const DataFile f = parseDataFile("p2,traj,q1,t,p1,q2\n0.4,7,0.1,0,0.3,0.2\n0.5,7,0.11,0.5,0.31,0.21\n", "a.csv");
    QCOMPARE(f.layout, DataFileLayout::Trajectories);
    QCOMPARE(f.dof, 2);
    QCOMPARE(f.rows(), Eigen::Index(2));
    QCOMPARE(f.groups, 1);
    QCOMPARE(f.X(0, 0), 0.1);  // q1
    QCOMPARE(f.X(0, 1), 0.2);  // q2
    QCOMPARE(f.X(0, 2), 0.3);  // p1
    QCOMPARE(f.X(0, 3), 0.4);  // p2
    QCOMPARE(f.t(1), 0.5);
    QVERIFY(!f.dXdt);

    const DataFile g = parseDataFile("# measured\nq1,p1,q1_next,p1_next,h,dq1,dp1\n1,2,3,4,0.5,6,7\n", "b.csv");
    QCOMPARE(g.layout, DataFileLayout::Snapshots);
    QCOMPARE(g.dof, 1);
    QCOMPARE(g.X(0, 1), 2.0);
    QCOMPARE(g.next(0, 0), 3.0);
    QCOMPARE(g.next(0, 1), 4.0);
    QCOMPARE(g.h(0), 0.5);
    QVERIFY(g.dXdt);
    QCOMPARE((*g.dXdt)(0, 0), 6.0);
    QCOMPARE((*g.dXdt)(0, 1), 7.0);
    QCOMPARE(g.groups, 1);
}

void TestDataFile::finiteDifferencesOnUnevenSteps() {
    // x(t) = 1 + 2t − 3t² (q) and −t + t² (p) on uneven times: the three-point formulas are
    // exact for quadratics, at the ends too.
    const double ts[] = {0.0, 0.1, 0.35, 0.4, 0.9};
    std::string text = "traj,t,q,p\n";
    for (double t : ts) text += "4," + num(t) + "," + num(1 + 2 * t - 3 * t * t) + "," + num(-t + t * t) + "\n";
    // A second trajectory of two states: the difference quotient.
    text += "9,0,1,1\n9,0.5,2,0\n";
    const DataFile f = parseDataFile(text, "q.csv");
    QCOMPARE(f.groups, 2);
    const Eigen::MatrixXd dx = trajectoryDerivatives(f);
    for (int k = 0; k < 5; ++k) {
        SHNN_COMPARE_TOL(dx(k, 0), 2 - 6 * ts[k], 1e-12, 1e-12);
        SHNN_COMPARE_TOL(dx(k, 1), -1 + 2 * ts[k], 1e-12, 1e-12);
    }
    QCOMPARE(dx(5, 0), 2.0);
    QCOMPARE(dx(6, 1), -2.0);
}

void TestDataFile::finiteDifferencesAreSecondOrder() {
    // Against the true vector field along pendulum orbits: halving the step divides the error
    // by 4.
    const auto sys = makeSystem("single_pendulum", {});
    double err[2];
    const double dts[] = {0.1, 0.05};
    for (int k = 0; k < 2; ++k) {
        const DataFile f = parseDataFile(pendulumTrajectories(5, 30, dts[k], false, 3), "p.csv");
        const Eigen::MatrixXd dx = trajectoryDerivatives(f);
        double sq = 0;
        for (Eigen::Index r = 0; r < f.rows(); ++r) {
            double v[2];
            const Eigen::VectorXd x = f.X.row(r).transpose();
            sys->vectorField(x.data(), v);
            sq += std::pow(dx(r, 0) - v[0], 2) + std::pow(dx(r, 1) - v[1], 2);
        }
        err[k] = std::sqrt(sq / double(f.rows()));
    }
    const double order = std::log(err[0] / err[1]) / std::log(2.0);
    qInfo("rms derivative error: %.3e at dt 0.1, %.3e at dt 0.05: order %.2f", err[0], err[1], order);
    SHNN_COMPARE_TOL(order, 2.0, 0.0, 0.3);
    QVERIFY(err[0] < 5e-3);
}

void TestDataFile::badFilesNameLineAndColumn_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated") << "traj,t,q,p\n0,0,1,2\n0,1,1\n" << "line 3: 3 field(s), the header has 4";
    QTest::newRow("ragged") << "traj,t,q,p\n0,0,1,2,5\n" << "line 2: 5 field(s)";
    QTest::newRow("not a number") << "traj,t,q,p\n0,0,1,2\n0,1,1,x2\n" << "line 3, column 4 ('p'): not a number: 'x2'";
    QTest::newRow("empty field") << "traj,t,q,p\n0,0,,2\n" << "line 2, column 3 ('q'): not a number";
    QTest::newRow("nan") << "traj,t,q,p\n\n0,0,NaN,2\n" << "line 3, column 3 ('q'): not a finite number";
    QTest::newRow("overflow") << "traj,t,q,p\n0,0,1e999,2\n" << "line 2, column 3 ('q'): not a finite number";
    QTest::newRow("fractional id") << "traj,t,q,p\n0.5,0,1,2\n" << "line 2, column 1 ('traj')";
    QTest::newRow("time not increasing") << "traj,t,q,p\n0,1,1,2\n1,0,1,2\n0,1,1,2\n" << "line 4, column 2 ('t')";
    QTest::newRow("zero h") << "q,p,q_next,p_next,h\n1,2,3,4,0\n" << "line 2, column 5 ('h')";
    QTest::newRow("missing next") << "q,p,q_next,h\n1,2,3,4\n" << "column 'p_next' is missing";
    QTest::newRow("unknown column") << "traj,t,q,p,energy\n0,0,1,2,3\n" << "line 1, column 5: unknown column 'energy'";
    QTest::newRow("duplicate column") << "traj,t,q,p,q\n" << "column 'q' appears twice";
    QTest::newRow("no states") << "traj,t\n0,0\n" << "no state columns";
    QTest::newRow("no rows") << "traj,t,q,p\n# nothing\n" << "no data rows";
    QTest::newRow("empty") << "" << "empty";
}

void TestDataFile::badFilesNameLineAndColumn() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
        parseDataFile(text.toStdString(), "bad.csv");
        QFAIL("accepted");
    } catch (const FileError& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.startsWith("bad.csv: "), qPrintable(what));
        QVERIFY2(what.contains(message), qPrintable(what));
    }
}

void TestDataFile::wholeTrajectoriesAreHeldOut() {
    const DataFile f = parseDataFile(pendulumTrajectories(10, 12, 0.1, true, 5), "v.csv");
    TrainingSettings s = dataSettings(Sampler::USwim);
    s.domain = parseDomain("-3:3,-2:2", 2);
    s.anchor = {0.0, 0.0};
    s.anchorH = 0.0;
    const DataFileFit a = fitDataFile(s, f, nullptr, 0.3);
    QCOMPARE(a.validationGroups, 3);
    QCOMPARE(a.validation.size(), Eigen::Index(36));
    QCOMPARE(a.result.train.size(), Eigen::Index(84));
    std::set<int> held(a.validation.trajectory.data(), a.validation.trajectory.data() + a.validation.size());
    QCOMPARE(int(held.size()), 3);
    for (Eigen::Index k = 0; k < a.result.train.size(); ++k) QVERIFY(!held.count(a.result.train.trajectory(k)));
    // The same seed holds out the same trajectories; another seed others.
    const DataFileFit b = fitDataFile(s, f, nullptr, 0.3);
    QCOMPARE(b.validation.trajectory, a.validation.trajectory);
    s.seed = 1;
    const DataFileFit c = fitDataFile(s, f, nullptr, 0.3);
    QVERIFY(c.validation.trajectory != a.validation.trajectory);
    QVERIFY_THROWS_EXCEPTION(SettingsError, fitDataFile(s, f, nullptr, 0.95));
}

void TestDataFile::fitWithAKnownSystem() {
    // Exact derivative columns: the held-out residual and H error are those of a clean fit;
    // finite differences at dt 0.05: limited by their O(dt²) error.
    TrainingSettings s = dataSettings(Sampler::ASwim);
    s.system = "single_pendulum";
    s.domain = parseDomain("-2.5:2.5,-1.8:1.8", 2);
    s.anchor = {0.0, 0.0};
    s.anchorH = 0.0;
    const DataFileFit exact = fitDataFile(s, parseDataFile(pendulumTrajectories(30, 40, 0.05, true, 7), "e.csv"),
                                          makeSystem("single_pendulum", {}), 0.2);
    const DataFileFit fd = fitDataFile(s, parseDataFile(pendulumTrajectories(30, 40, 0.05, false, 7), "f.csv"),
                                       makeSystem("single_pendulum", {}), 0.2);
    QVERIFY(exact.validationTruth && fd.validationTruth);
    qInfo("held out: field residual %.3e (exact derivatives) vs %.3e (finite differences); rel_l2_H %.3e vs %.3e",
          exact.validationField, fd.validationField, exact.validationTruth->relL2H, fd.validationTruth->relL2H);
    // Measured: 4.6e-5 and 1.4e-5 with exact derivatives; 4.9e-4 and 2.1e-4 with differences.
    QVERIFY(exact.validationField < 1.5e-4);
    QVERIFY(exact.validationTruth->relL2H < 5e-5);
    QVERIFY(fd.validationField > 5 * exact.validationField);
    QVERIFY(fd.validationField < 1.5e-3);
    QVERIFY(fd.validationTruth->relL2H < 7e-4);
    // The training states carry the true H (for the errors), and the residual is measured.
    QCOMPARE(exact.result.train.H.size(), exact.result.train.size());
    QVERIFY(exact.trainField > 0 && exact.trainField < 1.5e-4);
}

void TestDataFile::fitWithoutATruthLearnsHUpToItsConstant() {
    const DataFile f = parseDataFile(pendulumTrajectories(30, 40, 0.05, true, 9), "n.csv");
    TrainingSettings s = dataSettings(Sampler::ASwim);
    s.domain = parseDomain("-2.5:2.5,-1.8:1.8", 2);
    s.anchor = {f.X(0, 0), f.X(0, 1)};  // the CLI's default: Ĥ = 0 at the first state
    s.anchorH = 0.0;
    const DataFileFit r = fitDataFile(s, f, nullptr, 0.2);
    QVERIFY(!r.truth);
    QVERIFY(!r.validationTruth);
    QCOMPARE(r.result.model.H(s.anchor.data()) + 1.0, 1.0);
    // Ĥ(x) − Ĥ(x0) against H(x) − H(x0) on the held-out states.
    const auto sys = makeSystem("single_pendulum", {});
    const double H0 = sys->H(s.anchor.data());
    double err = 0, ref = 0;
    for (Eigen::Index k = 0; k < r.validation.size(); ++k) {
        const Eigen::VectorXd x = r.validation.X.row(k).transpose();
        const double truth = sys->H(x.data()) - H0;
        err += std::pow(r.result.model.H(x.data()) - truth, 2);
        ref += truth * truth;
    }
    qInfo("no truth: held-out residual %.3e, Ĥ − Ĥ(x0) against H − H(x0): %.3e", r.validationField, std::sqrt(err / ref));
    // Measured: 1.3e-5 and a held-out residual of 1.3e-4.
    QVERIFY(std::sqrt(err / ref) < 5e-5);
    QVERIFY(r.validationField < 4e-4);
}

void TestDataFile::snapshotFileGivesTheSameFitAsThePairs() {
    // Pairs drawn in memory, written to a file with every digit, read back: the same network.
    const auto sys = makeSystem("single_pendulum", {});
    DataSettings ds;
    ds.kind = DataKind::Snapshots;
    ds.h = 0.2;
    ds.fitAt = FitPoint::Start;  // X = x itself, so the file's start states are the dataset's
    std::mt19937_64 rng(11), noiseRng(12);
    const Domain box = parseDomain("-3:3,-1:1", 2);
    const Dataset d = snapshotDataset(*sys, box, 800, ds, rng, noiseRng);
    std::string text = "q,p,q_next,p_next,h\n";
    for (Eigen::Index k = 0; k < d.size(); ++k) {
        // x_next = x + h·(x_next − x)/h, rounded once; so compare quotients, not bits.
        text += num(d.X(k, 0)) + "," + num(d.X(k, 1)) + "," + num(d.X(k, 0) + 0.2 * d.dXdt(k, 0)) + "," +
                num(d.X(k, 1) + 0.2 * d.dXdt(k, 1)) + ",0.2\n";
    }
    const DataFile f = parseDataFile(text, "s.csv");
    TrainingSettings s = dataSettings(Sampler::USwim);
    s.system = "single_pendulum";
    s.domain = box;
    s.anchor = {0.0, 0.0};
    s.anchorH = 0.0;
    s.data = ds;
    s.train = 800;
    const DataFileFit fromFile = fitDataFile(s, f, makeSystem("single_pendulum", {}), 0.0);
    QCOMPARE(fromFile.validationGroups, 0);
    QVERIFY(std::isnan(fromFile.validationField));
    Dataset copy = d;
    copy.trajectory = Eigen::VectorXi::LinSpaced(800, 0, 799);
    const TrainingResult direct =
        trainOn(s, makeSystem("single_pendulum", {}), copy, makeTestData(*sys, box, 2000, s.seed));
    SHNN_COMPARE_REL(fromFile.result.test.relL2H, direct.test.relL2H, 1e-6);
    QVERIFY((fromFile.result.model.c - direct.model.c).norm() <= 1e-6 * direct.model.c.norm());
    // Symplectic Euler's point: the file's (q_next, p), the target unchanged.
    s.data.fitAt = FitPoint::SymplecticEuler;
    const DataFileFit se = fitDataFile(s, f, makeSystem("single_pendulum", {}), 0.0);
    QCOMPARE(se.result.train.X(3, 0), f.next(3, 0));
    QCOMPARE(se.result.train.X(3, 1), f.X(3, 1));
    SHNN_COMPARE_REL(se.result.train.dXdt(3, 0), (f.next(3, 0) - f.X(3, 0)) / 0.2, 1e-15);
}

void TestDataFile::noisyFileFitsLikeTheSameDataDrawnInside() {
    // 50 noisy pendulum trajectories (σ = 1e-3, 20 states 0.1 apart) written from the exact
    // flow and imported, against the engine's own trajectory data of the same kind: the errors
    // against the true pendulum agree within 2×.
    TrainingSettings s = dataSettings(Sampler::ASwim);
    s.system = "single_pendulum";
    s.domain = parseDomain("-2:2,-1:1", 2);
    s.test = 5000;
    s.anchor = {0.0, 0.0};
    const DataFile f = parseDataFile(pendulumTrajectories(50, 20, 0.1, false, 13, 1e-3, false), "noisy.csv");
    s.anchorH.reset();
    s = resolveSettings(s);
    const DataFileFit imported = fitDataFile(s, f, makeSystem("single_pendulum", {}), 0.0);

    TrainingSettings inside = s;
    inside.data.kind = DataKind::Trajectories;
    inside.data.points = 20;
    inside.data.dt = 0.1;
    inside.data.noise = 1e-3;
    inside.data.derivatives = DerivativeSource::FiniteDifferences;
    inside.train = 1000;
    const TrainingResult internal = train(inside);
    const double ratio = imported.result.test.relL2H / internal.test.relL2H;
    qInfo("σ 1e-3: rel_l2_H %.3e imported, %.3e generated inside (ratio %.2f)", imported.result.test.relL2H,
          internal.test.relL2H, ratio);
    QVERIFY(ratio > 0.5 && ratio < 2.0);
}

QTEST_GUILESS_MAIN(TestDataFile)
#include "test_data_file.moc"

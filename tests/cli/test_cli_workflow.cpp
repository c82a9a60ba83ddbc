// fit --save → eval reproduces rel_l2_H; trajectory energies and learned-vs-true distance;
// systems, sweep CSV.
#include "common/cli_runner.h"
#include "common/compare.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace shnn::test;

class TestCliWorkflow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void evalReproducesFitError();
    void evalOnANewTestSet();
    void truePendulumEnergyIsConserved();
    void learnedE2FlowStaysOnTheTrueFlow();
    void trajectoryCsv();
    void systemsJson();
    void sweepWritesOneRowPerRun();
    void helpForEveryCommand();
    void fitOnADataFile();
    void snapshotSweepPrintsTheOrder();

private:
    QTemporaryDir dir_;
    QString model_;
    double fitError_ = 0;
};

void TestCliWorkflow::initTestCase() {
    // E2: pendulum, q ∈ [−2π, 2π], p ∈ [−1, 1], width 1000, 10000 states, U-SWIM.
    model_ = dir_.path() + "/e2.json";
    const CliRun r = runCli({"fit", "--system", "single_pendulum", "--sampler", "uswim", "--width", "1000", "--save", model_, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    fitError_ = r.json()["rel_l2_H"].toDouble();
    QVERIFY(fitError_ > 0 && fitError_ < 1e-8);
}

void TestCliWorkflow::evalReproducesFitError() {
    const CliRun r = runCli({"eval", "--model", model_, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    SHNN_COMPARE_REL(r.json()["rel_l2_H"].toDouble(), fitError_, 1e-12);
}

void TestCliWorkflow::evalOnANewTestSet() {
    const CliRun r = runCli({"eval", "--model", model_, "--test", "3000", "--seed", "9", "--json"});
    QCOMPARE(r.exitCode, 0);
    const double e = r.json()["rel_l2_H"].toDouble();
    QVERIFY(e != fitError_);
    QVERIFY(e > fitError_ / 10 && e < fitError_ * 10);
}

void TestCliWorkflow::truePendulumEnergyIsConserved() {
    const CliRun r = runCli({"trajectory", "--model", model_, "--x0", "1.0,0.5", "--t-end", "100", "--samples", "2001", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const QJsonArray e = j["energy_true"].toArray();
    QCOMPARE(e.size(), 2001);
    QCOMPARE(j["t"].toArray().size(), 2001);
    QCOMPARE(j["true"].toArray().size(), 2001);
    QCOMPARE(j["true"].toArray()[0].toArray().size(), 2);
    QCOMPARE(j["t"].toArray().last().toDouble(), 100.0);
    double drift = 0;
    for (const auto& v : e) drift = std::max(drift, std::abs(v.toDouble() - e[0].toDouble()));
    qInfo("max |H(t) - H(0)| on [0, 100]: %.3e", drift);
    QVERIFY2(drift < 1e-8, qPrintable(QString::number(drift)));
    QCOMPARE(j["energy_learned"].toArray().size(), 2001);
}

void TestCliWorkflow::learnedE2FlowStaysOnTheTrueFlow() {
    const CliRun r = runCli({"trajectory", "--model", model_, "--x0", "0.8,-0.4", "--t-end", "10", "--samples", "501", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray truth = r.json()["true"].toArray(), learned = r.json()["learned"].toArray();
    QCOMPARE(learned.size(), 501);
    double worst = 0;
    for (int k = 0; k < truth.size(); ++k)
        for (int i = 0; i < 2; ++i)
            worst = std::max(worst, std::abs(truth[k].toArray()[i].toDouble() - learned[k].toArray()[i].toDouble()));
    qInfo("max |x_true - x_learned| on [0, 10]: %.3e", worst);
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
}

void TestCliWorkflow::trajectoryCsv() {
    const QString csv = dir_.path() + "/orbit.csv";
    const CliRun r = runCli({"trajectory", "--model", model_, "--x0", "0.1,0.1", "--t-end", "2", "--samples", "11", "--csv", csv});
    QCOMPARE(r.exitCode, 0);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 12);
    QCOMPARE(lines[0], QByteArray("t,true_q,true_p,learned_q,learned_p,energy_true,energy_learned,energy_learned_trueH"));
    QCOMPARE(lines[1].split(',').size(), 8);
}

void TestCliWorkflow::systemsJson() {
    const CliRun r = runCli({"systems", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray all = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(all.size(), 7);  // six built-in systems and formula
    QCOMPARE(all[3].toObject()["name"].toString(), QString("double_pendulum"));
    QCOMPARE(all[3].toObject()["dof"].toInt(), 2);
    QCOMPARE(all[5].toObject()["name"].toString(), QString("fput_chain"));
    QCOMPARE(all[5].toObject()["params"].toObject()["n"].toDouble(), 4.0);
    const QJsonObject formula = all[6].toObject();
    QCOMPARE(formula["name"].toString(), QString("formula"));
    QVERIFY(formula["options"].toObject().contains("H"));
    QVERIFY(formula["options"].toObject().contains("dof"));
    QVERIFY(formula["functions"].toArray().contains(QJsonValue("atan2")));
}

void TestCliWorkflow::sweepWritesOneRowPerRun() {
    const QString csv = dir_.path() + "/sweep.csv";
    const CliRun r = runCli({"sweep", "--system", "spring", "--train", "500", "--test", "300", "--samplers", "elm,uswim",
                             "--widths", "20,40,80", "--repeat", "2", "--csv", csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 2 * 3 * 2);
    QVERIFY(lines[0].startsWith("sampler,width,train,repeat,seed,rel_l2_H,rel_l2_gradH,seconds_total"));
    QVERIFY(lines[1].startsWith("elm,20,500,0,0,"));
    QVERIFY(lines.last().startsWith("uswim,80,500,1,1,"));
    QVERIFY(r.err.contains("[sweep 12/12]"));  // progress on stderr
}

void TestCliWorkflow::helpForEveryCommand() {
    for (const QString command : {"systems", "fit", "eval", "trajectory", "sweep", "bench"}) {
        const CliRun r = runCli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("shnn " + command.toUtf8()));
    }
}

void TestCliWorkflow::fitOnADataFile() {
    const QString file = QStringLiteral(SHNN_TEST_DATA_DIR "/data-files/pendulum-trajectories.csv");
    // Without a truth: residuals only, Ĥ = 0 at the first state, 10 of 50 trajectories held out.
    CliRun r = runCli({"fit", "--data-file", file, "--sampler", "uswim", "--width", "150", "--validation", "0.2", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject j = r.json();
    QVERIFY(j["rel_l2_H"].isNull());
    QVERIFY(j["system"].isNull());
    const QJsonObject data = j["data_file"].toObject();
    QCOMPARE(data["layout"].toString(), QString("trajectories"));
    QCOMPARE(data["states"].toInt(), 1000);
    QCOMPARE(data["trajectories"].toInt(), 50);
    QCOMPARE(data["dof"].toInt(), 1);
    QVERIFY(data["derivatives"].toString().contains("second-order"));
    const QJsonObject v = j["validation"].toObject();
    QCOMPARE(v["trajectories"].toInt(), 10);
    QCOMPARE(v["states"].toInt(), 200);
    const double field = v["rel_l2_field"].toDouble();
    qInfo("held-out residual %.3e, training %.3e", field, j["train_rel_l2_field"].toDouble());
    QVERIFY(field > 0 && field < 3e-3);  // measured 1.5e-3: held-out orbits partly outside the others
    QCOMPARE(j["train"].toInt(), 800);
    QCOMPARE(j["anchor_H"].toDouble(), 0.0);

    // With the truth: errors against it too.
    r = runCli({"fit", "--data-file", file, "--system", "single_pendulum", "--sampler", "uswim", "--width", "150",
                "--validation", "0.2", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    j = r.json();
    QVERIFY(j["rel_l2_H"].toDouble() > 0);
    QCOMPARE(j["validation"].toObject()["rel_l2_field"].toDouble(), field);  // the same fit, the same residual
    QVERIFY(j["validation"].toObject()["rel_l2_H"].toDouble() < 1e-3);
}

void TestCliWorkflow::snapshotSweepPrintsTheOrder() {
    const CliRun r = runCli({"sweep", "--system", "single_pendulum", "--domain=-pi:pi,-1:1", "--samplers", "aswim",
                             "--width", "200", "--train", "2500", "--test", "3000", "--data", "snapshots", "--correct",
                             "--vary", "h", "--values", "0.1,0.2,0.4"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    const QRegularExpression slope("aswim: log-log slope of the median rel_l2_H against h: ([0-9.]+)");
    const auto m = slope.match(out);
    QVERIFY2(m.hasMatch(), qPrintable(out));
    SHNN_COMPARE_TOL(m.captured(1).toDouble(), 2.0, 0.0, 0.1);
}

QTEST_GUILESS_MAIN(TestCliWorkflow)
#include "test_cli_workflow.moc"

// `shnn fit --json` on the paper's experiments E1, E3, E5 and E7 (docs/experiments.md) with
// every sampler (seed 0): rel_l2_H at most 3× the published mean — one-sided, so a solver
// that got worse fails, while one that got better does not — and on E3 U-SWIM and SWIM beat
// ELM by > 100×.
#include "common/cli_runner.h"
#include "common/compare.h"

#include <QHash>
#include <cmath>

using namespace shnn::test;

class TestCliAccuracy : public QObject {
    Q_OBJECT
private slots:
    void publishedAccuracy_data();
    void publishedAccuracy();
    void dataDrivenSamplingWinsOnE3();
    void fitJsonHasTheContractFields();

private:
    QHash<QString, double> measured_;
};

namespace {
struct Row {
    const char* id;
    QStringList args;
    double published[4];  // elm, uswim, aswim, swim
};
const QList<Row>& rows() {
    static const QList<Row> r = {
        {"E1", {"--system", "single_pendulum", "--domain", "-2pi:2pi,-1:1", "--width", "500"}, {1.7e-8, 4.2e-9, 2.4e-9, 2.4e-9}},
        {"E3", {"--system", "single_pendulum", "--domain", "-2pi:2pi,-6:6", "--width", "500"}, {2.4e-5, 5.8e-9, 1.3e-8, 1.3e-8}},
        {"E5", {"--system", "lotka_volterra", "--domain", "-2:2", "--width", "1000"}, {3.0e-12, 3.5e-10, 1.5e-10, 1.5e-10}},
        {"E7",
         {"--system", "double_pendulum", "--domain", "-pi:pi,-pi:pi,-1:1,-1:1", "--width", "1000", "--train", "20000", "--test", "20000"},
         {3.1e-2, 2.1e-2, 2.1e-2, 2.1e-2}},
    };
    return r;
}
const char* kSamplers[4] = {"elm", "uswim", "aswim", "swim"};
} // namespace

void TestCliAccuracy::publishedAccuracy_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<double>("published");
    for (const Row& row : rows())
        for (int s = 0; s < 4; ++s)
            QTest::newRow(qPrintable(QString("%1 %2").arg(row.id, kSamplers[s])))
                << (QStringList{"fit"} + row.args + QStringList{"--sampler", kSamplers[s], "--seed", "0", "--json"})
                << row.published[s];
}

void TestCliAccuracy::publishedAccuracy() {
    QFETCH(QStringList, args);
    QFETCH(double, published);
    const CliRun r = runCli(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const double err = r.json()["rel_l2_H"].toDouble(-1);
    measured_[QTest::currentDataTag()] = err;
    qInfo("%s: rel_l2_H %.3e (published %.1e)", QTest::currentDataTag(), err, published);
    QVERIFY2(err > 0 && err <= 3.0 * published, qPrintable(QString("rel_l2_H %1 vs published %2").arg(err).arg(published)));
}

void TestCliAccuracy::dataDrivenSamplingWinsOnE3() {
    const double elm = measured_.value("E3 elm"), uswim = measured_.value("E3 uswim"), swim = measured_.value("E3 swim");
    QVERIFY(elm > 0 && uswim > 0 && swim > 0);
    QVERIFY2(elm / uswim > 100, qPrintable(QString("ELM %1 U-SWIM %2").arg(elm).arg(uswim)));
    QVERIFY2(elm / swim > 100, qPrintable(QString("ELM %1 SWIM %2").arg(elm).arg(swim)));
}

void TestCliAccuracy::fitJsonHasTheContractFields() {
    const CliRun r = runCli({"fit", "--system", "spring", "--width", "50", "--train", "500", "--test", "200", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = r.json();
    for (const char* k : {"system", "params", "domain", "sampler", "width", "train", "test", "seed", "rel_l2_H", "rel_l2_gradH", "seconds"})
        QVERIFY2(j.contains(k), k);
    QCOMPARE(j["system"].toString(), QString("spring"));
    QCOMPARE(j["sampler"].toString(), QString("swim"));  // the default sampler
    QCOMPARE(j["width"].toInt(), 50);
    QCOMPARE(j["seed"].toInt(), 0);
    QCOMPARE(j["params"].toObject()["k"].toDouble(), 1.0);
    QCOMPARE(j["domain"].toArray().size(), 2);
    QCOMPARE(j["domain"].toArray()[0].toArray()[0].toDouble(), -1.0);
    const QJsonObject sec = j["seconds"].toObject();
    for (const char* k : {"sample", "assemble", "solve", "evaluate", "total"}) QVERIFY2(sec[k].toDouble(-1) >= 0, k);
    QVERIFY(sec["total"].toDouble() >= sec["solve"].toDouble());
}

QTEST_GUILESS_MAIN(TestCliAccuracy)
#include "test_cli_accuracy.moc"

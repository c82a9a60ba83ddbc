// Sweeps as Slurm job arrays, without Slurm: `sweep --slurm DIR` writes the plan and the job
// script; the script's tasks are run here by hand exactly as Slurm runs them (bash with
// SLURM_ARRAY_TASK_ID set); `sweep --collect DIR` must then give the rows of the same sweep run
// locally, bit for bit in every column but the times, and name the tasks that did not finish.
// tests/slurm/test_slurm_sweep.sh does the same through a real one-node Slurm.
#include "common/cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace shnn::test;

namespace {

const QStringList kSweep = {"sweep",     "--system",  "single_pendulum", "--train",  "400",  "--test",
                            "500",       "--samplers", "elm,swim",       "--widths", "30,60", "--repeat", "2"};

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// The CSV without the time columns (seconds_*): what must agree bit for bit.
QStringList rowsWithoutTimes(const QByteArray& csv) {
    QStringList out;
    for (const QByteArray& line : csv.trimmed().split('\n')) {
        QList<QByteArray> cells = line.split(',');
        if (cells.size() < 15) return {"short line: " + QString(line)};
        cells.erase(cells.begin() + 7, cells.begin() + 12);
        out << QString(cells.join(','));
    }
    return out;
}


} // namespace

class TestCliSweepPlan : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void planAndScript();
    void collectNamesUnfinishedTasksThenMatchesTheLocalSweep();
    void foreignResultsAreRefused();
    void aPlanEditedByHandIsRefused();
    void fitFromPlanChecksItsOptions();
    void theSameDigitsOnAnyThreadCount();

private:
    QTemporaryDir tmp_;
    QString dir_;
    QStringList localRows_;
};

void TestCliSweepPlan::initTestCase() {
    const QString csv = tmp_.path() + "/local.csv";
    const CliRun local = runCli(kSweep + QStringList{"--csv", csv});
    QVERIFY2(local.exitCode == 0, local.err.constData());
    localRows_ = rowsWithoutTimes(readAll(csv));
    QCOMPARE(localRows_.size(), 1 + 2 * 2 * 2);
    dir_ = tmp_.path() + "/cluster";
    // 8 fits, 3 per task: tasks 0..2, the last one short.
    const CliRun r = runCli(kSweep + QStringList{"--slurm", dir_, "--fits-per-task", "3", "--partition", "short",
                                                 "--time", "00:10:00", "--mem", "2G", "--cpus-per-task", "2"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("8 fits in 3 array tasks"), r.out.constData());
    QVERIFY2(r.out.contains("submit with:  sbatch " + QDir(dir_).absolutePath().toUtf8() + "/sweep.sbatch"), r.out.constData());
}

void TestCliSweepPlan::planAndScript() {
    const QByteArray script = readAll(dir_ + "/sweep.sbatch");
    for (const char* line : {"#SBATCH --array=0-2\n", "#SBATCH --partition=short\n", "#SBATCH --time=00:10:00\n",
                             "#SBATCH --mem=2G\n", "#SBATCH --cpus-per-task=2\n"})
        QVERIFY2(script.contains(line), line);
    const QJsonObject plan = QJsonDocument::fromJson(readAll(dir_ + "/plan.json")).object();
    QCOMPARE(plan["format"].toString(), QString("shnn-sweep-plan"));
    const QJsonArray fits = plan["fits"].toArray();
    QCOMPARE(fits.size(), 8);
    // Plan order is the local sweep's order, each fit with its own seed (base seed + repeat).
    for (int i = 0; i < fits.size(); ++i) {
        const QJsonObject f = fits[i].toObject();
        QCOMPARE(f["index"].toInt(), i);
        QCOMPARE(f["task"].toInt(), i / 3);
        QCOMPARE(f["seed"].toInt(), i % 2);
        QCOMPARE(f["settings"].toObject()["seed"].toInt(), i % 2);
        QCOMPARE(f["settings"].toObject()["width"].toInt(), (i / 2) % 2 ? 60 : 30);
    }
    QCOMPARE(plan["slurm"].toObject()["tasks"].toInt(), 3);
}

void TestCliSweepPlan::collectNamesUnfinishedTasksThenMatchesTheLocalSweep() {
    QCOMPARE(runArrayTask(dir_, 0), 0);
    // Task 1 "failed": Slurm ran it, its status says so and a fit logged an error.
    write(dir_ + "/results/task-1.status", "1\n");
    write(dir_ + "/logs/fit-4.err", "error: out of memory\n");
    // Task 2 never ran (cancelled before it started).
    CliRun c = runCli({"sweep", "--collect", dir_});
    QCOMPARE(c.exitCode, 3);
    QVERIFY2(c.out.contains("collected 3 of 8 fits; 1 of 3 tasks done"), c.out.constData());
    QVERIFY2(c.out.contains("tasks failed: 1\n"), c.out.constData());
    QVERIFY2(c.out.contains("task 1: fit 4: out of memory"), c.out.constData());
    QVERIFY2(c.out.contains("tasks missing (cancelled, killed, or not run yet): 2\n"), c.out.constData());

    QFile::remove(dir_ + "/logs/fit-4.err");
    QCOMPARE(runArrayTask(dir_, 1), 0);
    QVERIFY(!QFile::exists(dir_ + "/results/task-2.status"));
    QCOMPARE(runArrayTask(dir_, 2), 0);
    QCOMPARE(readAll(dir_ + "/results/task-2.status").trimmed(), QByteArray("0"));
    const QString csv = tmp_.path() + "/collected.csv";
    c = runCli({"sweep", "--collect", dir_, "--csv", csv});
    QVERIFY2(c.exitCode == 0, c.out.constData());
    QVERIFY2(c.out.contains("collected 8 of 8 fits; 3 of 3 tasks done"), c.out.constData());
    QCOMPARE(rowsWithoutTimes(readAll(csv)), localRows_);
    // The table is the local sweep's: the same header and the medians block.
    QVERIFY(c.out.startsWith("sampler   width   train repeat"));
    QVERIFY(c.out.contains("medians over 2 repeat(s):"));
    // Every result is `fit --json` plus where it belongs in the plan.
    const QJsonObject fit = QJsonDocument::fromJson(readAll(dir_ + "/results/fit-00005.json")).object();
    QCOMPARE(fit["plan_index"].toInt(), 5);
    QCOMPARE(fit["width"].toInt(), 30);
    QCOMPARE(fit["sampler"].toString(), QString("swim"));
}

void TestCliSweepPlan::foreignResultsAreRefused() {
    const QString other = tmp_.path() + "/other";
    CliRun r = runCli({"sweep", "--system", "spring", "--train", "200", "--test", "200", "--samplers", "elm", "--widths",
                       "10", "--slurm", other});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(runArrayTask(other, 0), 0);
    // A different plan into a folder that holds results: refused, nothing overwritten.
    const QByteArray planBefore = readAll(other + "/plan.json");
    r = runCli(kSweep + QStringList{"--slurm", other});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: " + QDir(other).absolutePath().toUtf8()) && r.err.contains("another sweep plan"),
             r.err.constData());
    QCOMPARE(readAll(other + "/plan.json"), planBefore);
    // A result of that plan dropped into ours: collect names the file and stops.
    const QString mixed = tmp_.path() + "/mixed";
    QVERIFY(QDir().mkpath(mixed + "/results"));
    QFile::copy(dir_ + "/plan.json", mixed + "/plan.json");
    QFile::copy(other + "/results/fit-00000.json", mixed + "/results/fit-00000.json");
    r = runCli({"sweep", "--collect", mixed});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("results/fit-00000.json: belongs to another plan"), r.err.constData());
}

void TestCliSweepPlan::aPlanEditedByHandIsRefused() {
    const QString edited = tmp_.path() + "/edited";
    QVERIFY(QDir().mkpath(edited));
    QByteArray plan = readAll(dir_ + "/plan.json");
    plan.replace("\"width\": 60", "\"width\": 61");
    write(edited + "/plan.json", plan);
    const CliRun r = runCli({"sweep", "--collect", edited});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("plan.json: plan_id") && r.err.contains("does not match its fits"), r.err.constData());
}

void TestCliSweepPlan::fitFromPlanChecksItsOptions() {
    CliRun r = runCli({"fit", "--plan", dir_ + "/plan.json", "--plan-index", "8"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: --plan-index:"), r.err.constData());
    r = runCli({"fit", "--plan", dir_ + "/plan.json", "--plan-index", "0", "--width", "10"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: --width: does not apply with --plan"), r.err.constData());
    r = runCli({"fit", "--plan", dir_ + "/plan.json"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: --plan-index:"), r.err.constData());
    // Fit 3 of the plan reproduces row 3 of the local sweep exactly.
    r = runCli({"fit", "--plan", dir_ + "/plan.json", "--plan-index", "3", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList cells = localRows_[4].split(',');  // header + rows 0..3
    QCOMPARE(QString::number(r.json()["rel_l2_H"].toDouble(), 'g', 17), cells[5]);
}

// A cluster task gets as many threads as --cpus-per-task, the local sweep as many as the
// machine has: the engine's work split must not depend on it (the QR's trailing update once
// split its columns per thread, and rel_l2_H moved in the 4th digit at width 200).
void TestCliSweepPlan::theSameDigitsOnAnyThreadCount() {
    const QList<QStringList> fits = {
        {"--system", "single_pendulum", "--sampler", "uswim", "--width", "700", "--train", "3000"},
        {"--system", "henon_heiles", "--sampler", "swim", "--width", "500", "--train", "3000", "--rcond", "auto"},
        {"--system", "single_pendulum", "--sampler", "aswim", "--width", "300", "--train", "2000", "--data", "snapshots",
         "--h", "0.1", "--correct"},
    };
    for (const QStringList& args : fits) {
        QStringList digits;
        for (const char* threads : {"1", "2", "3"}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("SHNN_THREADS", threads);
            p.setProcessEnvironment(env);
            p.start(SHNN_CLI_PATH, QStringList{"fit", "--test", "2000", "--json"} + args);
            QVERIFY(p.waitForFinished(300000));
            QCOMPARE(p.exitCode(), 0);
            const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            digits << QString::number(j["rel_l2_H"].toDouble(), 'g', 17) + " " +
                          QString::number(j["rel_l2_gradH"].toDouble(), 'g', 17);
        }
        QVERIFY2(digits[0] == digits[1] && digits[1] == digits[2], qPrintable(args.join(' ') + ": " + digits.join(" | ")));
    }
}

QTEST_GUILESS_MAIN(TestCliSweepPlan)
#include "test_cli_sweep_plan.moc"

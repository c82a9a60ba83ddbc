// Every bad input of tests/data/bad-inputs.tsv: exit status 2, exactly one line on stderr,
// starting with "error:" and naming the culprit; nothing on stdout; no output file left.
#include "common/bad_inputs.h"
#include "common/cli_runner.h"
#include "common/timing.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <QElapsedTimer>

using namespace shnn::test;

class TestCliErrors : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void badInput_data();
    void badInput();
    void noPartialOutputFile();
    void interruptExits130WithoutOutput();

private:
    QTemporaryDir dir_;
    QString model_;
    QString expand(QString s) const;
};

void TestCliErrors::initTestCase() {
    model_ = dir_.path() + "/good.json";
    const CliRun r = runCli({"fit", "--system", "spring", "--width", "20", "--train", "200", "--test", "50", "--save", model_});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile good(model_);
    QVERIFY(good.open(QIODevice::ReadOnly));
    const QByteArray text = good.readAll();
    auto write = [&](const char* kind, const QByteArray& bytes) {
        QFile f(dir_.path() + "/bad-" + kind + ".json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    write("truncated", text.left(text.size() / 3));
    write("empty", QByteArray());
    write("binary", QByteArray("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10));
    write("version", QByteArray(text).replace("\"version\": 2", "\"version\": 99"));
}

QString TestCliErrors::expand(QString s) const {
    s.replace("{model}", model_);
    // {data:NAME}: a measured-data file of tests/data/data-files (NAME.csv).
    static const QRegularExpression data("\\{data:([a-z-]+)\\}");
    s.replace(data, QStringLiteral(SHNN_TEST_DATA_DIR "/data-files/\\1.csv"));
    for (const char* kind : {"truncated", "empty", "binary", "version"})
        s.replace(QString("{bad:%1}").arg(kind), dir_.path() + "/bad-" + kind + ".json");
    return s;
}

void TestCliErrors::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("culprit");
    const QList<BadInput> rows = readBadInputs();
    QVERIFY(rows.size() >= 30);
    for (const auto& row : rows) QTest::newRow(qPrintable(row.name)) << row.args << row.culprit;
}

void TestCliErrors::badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, culprit);
    for (auto& a : args) a = expand(a);
    const CliRun r = runCli(args);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(err)));
    QVERIFY2(err.startsWith("error: "), qPrintable(err));
    QVERIFY2(err.count('\n') == 1 && err.endsWith('\n'), qPrintable("not one line: " + err));
    QVERIFY2(err.contains(expand(culprit)), qPrintable("does not name " + expand(culprit) + ": " + err));
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

void TestCliErrors::noPartialOutputFile() {
    const QString out = dir_.path() + "/should-not-exist.json";
    const CliRun r = runCli({"fit", "--system", "lotka_volterra", "--domain", "-800:800,-2:2", "--save", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(out));
    const CliRun s = runCli({"sweep", "--system", "spring", "--samplers", "elm", "--widths", "10,0", "--csv", out});
    QCOMPARE(s.exitCode, 2);
    QVERIFY(!QFile::exists(out));
    QVERIFY(QDir(dir_.path()).entryList({"*.tmp-*"}).isEmpty());
}

void TestCliErrors::interruptExits130WithoutOutput() {
    const QString out = dir_.path() + "/interrupted.json";
    QProcess p;
    p.start(QStringLiteral(SHNN_CLI_PATH), {"fit", "--system", "henon_heiles", "--width", "3000", "--train", "20000", "--save", out});
    QVERIFY(p.waitForStarted());
    QTest::qWait(700);
    QElapsedTimer t;
    t.start();
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(shnn::test::kWorkTimeoutMs));
    qInfo("exit after Ctrl-C took %lld ms (goal 200 ms)", static_cast<long long>(t.elapsed()));
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(t.elapsed() < shnn::test::kCancelCeilingMs);
    QVERIFY(p.readAllStandardError().contains("error: cancelled"));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCliErrors)
#include "test_cli_errors.moc"

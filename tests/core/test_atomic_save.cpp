// Atomic saves: a process saves a 2 MB model over and over and is killed (SIGKILL) at random
// moments; afterwards the file always loads, as one of the two versions, never torn, and the
// next save removes the temporary files the killed writers left behind.
#include "core/io/model_file.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <random>

using namespace shnn;

class TestAtomicSave : public QObject {
    Q_OBJECT
private slots:
    void killDuringSaveLeavesAWholeFile();
};

void TestAtomicSave::killDuringSaveLeavesAWholeFile() {
    QTemporaryDir dir;
    const QString path = dir.path() + "/model.json";
    std::mt19937_64 rng(7);
    int versions[2] = {0, 0};
    const int kills = 25;
    qint64 deadWriter = 0;
    for (int k = 0; k < kills; ++k) {
        QProcess p;
        p.start(QStringLiteral(SHNN_SAVE_STRESS_PATH), {path, "20000"});
        QVERIFY(p.waitForStarted());
        QVERIFY(p.waitForReadyRead(20000));  // "ready": the file exists
        QTest::qWait(static_cast<int>(1 + rng() % 60));
        deadWriter = p.processId();
        ::kill(static_cast<pid_t>(deadWriter), SIGKILL);
        QVERIFY(p.waitForFinished(5000));
        const io::ModelFile f = io::loadModel(path.toStdString());  // throws (fails) if torn
        QCOMPARE(f.model.width(), 20000);
        QVERIFY(f.model.c0 == 0.0 || f.model.c0 == 1.0);
        ++versions[static_cast<int>(f.model.c0)];
    }
    const auto stale = [&] { return static_cast<int>(QDir(dir.path()).entryList({"model.json.tmp-*"}).size()); };
    qInfo("%d kills during saves: the file loaded every time (%d × version A, %d × version B); %d stale temporary files",
          kills, versions[0], versions[1], stale());
    QCOMPARE(versions[0] + versions[1], kills);
    // The next save removes what dead writers left and keeps a live writer's temporary.
    const auto touch = [](const QString& name) {
        QFile f(name);
        return f.open(QIODevice::WriteOnly) && f.write("{\"format\": \"shnn-") > 0;
    };
    const QString orphan = QString("%1.tmp-%2-dead01").arg(path).arg(deadWriter);
    const QString live = QString("%1.tmp-%2-live01").arg(path).arg(QCoreApplication::applicationPid());
    QVERIFY(touch(orphan) && touch(live));
    QProcess last;
    last.start(QStringLiteral(SHNN_SAVE_STRESS_PATH), {path, "20000", "once"});
    QVERIFY(last.waitForFinished(20000));
    QCOMPARE(last.exitCode(), 0);
    QVERIFY(!QFile::exists(orphan));
    QVERIFY(QFile::exists(live));
    QCOMPARE(stale(), 1);
    QCOMPARE(io::loadModel(path.toStdString()).model.c0, 0.0);
}

QTEST_GUILESS_MAIN(TestAtomicSave)
#include "test_atomic_save.moc"

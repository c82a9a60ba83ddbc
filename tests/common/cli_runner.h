#pragma once
// Runs the `shnn` command-line tool for CLI tests and captures its exit code and output.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace shnn::test {

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CliRun runCli(const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.start(QStringLiteral(SHNN_CLI_PATH), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Task `task` of the job array `shnn sweep --slurm DIR` wrote, exactly as Slurm starts it
// (bash DIR/sweep.sbatch with SLURM_ARRAY_TASK_ID set); its exit status, -1 on a timeout.
inline int runArrayTask(const QString& dir, int task, int timeoutMs = 300000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SLURM_ARRAY_TASK_ID", QString::number(task));
    p.setProcessEnvironment(env);
    p.start("bash", {dir + "/sweep.sbatch"});
    if (!p.waitForFinished(timeoutMs)) return -1;
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace shnn::test

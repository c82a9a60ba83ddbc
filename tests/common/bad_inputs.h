#pragma once
// The table of bad inputs (tests/data/bad-inputs.tsv) shared by the CLI's and the studio's
// validation tests: one row per input, with the option or file its error must name.
#include <QFile>
#include <QList>
#include <QStringList>

namespace shnn::test {

struct BadInput {
    QString name;
    QStringList args;  // the command and its arguments
    QString culprit;   // what the error line must name
};

inline QList<BadInput> readBadInputs() {
    QList<BadInput> rows;
    QFile f(SHNN_TEST_DATA_DIR "/bad-inputs.tsv");
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return rows;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith('#')) continue;
        const QStringList cols = line.split('\t');
        if (cols.size() != 3) continue;
        rows.push_back({cols[0], cols[1].split(' ', Qt::SkipEmptyParts), cols[2]});
    }
    return rows;
}

} // namespace shnn::test

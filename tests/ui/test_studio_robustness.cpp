// The studio under stress: the table of bad inputs (tests/data/bad-inputs.tsv) through the
// studio's validation, 100 rapid live-mode changes, closing the window during a fit.
#include "common/timing.h"
#include "common/bad_inputs.h"
#include "core/errors.h"
#include "ui/window/main_window.h"
#include "ui/panel/run_panel.h"
#include "ui/panel/settings_form.h"
#include "ui/window/studio_options.h"
#include "ui/jobs/train_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace shnn;
using namespace shnn::ui;

class TestStudioRobustness : public QObject {
    Q_OBJECT
private slots:
    void badInputsThroughTheStudio_data();
    void badInputsThroughTheStudio();
    void hundredRapidChangesLeaveOneFit();
    void closingDuringAFitIsClean();
};

namespace {

int threadCount() { return static_cast<int>(QDir("/proc/self/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size()); }

double residentMegabytes() {
    QFile f("/proc/self/statm");
    if (!f.open(QIODevice::ReadOnly)) return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() > 1 ? parts[1].toDouble() * 4096.0 / 1e6 : 0;
}

// Form fields a CLI option maps to (the studio shows errors there).
QString formKey(const QString& option) {
    static const QStringList plain = {"width", "train", "test", "seed", "rcond", "anchor", "anchor-h",
                                      "traj-points", "traj-dt", "noise", "H", "dof", "h"};
    if (plain.contains(option)) return option;
    return QString();
}

} // namespace

void TestStudioRobustness::badInputsThroughTheStudio_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("culprit");
    int rows = 0;
    for (const auto& row : shnn::test::readBadInputs()) {
        // The studio takes the fit options; eval/trajectory/sweep rows are CLI-only.
        if (row.args.value(0) != "fit") continue;
        if (row.args.contains("--optimizer") || row.args.contains("--model-kind") || row.args.contains("--data-file") ||
            row.args.contains("--validation") || row.args.contains("--plan") || row.args.contains("--plan-index"))
            continue;  // the command line's own
        QTest::newRow(qPrintable(row.name)) << row.args.mid(1) << row.culprit;
        ++rows;
    }
    QVERIFY(rows >= 30);
}

void TestStudioRobustness::badInputsThroughTheStudio() {
    QFETCH(QStringList, args);
    QFETCH(QString, culprit);
    // 1. The studio's command line rejects it, naming the same option.
    std::vector<std::string> a;
    for (const auto& s : args) a.push_back(s.toStdString());
    bool rejected = false;
    QString message;
    try {
        const StudioOptions o = parseStudioOptions(a, {"phase"});
        checkMemory(o.settings);
    } catch (const SettingsError& e) {
        rejected = true;
        message = QString("--%1: %2").arg(QString::fromStdString(e.key()), QString::fromStdString(e.reason()));
    }
    QVERIFY2(rejected, "accepted");
    if (culprit != "GB" && culprit != "argument") QVERIFY2(message.contains(culprit), qPrintable(message));

    // 2. The same values typed into the form: an error next to the field, and no fit starts.
    MainWindow w;
    w.runPanel()->liveBox()->setChecked(false);
    SettingsForm* form = w.form();
    bool typed = false;
    for (int i = 0; i < args.size(); i += 2) {
        // "--H=" and "--option value" alike.
        QString option = args[i].mid(2), value = i + 1 < args.size() ? args[i + 1] : QString();
        if (option.contains('=')) {
            value = option.section('=', 1);
            option = option.section('=', 0, 0);
            --i;
        }
        if (option == "system") {
            const int index = form->systemBox()->findData(value);
            if (index < 0) continue;  // an unknown system cannot be picked from the list
            form->systemBox()->setCurrentIndex(index);
            if (value == "formula") {
                // Only the row's formula and constants (the form starts from an example).
                form->field("H")->clear();
                form->field("constants")->clear();
                typed = true;  // a formula system without H is an error too
            }
        } else if (option == "data" || option == "derivatives") {
            QComboBox* box = option == "data" ? form->dataKindBox() : form->derivativesBox();
            if (box->findData(value) < 0) continue;  // an unknown choice cannot be picked from the list
            box->setCurrentIndex(box->findData(value));
        } else if (option == "sampler" || option == "solver") {
            QComboBox* box = option == "sampler" ? form->samplerBox() : form->solverBox();
            if (box->findData(value) >= 0) box->setCurrentIndex(box->findData(value));
        } else if (!formKey(option).isEmpty()) {
            QLineEdit* e = form->field(formKey(option));
            // A field that does not apply (trajectory options on uniform data, H of a built-in system).
            if (!e->isEnabled() || !e->isVisibleTo(form)) continue;
            e->setText(value);
            typed = true;
        } else if (option == "param") {
            const QString name = value.section('=', 0, 0);
            if (form->systemBox()->currentData().toString() == "formula") {
                // A formula's constants share one field.
                QLineEdit* e = form->field("constants");
                e->setText(e->text().isEmpty() ? value : e->text() + ", " + value);
                typed = true;
            } else if (QLineEdit* e = form->field("param:" + name)) {
                e->setText(value.section('=', 1));
                typed = true;
            }
        } else if (option == "domain") {
            const QStringList parts = value.split(',');
            const int D = form->systemBox()->currentData().toString().contains("double") ||
                                  form->systemBox()->currentData().toString().contains("henon")
                              ? 4
                              : 2;
            if (parts.size() != 1 && parts.size() != D) continue;  // the form has one row per coordinate
            for (int k = 0; k < D; ++k) {
                const QString iv = parts.size() == 1 ? parts[0] : parts.value(k);
                form->field(QString("domain:%1:lo").arg(k))->setText(iv.section(':', 0, 0));
                form->field(QString("domain:%1:hi").arg(k))->setText(iv.section(':', 1));
            }
            typed = true;
        }
    }
    if (!typed) return;  // nothing of this row can be typed into the form
    const int jobs = w.controller()->jobsStarted();
    w.train();
    QCOMPARE(w.controller()->jobsStarted(), jobs);
    QString shown;
    for (const char* key : {"width", "train", "test", "seed", "rcond", "domain", "param", "solver", "anchor", "anchor-h",
                            "traj-points", "traj-dt", "noise", "H", "dof", "h", "fit-at", "general"})
        shown += form->errorText(key);
    QVERIFY2(!shown.isEmpty(), "no error shown next to any field");
}

void TestStudioRobustness::hundredRapidChangesLeaveOneFit() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QSignalSpy shown(&w, &MainWindow::resultShown);
    w.train();
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), shnn::test::kWorkTimeoutMs);
    QTest::qWait(200);
    const int threadsBefore = threadCount();
    const double memoryBefore = residentMegabytes();

    int inFlight = 0, maxInFlight = 0, started = 0;
    connect(w.controller(), &TrainController::started, this, [&] { maxInFlight = std::max(maxInFlight, ++inFlight), ++started; });
    connect(w.controller(), &TrainController::jobEnded, this, [&] { --inFlight; });

    QLineEdit* seed = w.form()->field("seed");
    for (int k = 0; k < 100; ++k) {
        seed->selectAll();
        QTest::keyClicks(seed, QString::number(100 + k));
        QTest::qWait(k % 10 == 9 ? 400 : 3);  // now and then long enough for the 300 ms live timer to fire
    }
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), shnn::test::kWorkTimeoutMs);
    QTest::qWait(300);
    qInfo("100 changes: %d fits started, at most %d in flight; threads %d -> %d; resident %.0f -> %.0f MB", started,
          maxInFlight, threadsBefore, threadCount(), memoryBefore, residentMegabytes());
    QCOMPARE(maxInFlight, 1);
    QVERIFY(started >= 2 && started <= 30);
    QCOMPARE(w.currentResult()->settings.seed, 199u);  // the last change won
    // Stable: Qt's thread pool may add its second worker (it never exceeds the core count); nothing else.
    QVERIFY(threadCount() <= threadsBefore + 2);
#ifdef __SANITIZE_ADDRESS__
    const double allowance = 400;  // AddressSanitizer quarantines freed memory (256 MB by default)
#else
    const double allowance = 80;
#endif
    QVERIFY(residentMegabytes() < memoryBefore + allowance);

    // Superseding for real: twenty requests arrive while slower fits run; each cancels the
    // running one, only the newest pending one starts, and none reports a result.
    int reported = 0;
    const int startedBefore = started;
    auto report = [&] { ++reported; };
    connect(w.controller(), &TrainController::finished, this, report);
    connect(w.controller(), &TrainController::cancelled, this, report);
    connect(w.controller(), &TrainController::failed, this, report);
    w.form()->field("width")->setText("1000");
    w.form()->field("train")->setText("10000");
    for (int k = 0; k < 20; ++k) {
        seed->setText(QString::number(300 + k));
        w.train();
        QTest::qWait(15);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), shnn::test::kWorkTimeoutMs);
    QTest::qWait(300);
    const int superseded = started - startedBefore - reported;
    qInfo("20 requests during running fits: %d fits started, %d superseded, %d reported, at most %d in flight",
          started - startedBefore, superseded, reported, maxInFlight);
    QCOMPARE(maxInFlight, 1);
    QCOMPARE(inFlight, 0);
    QVERIFY(superseded >= 1);
    QCOMPARE(w.currentResult()->settings.seed, 319u);
    QCOMPARE(w.currentResult()->settings.width, 1000);
}

void TestStudioRobustness::closingDuringAFitIsClean() {
    auto* w = new MainWindow;
    w->resize(1400, 900);
    w->show();
    w->form()->field("width")->setText("2000");
    w->form()->field("train")->setText("20000");
    w->train();
    QTRY_VERIFY_WITH_TIMEOUT(w->controller()->busy(), shnn::test::kWorkTimeoutMs);
    QTest::qWait(400);
    QElapsedTimer t;
    t.start();
    w->close();
    delete w;
    qInfo("closing during a fit took %lld ms", static_cast<long long>(t.elapsed()));
    QVERIFY(t.elapsed() < shnn::test::kCancelCeilingMs);
}

QTEST_MAIN(TestStudioRobustness)
#include "test_studio_robustness.moc"

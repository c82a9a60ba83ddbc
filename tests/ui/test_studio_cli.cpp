// shnn-studio --screenshot: each view renders the whole window into a PNG of at least
// 1400×900 with the view's content; bad options exit 2 with one "error:" line.
#include "core/io/model_file.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestStudioCli : public QObject {
    Q_OBJECT
private slots:
    void screenshotsOfEveryView();
    void screenshotsOfTheAnalysisViews_data();
    void screenshotsOfTheAnalysisViews();
    void badOptions_data();
    void badOptions();
    void helpAndNoDisplay();
    void screenshotOfASavedModel();

private:
    QTemporaryDir dir_;
};

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};
// Runs the studio offscreen, or with no display at all when `display` is false.
Run studio(const QStringList& args, bool display = true) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display) {
        env.insert("QT_QPA_PLATFORM", "offscreen");
    } else {
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) env.remove(name);
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SHNN_STUDIO_PATH), args);
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Share of pixels that differ between two images of the same size.
double differingShare(const QImage& a, const QImage& b) {
    long differ = 0, total = 0;
    for (int y = 0; y < a.height(); y += 3)
        for (int x = 0; x < a.width(); x += 3, ++total)
            if (a.pixel(x, y) != b.pixel(x, y)) ++differ;
    return static_cast<double>(differ) / static_cast<double>(total);
}
} // namespace

void TestStudioCli::screenshotsOfEveryView() {
    QList<QImage> shots;
    for (const QString view : {"phase", "error", "trajectory"}) {
        const QString file = dir_.path() + "/" + view + ".png";
        const Run r = studio({"--system", "single_pendulum", "--domain=-2pi:2pi,-6:6", "--sampler", "uswim", "--width", "300",
                              "--train", "3000", "--view", view, "--screenshot", file});
        QVERIFY2(r.code == 0, r.err.constData());
        QImage img(file);
        QVERIFY(!img.isNull());
        QVERIFY(img.width() >= 1400 && img.height() >= 900);
        // Not a blank window: many distinct colours (curves, colour map, text).
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 4)
            for (int x = img.width() / 3; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString("%1: %2 colours").arg(view).arg(colours.size())));
        shots << img.convertToFormat(QImage::Format_RGB32);
    }
    // The three views show different things (the side panel is the same).
    const double pe = differingShare(shots[0], shots[1]), et = differingShare(shots[1], shots[2]),
                 pt = differingShare(shots[0], shots[2]);
    qInfo("pixels differing: phase/error %.2f, error/trajectory %.2f, phase/trajectory %.2f", pe, et, pt);
    QVERIFY(pe > 0.3 && et > 0.3);  // the heatmap fills its plot
    QVERIFY(pt > 0.03);             // line plots on white differ less, but clearly
}

void TestStudioCli::screenshotsOfTheAnalysisViews_data() {
    QTest::addColumn<QStringList>("args");
    const QStringList pendulum = {"--system", "single_pendulum", "--domain=-2pi:2pi,-6:6", "--width", "200", "--train", "2000"};
    QTest::newRow("sampling") << (pendulum + QStringList{"--sampler", "swim", "--view", "sampling"});
    QTest::newRow("sampling first pass") << (pendulum + QStringList{"--sampler", "aswim", "--view", "sampling", "--first-pass"});
    QTest::newRow("runs") << (pendulum + QStringList{"--view", "runs", "--compare", "elm,swim"});
    QTest::newRow("sweep") << (pendulum + QStringList{"--view", "sweep", "--sweep-samplers", "elm,swim", "--sweep-widths", "25,50,100"});
    QTest::newRow("poincare") << QStringList{"--system", "henon_heiles", "--width", "300", "--train", "3000", "--view", "poincare", "--energy", "0.08"};
    QTest::newRow("motion") << (pendulum + QStringList{"--view", "motion", "--motion-time", "3"});
    QTest::newRow("motion double pendulum") << QStringList{"--system", "double_pendulum", "--width", "300", "--train", "3000",
                                                           "--view", "motion", "--x0", "1.5,2,0,0"};
    QTest::newRow("phase in presentation mode") << (pendulum + QStringList{"--view", "phase", "--presentation"});
    QTest::newRow("lesson phase space") << QStringList{"--lesson", "phase-space"};
    QTest::newRow("race") << (pendulum + QStringList{"--view", "race", "--steps", "150"});
}

void TestStudioCli::screenshotsOfTheAnalysisViews() {
    QFETCH(QStringList, args);
    const QString file = dir_.path() + "/" + QTest::currentDataTag() + ".png";
    const Run r = studio(args + QStringList{"--screenshot", file});
    QVERIFY2(r.code == 0, r.err.constData());
    const QImage img(file);
    QVERIFY(img.width() >= 1400 && img.height() >= 900);
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 4)
        for (int x = img.width() / 3; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
    QVERIFY2(colours.size() > 30, qPrintable(QString("%1 colours").arg(colours.size())));
}

void TestStudioCli::badOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("culprit");
    QTest::newRow("unknown view") << QStringList{"--view", "3d", "--screenshot", "x.png"} << "--view";
    QTest::newRow("not png") << QStringList{"--screenshot", "x.jpg"} << "--screenshot";
    QTest::newRow("unknown system") << QStringList{"--system", "triple_pendulum"} << "--system";
    QTest::newRow("width 0") << QStringList{"--width", "0"} << "--width";
    QTest::newRow("bad domain") << QStringList{"--domain", "2:1"} << "--domain";
    QTest::newRow("unknown option") << QStringList{"--colour", "red"} << "--colour";
    QTest::newRow("small size") << QStringList{"--size", "800x600"} << "--size";
    QTest::newRow("x0 wrong size") << QStringList{"--x0", "1,2,3"} << "--x0";
    QTest::newRow("unknown lesson") << QStringList{"--lesson", "E10"} << "--lesson";
    QTest::newRow("compare one sampler") << QStringList{"--compare", "elm"} << "--compare";
    QTest::newRow("sweep widths") << QStringList{"--sweep-widths", "10,x"} << "--sweep-widths";
    QTest::newRow("missing model") << QStringList{"--model", "no-such-model.json", "--screenshot", "x.png"} << "--model";
    QTest::newRow("model with fit options") << QStringList{"--model", "x.json", "--width", "10"} << "--model";
    QTest::newRow("zoom too large") << QStringList{"--zoom", "9"} << "--zoom";
    QTest::newRow("steps without the race") << QStringList{"--view", "phase", "--steps", "10"} << "--steps";
    QTest::newRow("motion time negative") << QStringList{"--motion-time", "-1"} << "--motion-time";
    QTest::newRow("first pass without A-SWIM") << QStringList{"--sampler", "swim", "--view", "sampling", "--first-pass", "--screenshot", "x.png"} << "--first-pass";
}

void TestStudioCli::badOptions() {
    QFETCH(QStringList, args);
    QFETCH(QString, culprit);
    const Run r = studio(args);
    QCOMPARE(r.code, 2);
    const QString err = QString::fromUtf8(r.err).trimmed();
    const QStringList errorLines = err.split('\n').filter("error:");
    QCOMPARE(errorLines.size(), 1);
    QVERIFY2(errorLines[0].startsWith("error: ") && errorLines[0].contains(culprit), qPrintable(err));
}

void TestStudioCli::helpAndNoDisplay() {
    const Run help = studio({"--help"}, false);
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains("--screenshot") && help.out.contains("--view"));
    // Without any display an interactive start says so in one line instead of aborting in Qt,
    // and a screenshot still renders (offscreen).
    const Run interactive = studio({}, false);
    QCOMPARE(interactive.code, 2);
    QVERIFY2(interactive.err.startsWith("error: no display"), interactive.err.constData());
    const QString file = dir_.path() + "/headless.png";
    const Run shot = studio({"--width", "100", "--train", "1000", "--screenshot", file}, false);
    QVERIFY2(shot.code == 0, shot.err.constData());
    QVERIFY(!QImage(file).isNull());
}

void TestStudioCli::screenshotOfASavedModel() {
    shnn::TrainingSettings s;
    s.system = "spring";
    s.sampler = shnn::Sampler::USwim;
    s.width = 100;
    s.train = 1000;
    s.test = 1000;
    const QString model = dir_.path() + "/spring.json";
    shnn::io::saveModel(model.toStdString(), shnn::train(s));
    const QString file = dir_.path() + "/model.png";
    const Run r = studio({"--model", model, "--view", "phase", "--screenshot", file});
    QVERIFY2(r.code == 0, r.err.constData());
    const QImage img(file);
    QVERIFY(img.width() >= 1400 && img.height() >= 900);
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 4)
        for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 50);
}

QTEST_GUILESS_MAIN(TestStudioCli)
#include "test_studio_cli.moc"

// shnn-studio --screenshot: each view renders the whole window into a PNG of at least
// 1400×900 with the view's content; bad options exit 2 with one "error:" line.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestStudioCli : public QObject {
    Q_OBJECT
private slots:
    void screenshotsOfEveryView();
    void badOptions_data();
    void badOptions();

private:
    QTemporaryDir dir_;
};

namespace {
struct Run {
    int code = -1;
    QByteArray err;
};
Run studio(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SHNN_STUDIO_PATH), args);
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
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

QTEST_GUILESS_MAIN(TestStudioCli)
#include "test_studio_cli.moc"

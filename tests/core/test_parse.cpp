// Numbers with pi, whole numbers, lists and domains as users type them.
#include "common/compare.h"
#include "core/systems/domain.h"
#include "core/errors.h"
#include "app/options/command_line.h"
#include "core/text/parse.h"

#include <QProcess>

#include <stdexcept>

using namespace shnn;

class TestParse : public QObject {
    Q_OBJECT
private slots:
    void shellQuotingSurvivesAShell();
    void numbers_data();
    void numbers();
    void badNumbers_data();
    void badNumbers();
    void integers();
    void domains();
    void badDomains_data();
    void badDomains();
    void commandLine();
};

void TestParse::numbers_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value");
    QTest::newRow("plain") << "1.5" << 1.5;
    QTest::newRow("exponent") << "1e-13" << 1e-13;
    QTest::newRow("negative") << "-6" << -6.0;
    QTest::newRow("pi") << "pi" << M_PI;
    QTest::newRow("-2pi") << "-2pi" << -2 * M_PI;
    QTest::newRow("2*pi") << "2*pi" << 2 * M_PI;
    QTest::newRow("pi/2") << "pi/2" << M_PI / 2;
    QTest::newRow("3pi/4") << "3pi/4" << 3 * M_PI / 4;
    QTest::newRow("blanks") << "  0.25 " << 0.25;
}

void TestParse::numbers() {
    QFETCH(QString, text);
    QFETCH(double, value);
    SHNN_COMPARE_REL(text::parseNumber(text.toStdString()), value, 1e-15);
}

void TestParse::badNumbers_data() {
    QTest::addColumn<QString>("text");
    for (const char* t : {"", "abc", "nan", "inf", "-inf", "1e999", "1.5x", "pi/0", "2pipi", "--1", "0x10"})
        QTest::newRow(t) << t;
}

void TestParse::badNumbers() {
    QFETCH(QString, text);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, text::parseNumber(text.toStdString()));
}

void TestParse::integers() {
    QCOMPARE(text::parseInteger("10000", 1, 100000), 10000);
    QCOMPARE(text::parseInteger("1e4", 1, 100000), 10000);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, text::parseInteger("2.5", 1, 10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, text::parseInteger("0", 1, 10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, text::parseInteger("1e12", 1, 1000000));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, text::parseInteger("pi", 1, 10));
}

void TestParse::domains() {
    const Domain a = parseDomain("-2pi:2pi,-6:6", 2);
    QCOMPARE(a.dim(), 2);
    SHNN_COMPARE_REL(a.intervals[0].lo, -2 * M_PI, 1e-15);
    QCOMPARE(a.intervals[1].hi, 6.0);
    const Domain b = parseDomain("-5:5", 4);  // one interval for every coordinate
    QCOMPARE(b.dim(), 4);
    QCOMPARE(b.intervals[3].lo, -5.0);
    QCOMPARE(b.lowest(), -5.0);
    QCOMPARE(a.lowest(), -2 * M_PI);
    QCOMPARE(a.highest(), 2 * M_PI);
}

void TestParse::badDomains_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("dim");
    QTest::newRow("empty") << "" << 2;
    QTest::newRow("inverted") << "1:-1" << 2;
    QTest::newRow("empty interval") << "0:0,-1:1" << 2;
    QTest::newRow("no colon") << "-1,1" << 2;
    QTest::newRow("three parts") << "-1:0:1" << 2;
    QTest::newRow("wrong count") << "-1:1,-1:1,-1:1" << 2;
    QTest::newRow("nan") << "nan:1" << 2;
    QTest::newRow("garbage") << "a:b" << 2;
    QTest::newRow("huge") << "-1e300:1e300" << 2;
}

void TestParse::badDomains() {
    QFETCH(QString, text);
    QFETCH(int, dim);
    try {
        parseDomain(text.toStdString(), dim);
        QFAIL("accepted a bad domain");
    } catch (const SettingsError& e) {
        QCOMPARE(QString::fromStdString(e.key()), QString("domain"));
    }
}

void TestParse::commandLine() {
    const std::vector<text::OptionSpec> spec{{"width"}, {"param", true, true}, {"json", false}};
    const text::CommandLine cl({"--width", "500", "--param", "m=2", "--param=l=3", "--json"}, spec);
    QCOMPARE(cl.integer("width", 0, 1, 1000), 500);
    QCOMPARE(static_cast<int>(cl.values("param").size()), 2);
    QCOMPARE(QString::fromStdString(cl.values("param")[1]), QString("l=3"));
    QVERIFY(cl.has("json"));
    auto keyOf = [&](const std::vector<std::string>& args) {
        try {
            text::CommandLine bad(args, spec);
            return std::string("accepted");
        } catch (const SettingsError& e) {
            return e.key();
        }
    };
    QCOMPARE(QString::fromStdString(keyOf({"--widht", "5"})), QString("widht"));
    QCOMPARE(QString::fromStdString(keyOf({"--width"})), QString("width"));
    QCOMPARE(QString::fromStdString(keyOf({"--width", "1", "--width", "2"})), QString("width"));
    QCOMPARE(QString::fromStdString(keyOf({"stray"})), QString("arguments"));
}

// Job scripts quote paths with shellQuoted: a real shell must read each back unchanged.
void TestParse::shellQuotingSurvivesAShell() {
    QCOMPARE(QString::fromStdString(shnn::text::shellQuoted("it's")), QString("'it'\\''s'"));
    for (const std::string word : {"plain", "two words", "it's", "$HOME `id` \\ \"q\" ;|&", ""}) {
        QProcess sh;
        sh.start("sh", {"-c", QString::fromStdString("printf %s " + shnn::text::shellQuoted(word))});
        QVERIFY(sh.waitForFinished(10000));
        QCOMPARE(sh.readAllStandardOutput().toStdString(), word);
    }
}

QTEST_GUILESS_MAIN(TestParse)
#include "test_parse.moc"

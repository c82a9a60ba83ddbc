// Every system's H and ∇H against independently computed test vectors (docs/method.md §6, rtol 1e-7),
// ∇H against central finite differences at random states, and parameter validation.
#include "common/compare.h"
#include "core/errors.h"
#include "core/systems/system.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <random>

using namespace shnn;

class TestSystems : public QObject {
    Q_OBJECT
private slots:
    void testVectors_data();
    void testVectors();
    void gradientMatchesFiniteDifferences_data();
    void gradientMatchesFiniteDifferences();
    void vectorFieldIsHamiltonsEquations();
    void defaultsMatchSpec();
    void badParametersAreRejected_data();
    void badParametersAreRejected();
};

void TestSystems::testVectors_data() {
    QTest::addColumn<QJsonObject>("testCase");
    QFile f(SHNN_TEST_DATA_DIR "/hamiltonian-test-vectors.json");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).object()["cases"].toArray();
    QVERIFY(cases.size() >= 15);
    int k = 0;
    for (const auto& c : cases) {
        const QJsonObject o = c.toObject();
        QTest::newRow(qPrintable(QString("%1 #%2").arg(o["system"].toString()).arg(k++))) << o;
    }
}

void TestSystems::testVectors() {
    QFETCH(QJsonObject, testCase);
    std::map<std::string, double> params;
    const QJsonObject p = testCase["params"].toObject();
    for (auto it = p.begin(); it != p.end(); ++it) params[it.key().toStdString()] = it.value().toDouble();
    const auto sys = makeSystem(testCase["system"].toString().toStdString(), params);
    const QJsonArray x = testCase["x"].toArray();
    QCOMPARE(x.size(), sys->dim());
    std::vector<double> xv;
    for (const auto& v : x) xv.push_back(v.toDouble());
    SHNN_COMPARE_REL(sys->H(xv.data()), testCase["H"].toDouble(), 1e-7);
    std::vector<double> g(static_cast<size_t>(sys->dim()));
    sys->gradH(xv.data(), g.data());
    const QJsonArray expected = testCase["gradH"].toArray();
    double scale = 0.0;
    for (const auto& v : expected) scale = std::max(scale, std::abs(v.toDouble()));
    for (int i = 0; i < sys->dim(); ++i)
        SHNN_COMPARE_TOL(g[static_cast<size_t>(i)], expected[i].toDouble(), 1e-7, 1e-7 * scale);
}

void TestSystems::gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("params");  // "name=value;..."
    QTest::newRow("pendulum") << "single_pendulum" << "";
    QTest::newRow("pendulum f=20") << "single_pendulum" << "m=2;l=0.7;g=9.81;f=20";
    QTest::newRow("spring") << "spring" << "m=3;k=0.5";
    QTest::newRow("lotka_volterra") << "lotka_volterra" << "";
    QTest::newRow("lotka_volterra classic") << "lotka_volterra" << "alpha=1.1;beta=0.4;gamma=0.4;delta=0.1";
    QTest::newRow("double_pendulum") << "double_pendulum" << "";
    QTest::newRow("double_pendulum uneven") << "double_pendulum" << "m1=2;m2=0.5;l1=1.5;l2=0.7;g=9.81";
    QTest::newRow("henon_heiles") << "henon_heiles" << "";
    QTest::newRow("henon_heiles alpha=0.3") << "henon_heiles" << "alpha=0.3";
    QTest::newRow("fput_chain") << "fput_chain" << "";
    QTest::newRow("fput_chain n=10 alpha=1") << "fput_chain" << "n=10;alpha=1";
}

void TestSystems::gradientMatchesFiniteDifferences() {
    QFETCH(QString, system);
    QFETCH(QString, params);
    std::map<std::string, double> p;
    for (const auto& kv : params.split(';', Qt::SkipEmptyParts)) p[kv.section('=', 0, 0).toStdString()] = kv.section('=', 1).toDouble();
    const auto sys = makeSystem(system.toStdString(), p);
    const Domain box = sys->defaultDomain();
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    const int D = sys->dim();
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> x(static_cast<size_t>(D)), g(static_cast<size_t>(D));
        for (int i = 0; i < D; ++i) x[static_cast<size_t>(i)] = box.intervals[i].lo + box.intervals[i].width() * u(rng);
        sys->gradH(x.data(), g.data());
        double scale = 0.0;
        for (double v : g) scale = std::max(scale, std::abs(v));
        for (int i = 0; i < D; ++i) {
            const double h = 1e-5 * std::max(1.0, std::abs(x[static_cast<size_t>(i)]));
            auto xp = x, xm = x;
            xp[static_cast<size_t>(i)] += h;
            xm[static_cast<size_t>(i)] -= h;
            const double fd = (sys->H(xp.data()) - sys->H(xm.data())) / (2 * h);
            SHNN_COMPARE_TOL(g[static_cast<size_t>(i)], fd, 1e-6, 1e-6 * std::max(scale, 1e-3));
        }
    }
}

void TestSystems::vectorFieldIsHamiltonsEquations() {
    for (const auto& name : systemNames()) {
        const auto sys = makeSystem(name);
        const int d = sys->dof();
        std::vector<double> x(static_cast<size_t>(2 * d), 0.3), g(x.size()), dx(x.size());
        x[0] = -0.2;
        sys->gradH(x.data(), g.data());
        sys->vectorField(x.data(), dx.data());
        for (int i = 0; i < d; ++i) {
            QCOMPARE(dx[static_cast<size_t>(i)], g[static_cast<size_t>(d + i)]);
            QCOMPARE(dx[static_cast<size_t>(d + i)], -g[static_cast<size_t>(i)]);
        }
    }
}

void TestSystems::defaultsMatchSpec() {
    const auto pendulum = makeSystem("single_pendulum");
    QCOMPARE(pendulum->defaultDomain().intervals[0].lo, -2 * M_PI);
    QCOMPARE(pendulum->defaultDomain().intervals[1].hi, 1.0);
    const auto lv = makeSystem("lotka_volterra");
    QCOMPARE(lv->param("alpha"), -2.0);
    QCOMPARE(lv->param("delta"), -1.0);
    const auto hh = makeSystem("henon_heiles");
    QCOMPARE(hh->dim(), 4);
    QCOMPARE(hh->defaultDomain().intervals[3].lo, -5.0);
    QCOMPARE(makeSystem("double_pendulum")->defaultDomain().intervals[1].hi, M_PI);
    QCOMPARE(static_cast<int>(systemNames().size()), 6);
    const auto chain = makeSystem("fput_chain");
    QCOMPARE(chain->dof(), 4);
    QCOMPARE(chain->param("alpha"), 0.25);
    QCOMPARE(makeSystem("fput_chain", {{"n", 10}})->dim(), 20);
}

void TestSystems::badParametersAreRejected_data() {
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("param");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("key");
    QTest::newRow("pendulum l=0") << "single_pendulum" << "l" << 0.0 << "param";
    QTest::newRow("pendulum m<0") << "single_pendulum" << "m" << -1.0 << "param";
    QTest::newRow("spring m=0") << "spring" << "m" << 0.0 << "param";
    QTest::newRow("double pendulum l2=0") << "double_pendulum" << "l2" << 0.0 << "param";
    QTest::newRow("unknown parameter") << "spring" << "omega" << 1.0 << "param";
    QTest::newRow("nan parameter") << "henon_heiles" << "alpha" << std::nan("") << "param";
    QTest::newRow("unknown system") << "pendulum" << "m" << 1.0 << "system";
}

void TestSystems::badParametersAreRejected() {
    QFETCH(QString, system);
    QFETCH(QString, param);
    QFETCH(double, value);
    QFETCH(QString, key);
    try {
        makeSystem(system.toStdString(), {{param.toStdString(), value}});
        QFAIL("accepted a bad setting");
    } catch (const SettingsError& e) {
        QCOMPARE(QString::fromStdString(e.key()), key);
        QVERIFY(!e.reason().empty());
    }
}

QTEST_GUILESS_MAIN(TestSystems)
#include "test_systems.moc"

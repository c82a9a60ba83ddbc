// Every fit option, end to end through `shnn`, with an observable effect checked against an
// independent expectation: the anchor and its value (Ĥ(x0) computed here from the saved
// network), trajectory data (how many trajectories, second-order differences in Δt), field
// derivatives, noise; and the numbers `sweep` and `bench` print equal those of `fit`.
#include "common/cli_runner.h"
#include "common/compare.h"

#include <QFile>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <cmath>

using namespace shnn::test;

class TestCliOptions : public QObject {
    Q_OBJECT
private slots:
    void anchorFixesTheConstantExactly();
    void trajectoryOptionsShapeTheData();
    void finiteDifferencesAreSecondOrderInDt();
    void noiseRaisesTheErrorInProportion();
    void sweepRowsEqualFitJson_data();
    void sweepRowsEqualFitJson();
    void benchMatchesFit();
    void noCommandIsAnError();
    void machineNamesTheKernels();
    void boxAwayFromTheOriginTrainsLikeAnyOther();
    void formulaModelsSaveEvalAndTrace();
    void sweepVariesASystemParameter();
    void aswimFirstPassReportsItsSolver();

private:
    QTemporaryDir dir_;
};

namespace {

QJsonObject fitJson(const QStringList& args) {
    const CliRun r = runCli(QStringList{"fit"} + args + QStringList{"--json"});
    if (r.exitCode != 0) qWarning("shnn fit failed: %s", r.err.constData());
    return r.exitCode == 0 ? r.json() : QJsonObject();
}

// Ĥ(x) of a saved model file, summed here in long double from its JSON.
double networkH(const QString& path, const std::vector<double>& x) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return NAN;
    const QJsonObject net = QJsonDocument::fromJson(f.readAll()).object()["network"].toObject();
    const QJsonArray W = net["hidden_weights"].toArray(), b = net["hidden_biases"].toArray(), c = net["output_weights"].toArray();
    long double h = net["output_bias"].toDouble();
    for (int j = 0; j < W.size(); ++j) {
        long double z = b[j].toDouble();
        const QJsonArray w = W[j].toArray();
        for (int i = 0; i < w.size(); ++i) z += static_cast<long double>(w[i].toDouble()) * x[static_cast<size_t>(i)];
        h += c[j].toDouble() * std::tanh(z);
    }
    return static_cast<double>(h);
}

double sumAbsOutputWeights(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return NAN;
    double s = 0;
    for (const auto v : QJsonDocument::fromJson(f.readAll()).object()["network"].toObject()["output_weights"].toArray())
        s += std::abs(v.toDouble());
    return s;
}

const QStringList kSpring = {"--system", "spring", "--width", "200", "--train", "800", "--test", "500"};

} // namespace

void TestCliOptions::anchorFixesTheConstantExactly() {
    const QString withH = dir_.path() + "/anchor-h.json", trueH = dir_.path() + "/anchor.json", origin = dir_.path() + "/origin.json";
    const QJsonObject a = fitJson(kSpring + QStringList{"--anchor", "0.3,-0.2", "--anchor-h", "5.5", "--save", withH});
    const QJsonObject b = fitJson(kSpring + QStringList{"--anchor", "0.3,-0.2", "--save", trueH});
    const QJsonObject c = fitJson(kSpring + QStringList{"--save", origin});
    QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
    const std::vector<double> x0 = {0.3, -0.2};
    const double scale = sumAbsOutputWeights(withH);
    // Ĥ(x0) = h0 exactly (the anchor row is met exactly), to rounding of the sum's terms.
    SHNN_COMPARE_TOL(networkH(withH, x0), 5.5, 0, 1e-13 * scale);
    // Without --anchor-h the value is the true H there: k q²/2 + p²/2m = 0.065.
    SHNN_COMPARE_TOL(networkH(trueH, x0), 0.065, 0, 1e-13 * scale);
    // The default anchor is the origin with H(0) = 0.
    SHNN_COMPARE_TOL(networkH(origin, {0.0, 0.0}), 0.0, 0, 1e-13 * scale);
    QCOMPARE(a["anchor"].toArray()[0].toDouble(), 0.3);
    QCOMPARE(a["anchor_H"].toDouble(), 5.5);
    QCOMPARE(b["anchor_H"].toDouble(), 0.065);
    // The constant moves Ĥ, not ∇Ĥ: the same gradient error, a much larger error of H.
    SHNN_COMPARE_REL(a["rel_l2_gradH"].toDouble(), b["rel_l2_gradH"].toDouble(), 1e-9);
    QVERIFY2(a["rel_l2_H"].toDouble() > 1.0, qPrintable(QString::number(a["rel_l2_H"].toDouble())));
    QVERIFY(b["rel_l2_H"].toDouble() < 1e-5);
}

void TestCliOptions::trajectoryOptionsShapeTheData() {
    for (int points : {10, 25}) {
        const QJsonObject j = fitJson(kSpring + QStringList{"--data", "trajectories", "--traj-points", QString::number(points),
                                                             "--traj-dt", "0.05"});
        QVERIFY(!j.isEmpty());
        QCOMPARE(j["data"].toObject()["kind"].toString(), QString("trajectories"));
        QCOMPARE(j["data"].toObject()["points"].toInt(), points);
        QCOMPARE(j["data_info"].toObject()["states"].toInt(), 800);
        QCOMPARE(j["data_info"].toObject()["trajectories"].toInt(), (800 + points - 1) / points);
    }
    const QJsonObject uniform = fitJson(kSpring);
    QCOMPARE(uniform["data_info"].toObject()["trajectories"].toInt(), 0);
    // Field derivatives along trajectories are exact: the fit is as good as on uniform states.
    const QJsonObject field = fitJson(kSpring + QStringList{"--data", "trajectories", "--derivatives", "field"});
    QCOMPARE(field["data"].toObject()["derivatives"].toString(), QString("field"));
    QVERIFY2(field["rel_l2_gradH"].toDouble() < 1e-5, qPrintable(QString::number(field["rel_l2_gradH"].toDouble())));
}

void TestCliOptions::finiteDifferencesAreSecondOrderInDt() {
    // The fitted gradient inherits the O(Δt²) error of central differences: halving Δt
    // divides rel_l2_gradH by about 4 (by 2 for forward differences).
    auto errorAt = [&](const char* dt) {
        return fitJson({"--system", "single_pendulum", "--domain", "-2:2,-1:1", "--width", "200", "--train", "3000",
                        "--test", "2000", "--data", "trajectories", "--traj-points", "10", "--traj-dt", dt,
                        "--derivatives", "finite-differences"})["rel_l2_gradH"]
            .toDouble();
    };
    const double e1 = errorAt("0.08"), e2 = errorAt("0.04");
    qInfo("rel_l2_gradH: Δt 0.08 → %.3e, Δt 0.04 → %.3e (ratio %.2f)", e1, e2, e1 / e2);
    QVERIFY2(e1 / e2 > 3.4 && e1 / e2 < 4.6, qPrintable(QString::number(e1 / e2)));
}

void TestCliOptions::noiseRaisesTheErrorInProportion() {
    auto errorAt = [&](const char* sigma) {
        return fitJson(kSpring + QStringList{"--noise", sigma})["rel_l2_gradH"].toDouble();
    };
    const double clean = errorAt("0"), small = errorAt("1e-4"), large = errorAt("1e-3");
    qInfo("rel_l2_gradH: σ 0 → %.3e, σ 1e-4 → %.3e, σ 1e-3 → %.3e", clean, small, large);
    QVERIFY(small > 10 * clean);
    QVERIFY2(large / small > 7 && large / small < 13, qPrintable(QString::number(large / small)));
    QCOMPARE(errorAt("1e-3"), large);  // deterministic for a seed
}

void TestCliOptions::sweepRowsEqualFitJson_data() {
    QTest::addColumn<QString>("vary");
    QTest::addColumn<QString>("values");
    QTest::newRow("--widths") << "--widths" << "20,50";
    QTest::newRow("--trains") << "--trains" << "300,700";
}

void TestCliOptions::sweepRowsEqualFitJson() {
    QFETCH(QString, vary);
    QFETCH(QString, values);
    const QString csv = dir_.path() + "/sweep" + vary + ".csv";
    QStringList args = {"sweep", "--system", "spring", "--test", "400", "--samplers", "elm,swim", "--repeat", "2",
                        "--seed", "3", "--csv", csv};
    if (vary == "--widths") args << "--widths" << values << "--train" << "600";
    else args << "--widths" << "30" << "--trains" << values;
    const CliRun r = runCli(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    const QList<QByteArray> header = lines[0].split(',');
    QCOMPARE(lines.size(), 1 + 2 * 2 * 2);
    for (int k = 1; k < lines.size(); ++k) {
        const QList<QByteArray> cells = lines[k].split(',');
        auto cell = [&](const char* name) { return QString::fromUtf8(cells.value(header.indexOf(name))); };
        const QJsonObject fit = fitJson({"--system", "spring", "--test", "400", "--sampler", cell("sampler"), "--width",
                                         cell("width"), "--train", cell("train"), "--seed", cell("seed")});
        QCOMPARE(cell("seed").toInt(), 3 + cell("repeat").toInt());
        SHNN_COMPARE_REL(cell("rel_l2_H").toDouble(), fit["rel_l2_H"].toDouble(), 1e-12);
        SHNN_COMPARE_REL(cell("rel_l2_gradH").toDouble(), fit["rel_l2_gradH"].toDouble(), 1e-12);
    }
}

void TestCliOptions::benchMatchesFit() {
    const CliRun r = runCli({"bench", "--case", "E1", "--repeat", "1", "--samplers", "elm,uswim", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray cases = r.json()["cases"].toArray();
    QCOMPARE(cases.size(), 2);
    for (const auto& v : cases) {
        const QJsonObject c = v.toObject();
        QCOMPARE(c["case"].toString(), QString("E1"));
        QCOMPARE(c["width"].toInt(), 500);
        QCOMPARE(c["train"].toInt(), 10000);
        const QJsonObject fit = fitJson({"--system", "single_pendulum", "--domain", "-2pi:2pi,-1:1", "--width", "500",
                                         "--sampler", c["sampler"].toString(), "--seed", "0"});
        SHNN_COMPARE_REL(c["rel_l2_H"].toDouble(), fit["rel_l2_H"].toDouble(), 1e-12);
        QCOMPARE(c["published_rel_l2_H"].toDouble(), c["sampler"].toString() == "elm" ? 1.7e-8 : 4.2e-9);
        const QJsonObject sec = c["seconds"].toObject();
        QVERIFY(sec["total"].toDouble() > 0 && sec["total"].toDouble() >= sec["solve"].toDouble());
        QVERIFY(c["peak_rss_mb"].toDouble() > 1);
        // The yardstick: the unavoidable flops of E1 (N 10000, M 500, D 2) at the DGEMM rate.
        const double gflops = r.json()["dgemm_gflops"].toDouble();
        const double flops = 2.0 * 10000 * 500.0 * 500 + (2.0 / 3.0) * 2 * 500.0 * 500 * 500;
        SHNN_COMPARE_REL(c["limit_seconds"].toDouble(), flops / (gflops * 1e9), 1e-12);
        SHNN_COMPARE_REL(c["fraction_of_limit"].toDouble(), c["limit_seconds"].toDouble() / sec["total"].toDouble(), 1e-12);
        // The same limit at the rate measured just before the row's fits (one repeat: one measurement).
        const double now = c["dgemm_gflops_case"].toDouble();
        QVERIFY(now > 1 && now < 1e4);
        SHNN_COMPARE_REL(c["fraction_of_limit_case"].toDouble(), flops / (now * 1e9) / sec["total"].toDouble(), 1e-12);
    }
    // The other samplers' time against U-SWIM's (one repeat: the ratio of the two rows' totals).
    const QJsonObject elm = cases[0].toObject(), uswim = cases[1].toObject();
    QCOMPARE(elm["sampler"].toString(), QString("elm"));
    SHNN_COMPARE_REL(elm["time_vs_uswim"].toDouble(),
                     elm["seconds"].toObject()["total"].toDouble() / uswim["seconds"].toObject()["total"].toDouble(), 1e-12);
    QVERIFY(!uswim.contains("time_vs_uswim"));
    // Any machine this runs on multiplies faster than 1 GFLOP/s and slower than 10 TFLOP/s.
    QVERIFY(r.json()["dgemm_gflops"].toDouble() > 1 && r.json()["dgemm_gflops"].toDouble() < 1e4);
    QVERIFY(r.json()["dgemm_gflops_after"].toDouble() > 1 && r.json()["dgemm_gflops_after"].toDouble() < 1e4);
    QCOMPARE(r.json()["under_load"].toBool(), false);
    QVERIFY(r.json()["grid_eval_200x200_width1000_ms"].toDouble() > 0);
}

void TestCliOptions::noCommandIsAnError() {
    const CliRun r = runCli({});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith("usage:"));
    const QList<QByteArray> lines = r.err.trimmed().split('\n');
    QCOMPARE(lines.last(), QByteArray("error: no command given"));
    QCOMPARE(r.err.count("error:"), 1);
    QVERIFY(r.out.isEmpty());
}

// `shnn machine --json` started with the given OPENBLAS_CORETYPE (unset when empty), with no
// restart inherited from this test program.
QJsonObject machineWith(const QString& coreType) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("OPENBLAS_CORETYPE");
    env.remove("SHNN_BLAS_CORE_DETECTED");
    if (!coreType.isEmpty()) env.insert("OPENBLAS_CORETYPE", coreType);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SHNN_CLI_PATH), {"machine", "--json"});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

void TestCliOptions::machineNamesTheKernels() {
    // Left to itself, shnn runs AVX2 kernels on a CPU that has AVX2 and FMA: OpenBLAS's own
    // choice when it has AVX2, else the one shnn restarted itself with (blas_kernels.h).
    const QJsonObject own = machineWith({});
    QVERIFY(!own.isEmpty());
    const QString kernels = own["blas_kernels"].toString();
    QVERIFY(own["blas_config"].toString().contains(kernels));
    const QStringList avx2Cores = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    if (own["avx2_fma"].toBool()) QVERIFY2(avx2Cores.contains(kernels.toLower()), qPrintable(kernels));
    if (!own["blas_kernels_chosen_by_openblas"].isNull()) {
        QVERIFY(!avx2Cores.contains(own["blas_kernels_chosen_by_openblas"].toString().toLower()));
        if (own["avx512"].toBool()) QCOMPARE(kernels, QString("SkylakeX"));
        else QVERIFY(kernels == "Haswell" || kernels == "Zen");
    }
    QVERIFY(own["openblas_coretype"].isNull());
    QVERIFY(own["threads"].toInt() >= 1);
    // The user's OPENBLAS_CORETYPE wins, even a slow one, and is reported as theirs.
    const QJsonObject user = machineWith("Prescott");
    QCOMPARE(user["blas_kernels"].toString(), QString("Prescott"));
    QVERIFY(user["blas_kernels_chosen_by_openblas"].isNull());
    QCOMPARE(user["openblas_coretype"].toString(), QString("Prescott"));
    const CliRun bad = runCli({"machine", "--jsn"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.startsWith("error: --jsn"));
}

void TestCliOptions::boxAwayFromTheOriginTrainsLikeAnyOther() {
    // q ∈ [5, 2π] does not hold the origin: the default anchor is the box's centre.
    const CliRun r = runCli({"fit", "--system", "single_pendulum", "--domain", "5:2pi,-1:1", "--sampler", "swim", "--width",
                             "500", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    SHNN_COMPARE_REL(j["anchor"].toArray()[0].toDouble(), 0.5 * (5 + 2 * M_PI), 1e-15);
    QCOMPARE(j["anchor"].toArray()[1].toDouble(), 0.0);
    qInfo("q in [5, 2pi], SWIM width 500: rel_l2_H %.3e", j["rel_l2_H"].toDouble());
    QVERIFY(j["rel_l2_H"].toDouble() < 1e-6);
    QVERIFY(r.err.isEmpty());
    // An anchor outside the box is allowed, and said, in one warning line.
    const CliRun w = runCli({"fit", "--system", "spring", "--width", "20", "--train", "200", "--test", "50", "--anchor", "3,0"});
    QCOMPARE(w.exitCode, 0);
    QVERIFY(w.err.startsWith("warning: --anchor"));
    QCOMPARE(w.err.count('\n'), 1);
}

void TestCliOptions::formulaModelsSaveEvalAndTrace() {
    // A formula system is a system like any other: the model file keeps H and its constants,
    // eval and trajectory read it back.
    const QString model = dir_.path() + "/formula.json";
    const QJsonObject fit = fitJson({"--system", "formula", "--H", "p^2/(2*m) + m*g*l*(1 - cos(q))", "--param", "m=1",
                                     "--param", "g=9.81", "--param", "l=1", "--domain", "-pi:pi,-3:3", "--width", "200",
                                     "--train", "2000", "--test", "1000", "--save", model});
    QVERIFY(!fit.isEmpty());
    QCOMPARE(fit["system"].toString(), QString("formula"));
    QCOMPARE(fit["formula"].toString(), QString("p^2/(2*m) + m*g*l*(1 - cos(q))"));
    QCOMPARE(fit["dof"].toInt(), 1);
    QCOMPARE(fit["params"].toObject()["g"].toDouble(), 9.81);
    const CliRun eval = runCli({"eval", "--model", model, "--json"});
    QVERIFY2(eval.exitCode == 0, eval.err.constData());
    SHNN_COMPARE_REL(eval.json()["rel_l2_H"].toDouble(), fit["rel_l2_H"].toDouble(), 1e-12);
    const CliRun traj = runCli({"trajectory", "--model", model, "--x0", "1,0", "--t-end", "5", "--json"});
    QVERIFY2(traj.exitCode == 0, traj.err.constData());
    // The true flow of the typed-in pendulum conserves its energy 1 − cos(1) times m g l.
    const QJsonArray energy = traj.json()["energy_true"].toArray();
    SHNN_COMPARE_REL(energy.last().toDouble(), 9.81 * (1 - std::cos(1.0)), 1e-9);
}

void TestCliOptions::sweepVariesASystemParameter() {
    // The error against the dimension: the FPUT chain's n from 1 to 3, each fit in 2n dimensions.
    const QString csv = dir_.path() + "/vary-n.csv";
    const CliRun r = runCli({"sweep", "--system", "fput_chain", "--samplers", "swim", "--vary", "n", "--values", "1,2,3",
                             "--width", "200", "--train", "2000", "--test", "1000", "--csv", csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    const QList<QByteArray> header = lines[0].split(',');
    QCOMPARE(lines.size(), 4);
    for (int k = 1; k <= 3; ++k) {
        const QList<QByteArray> cells = lines[k].split(',');
        QCOMPARE(cells.value(header.indexOf("vary")), QByteArray("n"));
        QCOMPARE(cells.value(header.indexOf("value")).toDouble(), static_cast<double>(k));
        QCOMPARE(cells.value(header.indexOf("dim")).toInt(), 2 * k);
        // The same as a fit of that chain.
        const QJsonObject fit = fitJson({"--system", "fput_chain", "--param", QString("n=%1").arg(k), "--sampler", "swim",
                                         "--width", "200", "--train", "2000", "--test", "1000"});
        SHNN_COMPARE_REL(cells.value(header.indexOf("rel_l2_H")).toDouble(), fit["rel_l2_H"].toDouble(), 1e-12);
    }
    QVERIFY(r.out.contains("medians over 1 repeat"));
}

QTEST_GUILESS_MAIN(TestCliOptions)
// fit --json's aswim_first_pass: the default first pass by the normal equations, the paper's
// full one by the fit's own solver; other samplers have none.
void TestCliOptions::aswimFirstPassReportsItsSolver() {
    const QStringList base{"--system", "single_pendulum", "--width", "200", "--train", "1500", "--test", "200"};
    const QJsonObject fast = fitJson(base + QStringList{"--sampler", "aswim"})["aswim_first_pass"].toObject();
    QCOMPARE(fast["solver"].toString(), QString("normal-equations"));
    QCOMPARE(fast["width"].toInt(), 200);   // under 2 GFLOP: the full size (aswim_first_pass.h)
    QCOMPARE(fast["train"].toInt(), 1500);
    const QStringList full{"--sampler", "aswim", "--aswim-first-pass", "full", "--solver", "qr-svd"};
    const QJsonObject paper = fitJson(base + full)["aswim_first_pass"].toObject();
    QCOMPARE(paper["solver"].toString(), QString("qr-svd"));
    QVERIFY(!fitJson(base + QStringList{"--sampler", "uswim"}).contains("aswim_first_pass"));
}

#include "test_cli_options.moc"

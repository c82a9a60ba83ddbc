// The studio's analysis views, driven offscreen: sampling (segments, density), sweeps, runs
// comparison, sessions, Poincaré sections, presets.
#include "common/cli_runner.h"
#include "common/timing.h"
#include "common/compare.h"
#include "common/studio_driver.h"
#include "core/systems/system.h"
#include "core/io/model_file.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/window/main_window.h"
#include "ui/views/phase_portrait_view.h"
#include "ui/views/plot_style.h"
#include "ui/views/poincare_view.h"
#include "ui/panel/run_panel.h"
#include "ui/views/runs_view.h"
#include "ui/views/sampling_view.h"
#include "ui/views/race_view.h"
#include "ui/panel/slice_controls.h"
#include "ui/jobs/train_controller.h"
#include "ui/panel/settings_form.h"
#include "ui/views/sweep_view.h"

#include <QCheckBox>
#include <QJsonObject>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <qcustomplot.h>

using namespace shnn;
using namespace shnn::ui;

class TestStudioAnalysis : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void samplingViewDrawsOneSegmentPerNeuron();
    void densityFollowsTheSampler();
    void elmShowsHyperplanes();
    void aswimShowsBothPasses();
    void sweepGivesRowsAndCurves();
    void slurmResultsFolderIsDrawnAndFollowed();
    void importedDataTrainLikeTheCommandLine();
    void runsCompareOnOneColourScale();
    void runsWithDifferentParametersCompareEachAgainstItsOwnSystem();
    void sessionReopensIdentically();
    void badSessionIsRejectedAndNothingChanges();
    void everyViewOfEverySystemReopens();
    void customFormulaFromTheEditor();
    void raceRunsStopsAndContinues();
    void lessonThenSweepPresetSessionReopens();
    void poincareSectionLiesOnTheEnergySurface();
    void poincareSectionRunsWhenShownAndCancels();
    void legendColumnsFitTheirWidth();
    void poincareNoteCountsOrbitsThatLeaveTheBox();
    void presetsLoadSettingsAndText();
    void aswimFullFirstPassFromTheForm();
    void longTitlesWrapInsteadOfBeingCut();
    void openModelShowsTheSavedNetwork();
    void exportsPlotsAndTheModel();

private:
    MainWindow* w_ = nullptr;
    QTemporaryDir dir_;
    ResultPtr trainWith(const QString& system, Sampler s, const QString& domain, int width, int train);
    ResultPtr trainAndWait();
    void newWindow();
};

void TestStudioAnalysis::init() { newWindow(); }

// A fresh window (as after a restart), live mode off so that only the test starts fits.
void TestStudioAnalysis::newWindow() {
    delete w_;
    w_ = new MainWindow;
    w_->resize(1400, 900);
    w_->runPanel()->liveBox()->setChecked(false);
    w_->show();
}

void TestStudioAnalysis::cleanup() {
    delete w_;
    w_ = nullptr;
}

ResultPtr TestStudioAnalysis::trainAndWait() { return shnn::test::trainAndWait(*w_); }

ResultPtr TestStudioAnalysis::trainWith(const QString& system, Sampler s, const QString& domain, int width, int train) {
    TrainingSettings t;
    t.system = system.toStdString();
    t.sampler = s;
    t.width = width;
    t.train = train;
    t.test = 2000;
    const auto sys = makeSystem(t.system);
    if (!domain.isEmpty()) t.domain = parseDomain(domain.toStdString(), sys->dim());
    w_->applySettings(resolveSettings(t));
    return trainAndWait();
}

void TestStudioAnalysis::samplingViewDrawsOneSegmentPerNeuron() {
    const ResultPtr r = trainWith("single_pendulum", Sampler::Swim, "-2pi:2pi,-6:6", 300, 3000);
    QVERIFY(r);
    w_->showView("sampling");
    SamplingView* v = w_->samplingView();
    QCOMPARE(v->segmentCount(), 300);
    const auto ends = v->segmentEndpoints();
    QCOMPARE(static_cast<int>(ends.size()), 300);
    for (size_t j = 0; j < ends.size(); ++j) {
        const auto [a, b] = r->layer.pairs[j];
        // Each segment runs from one training state to another.
        QCOMPARE(ends[j].first(0), r->train.X(a, 0));
        QCOMPARE(ends[j].first(1), r->train.X(a, 1));
        QCOMPARE(ends[j].second(0), r->train.X(b, 0));
        QCOMPARE(ends[j].second(1), r->train.X(b, 1));
    }
    // Hovering a neuron's segment selects it and shows its numbers.
    QCustomPlot* plot = v->neuronPlot();
    plot->replot();
    const auto& [a, b] = ends[7];
    const QPoint mid(static_cast<int>(plot->xAxis->coordToPixel(0.5 * (a(0) + b(0)))),
                     static_cast<int>(plot->yAxis->coordToPixel(0.5 * (a(1) + b(1)))));
    QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, mid);
    QVERIFY(v->selectedNeuron() >= 0);
    const int j = v->selectedNeuron();
    QVERIFY(v->neuronInfo().contains(QString("neuron %1:").arg(j)));
    QVERIFY(v->neuronInfo().contains(QString::number(r->layer.b(j), 'g', 4)));
}

void TestStudioAnalysis::densityFollowsTheSampler() {
    // E3's pendulum: SWIM favours pairs with large |ΔH|, i.e. endpoints at large |p|; U-SWIM's
    // endpoints are uniform. Compare the density in the outer third of p with the inner third.
    auto outerOverInner = [&](const DensityGrid& d) {
        double outer = 0, inner = 0;
        for (int i = 0; i < d.density.rows(); ++i)
            for (int j = 0; j < d.density.cols(); ++j) {
                const double p = d.spec.y0 + (d.spec.y1 - d.spec.y0) * j / (d.density.cols() - 1);
                if (std::abs(p) > 4) outer += d.density(i, j);
                else if (std::abs(p) < 2) inner += d.density(i, j);
            }
        return outer / inner;
    };
    QVERIFY(trainWith("single_pendulum", Sampler::Swim, "-2pi:2pi,-6:6", 1500, 10000));
    const double swim = outerOverInner(w_->samplingView()->density());
    const double swimVariation = densityVariation(w_->samplingView()->density());
    QVERIFY(trainWith("single_pendulum", Sampler::USwim, "-2pi:2pi,-6:6", 1500, 10000));
    const double uswim = outerOverInner(w_->samplingView()->density());
    const double uswimVariation = densityVariation(w_->samplingView()->density());
    qInfo("outer/inner endpoint density: SWIM %.2f, U-SWIM %.2f; variation SWIM %.2f, U-SWIM %.2f", swim, uswim,
          swimVariation, uswimVariation);
    QVERIFY2(swim > 1.2, qPrintable(QString::number(swim)));
    QVERIFY2(uswim > 0.85 && uswim < 1.15, qPrintable(QString::number(uswim)));
    QVERIFY(swimVariation > 1.3 * uswimVariation);
}

void TestStudioAnalysis::elmShowsHyperplanes() {
    QVERIFY(trainWith("single_pendulum", Sampler::Elm, "", 200, 2000));
    SamplingView* v = w_->samplingView();
    QVERIFY(v->segmentCount() > 50);  // hyperplanes crossing the view
    QVERIFY(!v->density().fromPairs);
    // Every drawn hyperplane end lies on w·x + b = 0.
    const ResultPtr r = w_->currentResult();
    const auto ends = v->segmentEndpoints();
    for (size_t j = 0; j < ends.size(); ++j) {
        if (!std::isfinite(ends[j].first(0))) continue;
        const double z = r->layer.W(j, 0) * ends[j].first(0) + r->layer.W(j, 1) * ends[j].first(1) + r->layer.b(j);
        QVERIFY(std::abs(z) < 1e-8 * (1 + r->layer.W.row(j).norm()));
    }
}

void TestStudioAnalysis::aswimShowsBothPasses() {
    const ResultPtr r = trainWith("single_pendulum", Sampler::ASwim, "", 200, 2000);
    QVERIFY(r && r->firstLayer);
    SamplingView* v = w_->samplingView();
    const auto final = v->segmentEndpoints();
    QVERIFY(v->showFirstPass(true));
    const auto first = v->segmentEndpoints();
    QCOMPARE(first.size(), final.size());
    int differ = 0;
    for (size_t j = 0; j < first.size(); ++j) differ += first[j].first != final[j].first;
    QVERIFY(differ > 100);
    const auto [a, b] = r->firstLayer->pairs[0];
    QCOMPARE(first[0].first(0), r->train.X(a, 0));
    QCOMPARE(first[0].second(1), r->train.X(b, 1));
}

// File ▸ Open sweep results: a Slurm sweep's folder drawn like a local sweep, followed while
// its tasks finish, and a bad folder refused with the rows on screen kept.
void TestStudioAnalysis::slurmResultsFolderIsDrawnAndFollowed() {
    const QString dir = dir_.path() + "/slurm-sweep";
    QCOMPARE(shnn::test::runCli({"sweep", "--system", "spring", "--train", "300", "--test", "300", "--samplers", "elm,uswim",
                      "--widths", "10,20,40", "--slurm", dir, "--fits-per-task", "3"}).exitCode,
             0);
    QCOMPARE(shnn::test::runArrayTask(dir, 0), 0);  // the ELM half
    SweepView* s = w_->sweepView();
    QVERIFY2(s->openResults(dir), qPrintable(s->errorText()));
    QCOMPARE(static_cast<int>(s->rows().size()), 3);
    QCOMPARE(s->curveCount(), 1);
    QCOMPARE(s->resultsFolder(), dir);
    QLabel* status = s->findChild<QLabel*>("sweepStatus");
    QVERIFY(status);
    QVERIFY2(status->text().contains("3 of 6 fits, 1 of 2 tasks done; not finished: 1"), qPrintable(status->text()));
    // The controls now describe the plan: "Run sweep" would repeat it here.
    QCOMPARE(s->varied(), QString("width"));
    QCOMPARE(s->findChild<QLineEdit*>("sweepValues")->text(), QString("10,20,40"));

    // The second task finishes: its rows appear without the user doing anything.
    QCOMPARE(shnn::test::runArrayTask(dir, 1), 0);
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<int>(s->rows().size()), 6, 10000);
    QCOMPARE(s->curveCount(), 2);
    QVERIFY2(status->text().contains("6 of 6 fits, 2 of 2 tasks done"), qPrintable(status->text()));
    // The same rows as the collected CSV of the command line (errors to the last digit).
    const QString csv = dir_.path() + "/collected.csv";
    QCOMPARE(shnn::test::runCli({"sweep", "--collect", dir, "--csv", csv}).exitCode, 0);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 7);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(lines[i + 1].split(',')[5].toDouble(), s->rows()[static_cast<size_t>(i)].test.relL2H);

    // Not a sweep folder: the error next to the controls, the rows kept.
    QVERIFY(!s->openResults(dir_.path()));
    QVERIFY2(s->errorText().contains("plan.json"), qPrintable(s->errorText()));
    QCOMPARE(static_cast<int>(s->rows().size()), 6);
}

// File ▸ Import data: the CSV's states are the training set (the panel's system the truth), the
// box becomes the data's, and the errors equal `shnn fit --data-file` with the same settings.
// A bad file or one of another dimension: the message next to the field, the result kept.
void TestStudioAnalysis::importedDataTrainLikeTheCommandLine() {
    const QString csv = QString(SHNN_TEST_DATA_DIR) + "/data-files/pendulum-trajectories.csv";
    TrainingSettings t = MainWindow::defaultPreset();
    t.sampler = Sampler::USwim;
    t.width = 200;
    t.test = 2000;
    t.rcond = 1e-8;
    w_->applySettings(resolveSettings(t));
    QSignalSpy shown(w_, &MainWindow::resultShown);
    QVERIFY2(w_->importData(csv).isEmpty(), qPrintable(w_->form()->errorText("data-file")));
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    const ResultPtr r = shown.takeFirst().at(0).value<ResultPtr>();
    QCOMPARE(static_cast<int>(r->train.size()), 1000);  // 50 trajectories of 20 states
    QCOMPARE(r->train.trajectoryCount(), 50);
    QCOMPARE(r->settings.dataFile, csv.toStdString());
    QVERIFY(!w_->form()->field("train")->isEnabled());
    // The box is the data's: every state inside, some on each face.
    for (int i = 0; i < 2; ++i) {
        const auto& iv = r->settings.domain.intervals[static_cast<size_t>(i)];
        QCOMPARE(r->train.X.col(i).minCoeff(), iv.lo);
        QCOMPARE(r->train.X.col(i).maxCoeff(), iv.hi);
    }
    // The command line on the same file and settings: the same error to the last digits.
    const shnn::test::CliRun cli = shnn::test::runCli({"fit", "--data-file", csv, "--system", "single_pendulum", "--sampler",
                                                       "uswim", "--width", "200", "--test", "2000", "--rcond", "1e-8", "--json"});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject j = cli.json();
    SHNN_COMPARE_REL(r->test.relL2H, j["rel_l2_H"].toDouble(), 1e-9);
    QVERIFY(r->test.relL2H < 0.05);

    // A file with a NaN: named with its line next to the field, nothing trained, result kept.
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    const QString nan = QString(SHNN_TEST_DATA_DIR) + "/data-files/nan.csv";
    const QString error = w_->importData(nan);
    QVERIFY2(error.contains("nan.csv") && error.contains("line 3"), qPrintable(error));
    QCOMPARE(w_->form()->errorText("data-file"), error);
    QVERIFY(!w_->busy());
    QCOMPARE(w_->currentResult().get(), r.get());
    QCOMPARE(w_->form()->field("data-file")->text(), csv);  // the last good file stays

    // The double pendulum's data with the pendulum chosen: refused by dimension.
    const QString dir = dir_.path();
    QFile four(dir + "/four.csv");
    QVERIFY(four.open(QIODevice::WriteOnly));
    four.write("traj,t,q1,q2,p1,p2\n0,0,0.1,0.2,0,0\n0,0.1,0.11,0.21,0.01,0.01\n0,0.2,0.12,0.22,0.02,0.02\n");
    four.close();
    QVERIFY(w_->importData(four.fileName()).contains("2 degree(s) of freedom"));
    QCOMPARE(w_->currentResult().get(), r.get());

    // A session of the imported run reopens with the file's states and the same network.
    const QString session = dir + "/imported.shnn.json";
    QVERIFY(w_->saveSession(session).isEmpty());
    newWindow();
    QVERIFY(w_->openSession(session).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(w_->currentResult() != nullptr, shnn::test::kWorkTimeoutMs);
    QCOMPARE(static_cast<int>(w_->currentResult()->train.size()), 1000);
    QCOMPARE(w_->currentResult()->train.X, r->train.X);
    QCOMPARE(w_->form()->field("data-file")->text(), csv);

    // Clear: generated data again, the training-size field back.
    QTest::mouseClick(w_->form()->findChild<QPushButton*>("clearDataFile"), Qt::LeftButton);
    QVERIFY(w_->form()->field("data-file")->text().isEmpty());
    QVERIFY(w_->form()->field("train")->isEnabled());
    QVERIFY(w_->form()->readSettings()->dataFile.empty());
}

void TestStudioAnalysis::sweepGivesRowsAndCurves() {
    TrainingSettings t = MainWindow::defaultPreset();
    t.train = 1000;
    t.test = 500;
    w_->applySettings(resolveSettings(t));
    SweepView* s = w_->sweepView();
    s->configure({Sampler::Elm, Sampler::Swim}, "20,40,80", "width", 1);
    QSignalSpy finished(s, &SweepView::finished);
    QSignalSpy rows(s, &SweepView::rowAdded);
    QVERIFY(s->start());
    QVERIFY(finished.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(rows.count(), 6);
    QCOMPARE(s->table()->rowCount(), 6);
    QCOMPARE(static_cast<int>(s->rows().size()), 6);
    QCOMPARE(s->curveCount(), 2);
    // Errors fall with width for both samplers.
    for (int k : {0, 3}) QVERIFY(s->rows()[static_cast<size_t>(k)].test.relL2H > s->rows()[static_cast<size_t>(k + 2)].test.relL2H);
    QVERIFY(s->csv().split('\n', Qt::SkipEmptyParts).size() == 7);
    // With repeats, a min–max band joins each curve (two more graphs per sampler).
    s->configure({Sampler::USwim}, "20,40", "width", 3);
    QVERIFY(s->start());
    QVERIFY(finished.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(static_cast<int>(s->rows().size()), 6);
    QCOMPARE(s->curveCount(), 1);
    QVERIFY(s->plot()->graphCount() >= 4);
    // Bad input: an error, nothing runs.
    s->configure({Sampler::Elm}, "20,0", "width", 1);
    QVERIFY(!s->start());
    QVERIFY(s->errorText().contains("widths"));

    // The snapshot step h with the correction: O(h) and O(h²) guides, and a slope near 2.
    TrainingSettings snap = t;
    snap.domain = parseDomain("-pi:pi,-1:1", 2);
    snap.width = 120;
    snap.data.kind = DataKind::Snapshots;
    snap.data.correct = true;
    snap.anchor.clear();
    snap.anchorH.reset();
    w_->applySettings(resolveSettings(snap));
    s->configure({Sampler::USwim}, "0.1,0.2,0.4", "h", 1);
    QVERIFY(s->start());
    QVERIFY(finished.wait(shnn::test::kWorkTimeoutMs));
    QStringList names;
    for (int i = 0; i < s->plot()->graphCount(); ++i) names << s->plot()->graph(i)->name();
    QVERIFY2(names.contains("O(h) guide") && names.contains("O(h²) guide"), qPrintable(names.join(" | ")));
    const QRegularExpression slope("U-SWIM, slope ([0-9.]+)");
    const auto m = slope.match(names.join(" | "));
    QVERIFY2(m.hasMatch(), qPrintable(names.join(" | ")));
    QVERIFY2(std::abs(m.captured(1).toDouble() - 2.0) < 0.3, qPrintable(m.captured(1)));
}

void TestStudioAnalysis::runsCompareOnOneColourScale() {
    QVERIFY(trainWith("single_pendulum", Sampler::Elm, "-2pi:2pi,-6:6", 300, 3000));
    QVERIFY(trainWith("single_pendulum", Sampler::Swim, "-2pi:2pi,-6:6", 300, 3000));
    QCOMPARE(static_cast<int>(w_->runs().size()), 2);
    RunsView* v = w_->runsView();
    QCOMPARE(v->table()->rowCount(), 2);
    QCOMPARE(v->table()->item(0, 2)->text(), QString("ELM"));
    QCOMPARE(v->table()->item(1, 6)->text(), QString::number(w_->runs()[1]->test.relL2H, 'e', 2));
    QVERIFY(v->table()->item(1, 9)->text().startsWith("[-6.28, 6.28]"));  // the domain column
    QVERIFY(v->table()->item(1, 10)->text().startsWith("(0, 0)"));        // the anchor column
    QVERIFY(!v->comparisonVisible());  // a note, not two empty heatmaps
    QSignalSpy shown(v, &RunsView::comparisonShown);
    v->compare(0, 1);
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QVERIFY(v->comparisonVisible());
    const auto l = v->left()->colorMap()->dataRange(), r = v->right()->colorMap()->dataRange();
    QCOMPARE(l.lower, r.lower);
    QCOMPARE(l.upper, r.upper);
    // ELM's error is far larger: its median cell sits higher on the shared scale.
    std::vector<double> a, b;
    for (int i = 0; i < 160; i += 4)
        for (int j = 0; j < 160; j += 4) {
            a.push_back(v->left()->cell(i, j));
            b.push_back(v->right()->cell(i, j));
        }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    QVERIFY(a[a.size() / 2] > 10 * b[b.size() / 2]);
}

void TestStudioAnalysis::runsWithDifferentParametersCompareEachAgainstItsOwnSystem() {
    // Pendulum f = 1 against f = 3: each heatmap cell is |Ĥ − H| of its own run with its own
    // parameters (computed here from a freshly made system, independently of the view).
    TrainingSettings t;
    t.system = "single_pendulum";
    t.sampler = Sampler::Swim;
    t.width = 300;
    t.train = 3000;
    t.test = 2000;
    w_->applySettings(resolveSettings(t));
    QVERIFY(trainAndWait());
    t.params = {{"f", 3.0}};
    w_->applySettings(resolveSettings(t));
    QVERIFY(trainAndWait());
    const ResultPtr a = w_->runs()[0], b = w_->runs()[1];
    QCOMPARE(b->settings.params.at("f"), 3.0);
    RunsView* v = w_->runsView();
    QSignalSpy shown(v, &RunsView::comparisonShown);
    v->compare(0, 1);
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    const auto f1 = makeSystem("single_pendulum", {{"f", 1.0}}), f3 = makeSystem("single_pendulum", {{"f", 3.0}});
    const GridSpec spec = GridSpec::over(a->settings.domain, Slice::defaultFor(a->settings.domain), 160, 160);
    double worstB = 0;
    for (int i = 0; i < 160; i += 7)
        for (int j = 0; j < 160; j += 5) {
            const Eigen::Vector2d x(spec.x(i), spec.y(j));
            const double ea = std::max(1e-16, std::abs(a->model.H(x.data()) - f1->H(x.data())));
            const double eb = std::max(1e-16, std::abs(b->model.H(x.data()) - f3->H(x.data())));
            // Rounding of Ĥ's sum (the grid path multiplies separable exponentials) is the tolerance.
            SHNN_COMPARE_TOL(v->left()->cell(i, j), ea, 0, 1e-13 * a->model.c.cwiseAbs().sum());
            SHNN_COMPARE_TOL(v->right()->cell(i, j), eb, 0, 1e-13 * b->model.c.cwiseAbs().sum());
            worstB = std::max(worstB, v->right()->cell(i, j));
        }
    qInfo("largest |Ĥ − H| of the f = 3 run on the comparison grid: %.3e", worstB);
    QVERIFY(worstB < 1e-2);
    QVERIFY(v->right()->title().contains("f=3"));

    // Runs of different systems are not compared: a note says why.
    t = TrainingSettings{};
    t.system = "spring";
    t.width = 50;
    t.train = 500;
    t.test = 500;
    w_->applySettings(resolveSettings(t));
    QVERIFY(trainAndWait());
    v->compare(0, 2);
    QVERIFY(!v->comparisonVisible());
    QVERIFY2(v->noteText().contains("different systems"), qPrintable(v->noteText()));
}

void TestStudioAnalysis::sessionReopensIdentically() {
    QVERIFY(trainWith("single_pendulum", Sampler::ASwim, "", 200, 2000));
    QVERIFY(trainWith("henon_heiles", Sampler::Swim, "", 300, 3000));
    w_->showView("error");
    const QString path = dir_.path() + "/session.shnn.json";
    QCOMPARE(w_->saveSession(path), QString());
    std::vector<double> before;
    for (int i = 0; i < 200; i += 7)
        for (int j = 0; j < 200; j += 7) before.push_back(w_->heatmap()->cell(i, j));
    const double err0 = w_->runs()[0]->test.relL2H, err1 = w_->runs()[1]->test.relL2H;

    newWindow();
    QSignalSpy shown(w_, &MainWindow::resultShown);
    QCOMPARE(w_->openSession(path), QString());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(static_cast<int>(w_->runs().size()), 2);
    QCOMPARE(w_->runs()[0]->test.relL2H, err0);
    QCOMPARE(w_->runs()[1]->test.relL2H, err1);
    QVERIFY(w_->runs()[0]->firstLayer.has_value());
    QCOMPARE(w_->currentView(), QString("error"));
    QCOMPARE(w_->currentResult()->settings.system, std::string("henon_heiles"));
    std::vector<double> after;
    for (int i = 0; i < 200; i += 7)
        for (int j = 0; j < 200; j += 7) after.push_back(w_->heatmap()->cell(i, j));
    QVERIFY(before == after);  // identical cell values
    // The training states come back from their seeds.
    QCOMPARE(w_->samplingView()->segmentCount(), 300);
}

void TestStudioAnalysis::everyViewOfEverySystemReopens() {
    // The save/reopen matrix: every system × every view, with a slice moved off its default
    // where there is one, and a sweep in the session.
    for (const std::string& system : systemNames()) {
        newWindow();
        QVERIFY(trainWith(QString::fromStdString(system), Sampler::USwim, "", 40, 400));
        QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
        const int D = w_->currentResult()->model.dim();
        if (D == 4) {
            Slice s = *w_->sliceControls()->slice();
            s.ix = 1;
            s.iy = 3;
            w_->sliceControls()->setSlice(s);
        }
        w_->sweepView()->configure({Sampler::Elm}, "10,20", "width", 1);
        QSignalSpy swept(w_->sweepView(), &SweepView::finished);
        QVERIFY(w_->sweepView()->start());
        QVERIFY(swept.wait(shnn::test::kWorkTimeoutMs));
        for (const QString& view : MainWindow::viewNames()) {
            w_->showView(view);
            const QString path = dir_.path() + QString("/%1-%2.shnn.json").arg(QString::fromStdString(system), view);
            QCOMPARE(w_->saveSession(path), QString());
        }
        const std::optional<Slice> saved = w_->sliceControls()->slice();
        for (const QString& view : MainWindow::viewNames()) {
            auto* other = new MainWindow;
            other->runPanel()->liveBox()->setChecked(false);
            const QString path = dir_.path() + QString("/%1-%2.shnn.json").arg(QString::fromStdString(system), view);
            const QString error = other->openSession(path);
            QVERIFY2(error.isEmpty(), qPrintable(QString("%1 / %2: %3").arg(QString::fromStdString(system), view, error)));
            QCOMPARE(other->currentView(), view);
            QCOMPARE(other->currentResult()->settings.system, system);
            QCOMPARE(static_cast<int>(other->sweepView()->rows().size()), 2);
            QCOMPARE(other->sliceControls()->slice()->ix, saved->ix);
            QCOMPARE(other->sliceControls()->slice()->iy, saved->iy);
            QTRY_VERIFY_WITH_TIMEOUT(!other->busy(), shnn::test::kWorkTimeoutMs);
            delete other;
        }
    }
}

void TestStudioAnalysis::customFormulaFromTheEditor() {
    SettingsForm* f = w_->form();
    f->systemBox()->setCurrentIndex(f->systemBox()->findData("formula"));
    QVERIFY(f->field("H")->isVisibleTo(f));
    QVERIFY2(f->derivativesText().contains("∂H/∂q"), qPrintable(f->derivativesText()));
    // Type a double well: the derivatives follow as you type.
    QLineEdit* h = f->field("H");
    h->selectAll();
    QTest::keyClicks(h, "p^2/2 + q^4/4 - q^2/2");
    QVERIFY2(f->derivativesText().contains("q^3"), qPrintable(f->derivativesText()));
    f->field("constants")->clear();
    f->field("width")->setText("200");
    f->field("train")->setText("2000");
    const ResultPtr r = shnn::test::trainAndWait(*w_);
    QVERIFY(r);
    QCOMPARE(r->settings.system, std::string("formula"));
    QCOMPARE(r->system->formula(), std::string("p^2/2 + q^4/4 - q^2/2"));
    QVERIFY(r->test.relL2H < 1e-4);
    const double x[2] = {0.5, 0.3};
    SHNN_COMPARE_TOL(r->system->H(x), 0.045 + 0.015625 - 0.125, 1e-15, 1e-15);

    // A bad formula: an error next to the editor, nothing trains, the last result stays.
    const int jobs = w_->controller()->jobsStarted();
    h->selectAll();
    QTest::keyClicks(h, "p^2 +* q");
    QVERIFY2(f->errorText("H").contains("position 6"), qPrintable(f->errorText("H")));
    w_->train();
    QTest::qWait(100);
    QCOMPARE(w_->controller()->jobsStarted(), jobs);
    QCOMPARE(w_->currentResult(), r);

    // Two degrees of freedom: the domain and the slice follow the variables.
    h->selectAll();
    QTest::keyClicks(h, "(p1^2 + p2^2)/2 + q1^2*q2^2 + (q1^2 + q2^2)/2");
    QVERIFY(f->errorText("H").isEmpty());
    QVERIFY(f->field("domain:3:hi"));
    QVERIFY(w_->sliceControls()->isVisibleTo(w_));
    QCOMPARE(w_->sliceControls()->xAxis()->count(), 4);
    const ResultPtr two = shnn::test::trainAndWait(*w_);
    QVERIFY(two);
    QCOMPARE(two->model.dim(), 4);

    // It saves and reopens like any run.
    const QString path = dir_.path() + "/formula.shnn.json";
    QCOMPARE(w_->saveSession(path), QString());
    newWindow();
    QCOMPARE(w_->openSession(path), QString());
    QCOMPARE(w_->currentResult()->system->formula(), std::string("(p1^2 + p2^2)/2 + q1^2*q2^2 + (q1^2 + q2^2)/2"));
    QCOMPARE(w_->form()->field("H")->text(), QString("(p1^2 + p2^2)/2 + q1^2*q2^2 + (q1^2 + q2^2)/2"));
}

void TestStudioAnalysis::raceRunsStopsAndContinues() {
    TrainingSettings t;
    t.system = "spring";
    t.width = 60;
    t.train = 1000;
    t.test = 500;
    w_->applySettings(resolveSettings(t));
    RaceView* race = w_->raceView();
    race->configure({Sampler::Elm, Sampler::USwim}, 100000);
    QSignalSpy progressed(race, &RaceView::progressed);
    QSignalSpy finished(race, &RaceView::finished);
    QVERIFY(race->start());
    // Let it run until the curve has a few points, then stop: the state stays.
    QTRY_VERIFY_WITH_TIMEOUT(race->gradientPoints() >= 3, shnn::test::kWorkTimeoutMs);
    race->stop();
    QVERIFY(finished.wait(shnn::test::kWorkTimeoutMs));
    QVERIFY(!race->running());
    QCOMPARE(static_cast<int>(race->result().sampled.size()), 2);
    const long stoppedAt = race->result().gradient.step;
    QVERIFY(stoppedAt > 0);
    QVERIFY2(race->sentence().contains("Adam"), qPrintable(race->sentence()));
    // Continue: the sampled fits stay, Adam goes on from where it stopped.
    finished.clear();
    race->configure({Sampler::Elm, Sampler::USwim}, 100000);
    QVERIFY(race->resume());
    QTRY_VERIFY_WITH_TIMEOUT(race->result().gradient.step > stoppedAt + 100, shnn::test::kWorkTimeoutMs);
    race->stop();
    QVERIFY(finished.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(static_cast<int>(race->result().sampled.size()), 2);
    // The markers sit at the sampled fits' (time, error).
    QCOMPARE(race->plot()->graphCount(), 3);
    QCOMPARE(race->plot()->graph(2)->data()->begin()->value, race->result().sampled[1].fit.test.relL2H);
    // On screen, every legend entry ("gradient-trained (Adam)", "ELM (sampled)", …) is whole:
    // four side by side in the race's narrow plot cut the last ones off.
    w_->showView("race");
    QCustomPlot* plot = race->plot();
    for (int pass = 0; pass < 3; ++pass) {  // a changed column count takes one more replot
        plot->replot(QCustomPlot::rpImmediateRefresh);
        QCoreApplication::processEvents();
    }
    QCPLegend* legend = plot->legend;
    std::vector<QRect> boxes;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (const QCPAbstractLegendItem* item = legend->item(i)) {
            QVERIFY(item->outerRect().width() >= item->minimumOuterSizeHint().width());
            boxes.push_back(item->outerRect());
        }
    QCOMPARE(static_cast<int>(boxes.size()), 3);
    qInfo("race legend: plot %d px, axis rect %d px, %d column(s); entries %d, %d, %d px wide", plot->viewport().width(),
          plot->axisRect()->outerRect().width(), legend->wrap(), boxes[0].width(), boxes[1].width(), boxes[2].width());
    for (size_t a = 0; a < boxes.size(); ++a) {
        QVERIFY(boxes[a].left() >= plot->viewport().left() && boxes[a].right() <= plot->viewport().right());
        for (size_t b = a + 1; b < boxes.size(); ++b) QVERIFY(!boxes[a].intersects(boxes[b]));  // none drawn over another
    }
    QVERIFY(legend->wrap() < 3);  // the plot is too narrow for the three in a row
}

void TestStudioAnalysis::poincareNoteCountsOrbitsThatLeaveTheBox() {
    // A box of |q2| ≤ 0.3: at E = 1/12 the orbits reach q2 ≈ −0.35 … 0.55, so the true flow's
    // outer orbits end at the box; at E = 0.01 (|q2| ≲ 0.15) none does.
    QVERIFY(trainWith("henon_heiles", Sampler::Swim, "-0.3:0.3,-0.3:0.3,-0.5:0.5,-0.5:0.5", 300, 3000));
    PoincareView* p = w_->poincareView();
    p->setOrbits(6);
    p->setCrossings(20);
    QSignalSpy shown(p, &PoincareView::sectionShown);
    p->setEnergy(1.0 / 12.0);
    QVERIFY(p->run());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    const QRegularExpression counts("left the training box and stopped there: (\\d+) of 6 \\(true flow\\), (\\d+) of 6");
    const QRegularExpressionMatch m = counts.match(p->noteText());
    QVERIFY2(m.hasMatch(), qPrintable(p->noteText()));
    QVERIFY(m.captured(1).toInt() >= 1);
    QVERIFY(p->trueCrossings().size() < 6 * 20);  // the orbits that left stopped short
    p->setEnergy(0.01);
    QVERIFY(p->run());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QVERIFY2(!p->noteText().contains("left the training box"), qPrintable(p->noteText()));
    QCOMPARE(static_cast<int>(p->trueCrossings().size()), 6 * 20);
}

void TestStudioAnalysis::legendColumnsFitTheirWidth() {
    // Columns filled row by row, each as wide as its widest entry, 8 pixels between columns.
    const std::vector<int> even = {100, 100, 100, 100};
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 424, 4), 4);  // 4·100 + 3·8 = 424
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 423, 4), 3);
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 215, 4), 2);
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 207, 4), 1);
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 10000, 3), 3);  // never more than asked
    QCOMPARE(ui::legendColumnsThatFit(even, 8, 10, 4), 1);     // one per line, however narrow
    // Two columns of {200, 50 | 50, 200}: 200 + 200 + 8 (not 250 + 8).
    QCOMPARE(ui::legendColumnsThatFit({200, 50, 50, 200}, 8, 408, 2), 2);
    QCOMPARE(ui::legendColumnsThatFit({200, 50, 50, 200}, 8, 407, 2), 1);
    QCOMPARE(ui::legendColumnsThatFit({}, 8, 100, 4), 1);
}

void TestStudioAnalysis::lessonThenSweepPresetSessionReopens() {
    // Hénon–Heiles lesson, then the sweep's preset E3 (another system: it says so and
    // retrains), a sweep, save, open.
    QSignalSpy lesson(w_, &MainWindow::lessonShown);
    TrainingSettings hh;
    hh.system = "henon_heiles";
    hh.width = 200;
    hh.train = 2000;
    w_->applySettings(resolveSettings(hh));
    QVERIFY(shnn::test::trainAndWait(*w_));
    QSignalSpy shown(w_, &MainWindow::resultShown);
    emit w_->sweepView()->presetChosen("E3");
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(w_->currentResult()->settings.system, std::string("single_pendulum"));
    QVERIFY(w_->runPanel()->noteText().contains("E3"));
    w_->sweepView()->configure({Sampler::Elm}, "10,20", "width", 1);
    QSignalSpy swept(w_->sweepView(), &SweepView::finished);
    QVERIFY(w_->sweepView()->start());
    QVERIFY(swept.wait(shnn::test::kWorkTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), shnn::test::kWorkTimeoutMs);
    const QString path = dir_.path() + "/sequence.shnn.json";
    QCOMPARE(w_->saveSession(path), QString());
    newWindow();
    QCOMPARE(w_->openSession(path), QString());
    QCOMPARE(w_->currentResult()->settings.system, std::string("single_pendulum"));
}

void TestStudioAnalysis::badSessionIsRejectedAndNothingChanges() {
    const ResultPtr r = trainWith("spring", Sampler::Swim, "", 50, 500);
    QVERIFY(r);
    const QString path = dir_.path() + "/broken.shnn.json";
    QCOMPARE(w_->saveSession(path), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray text = f.readAll();
    f.resize(0);
    f.write(text.replace("\"version\": 2", "\"version\": 7"));
    f.close();
    const QString error = w_->openSession(path);
    QVERIFY2(error.contains(path) && error.contains("version 7"), qPrintable(error));
    QCOMPARE(w_->currentResult(), r);
    QCOMPARE(static_cast<int>(w_->runs().size()), 1);
}

void TestStudioAnalysis::poincareSectionLiesOnTheEnergySurface() {
    QVERIFY(trainWith("henon_heiles", Sampler::Swim, "", 800, 8000));
    PoincareView* p = w_->poincareView();
    const double E = 1.0 / 12.0;  // regular: orbits on invariant curves
    p->setEnergy(E);
    p->setOrbits(5);
    p->setCrossings(60);
    QSignalSpy shown(p, &PoincareView::sectionShown);
    QVERIFY(p->run());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    const auto sys = makeSystem("henon_heiles");
    QVERIFY(p->trueCrossings().size() >= 250);
    QVERIFY(p->learnedCrossings().size() >= 250);
    double worst = 0;
    for (const auto& x : p->trueCrossings()) {
        QVERIFY(std::abs(x(0)) < 1e-9);  // on the section q1 = 0
        QVERIFY(x(2) > 0);               // crossing with p1 > 0
        worst = std::max(worst, std::abs(sys->H(x.data()) - E));
    }
    qInfo("Poincaré: %zu true crossings, worst |H − E| %.2e", p->trueCrossings().size(), worst);
    QVERIFY(worst < 1e-6);
    // A click on the section adds an orbit.
    const size_t before = p->trueCrossings().size();
    QVERIFY(p->addOrbitAt(0.1, 0.05));
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QVERIFY(p->trueCrossings().size() > before);
}

void TestStudioAnalysis::poincareSectionRunsWhenShownAndCancels() {
    const ResultPtr r = trainWith("henon_heiles", Sampler::Swim, "", 300, 3000);
    QVERIFY(r);
    PoincareView* p = w_->poincareView();
    // Not on screen: nothing computed yet. The default energy is the example state's, to four
    // significant digits (E = 0.0743333… reads 0.07433).
    QVERIFY(p->trueCrossings().empty() && !p->busy());
    const auto x = r->system->exampleState();
    const double exact = r->system->H(x.data());
    QCOMPARE(p->energy(), 0.07433);
    QVERIFY(std::abs(p->energy() - exact) <= 5e-4 * exact);
    p->setOrbits(3);
    p->setCrossings(30);
    QSignalSpy shown(p, &PoincareView::sectionShown);
    w_->showView("poincare");  // shown: the section of the new result computes by itself
    QVERIFY(p->busy());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(static_cast<int>(shown.size()), 1);
    QVERIFY(p->trueCrossings().size() >= 3 * 25 && p->trueCrossings().size() <= 3 * 30);
    QVERIFY(p->learnedCrossings().size() >= 3 * 25);
    // Showing it again recomputes nothing.
    w_->showView("phase");
    w_->showView("poincare");
    QVERIFY(!p->busy());

    // A long section fills in orbit by orbit; Cancel stops it and keeps what is drawn.
    p->setOrbits(60);  // each orbit ends at t = 5000 (some 800 crossings) or outside the box
    p->setCrossings(100000);
    QVERIFY(p->run());
    QVERIFY(p->trueCrossings().empty());
    QTRY_VERIFY_WITH_TIMEOUT(!p->trueCrossings().empty() || !p->busy(), shnn::test::kWorkTimeoutMs);
    QVERIFY(p->busy());  // the first orbit is drawn while the others run
    const size_t drawn = p->trueCrossings().size();
    QVERIFY(drawn >= 100);
    p->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!p->busy(), shnn::test::kWorkTimeoutMs);
    QCOMPARE(static_cast<int>(shown.size()), 1);  // a cancelled section is not "shown"
    QCOMPARE(p->trueCrossings().size(), drawn);   // nothing arrives after Cancel
    QVERIFY(p->errorText().isEmpty());
}

void TestStudioAnalysis::presetsLoadSettingsAndText() {
    QVERIFY(w_->applyLesson("E3"));
    auto s = w_->form()->readSettings();
    QVERIFY(s);
    QCOMPARE(s->width, 500);
    QCOMPARE(s->domain.intervals[1].hi, 6.0);
    QCOMPARE(w_->currentView(), QString("error"));
    QVERIFY(w_->lessonText().contains("E3"));
    QVERIFY(w_->applyLesson("elm-wide"));
    QCOMPARE(w_->form()->readSettings()->sampler, Sampler::Elm);
    QVERIFY(w_->lessonText().contains("ELM"));
    QVERIFY(!w_->applyLesson("no-such-lesson"));
}

void TestStudioAnalysis::aswimFullFirstPassFromTheForm() {
    // Width 600 on 4000 states (3.2 GFLOP): by default the first pass is a smaller network on
    // fewer states; the box asks for the paper's full one. Other samplers grey it out and
    // their settings carry no first pass.
    TrainingSettings s = *w_->form()->readSettings();
    s.system = "single_pendulum";
    s.params.clear();
    s.domain = Domain{};
    s.anchor.clear();
    s.anchorH.reset();
    s.sampler = Sampler::ASwim;
    s.width = 600;
    s.train = 4000;
    w_->applySettings(s);
    QCheckBox* box = w_->form()->aswimFullFirstPassBox();
    QVERIFY(box->isEnabled() && !box->isChecked());
    const ui::ResultPtr sized = trainAndWait();
    QVERIFY(sized && sized->firstModel);
    QVERIFY(sized->firstModel->width() < 600 && sized->firstPassStates < 4000);
    QVERIFY(w_->runPanel()->resultText().contains("A-SWIM first pass"));
    box->setChecked(true);
    QVERIFY(w_->form()->readSettings()->aswimFullFirstPass);
    const ui::ResultPtr full = trainAndWait();
    QVERIFY(full && full->firstModel);
    QCOMPARE(full->firstModel->width(), Eigen::Index(600));
    QCOMPARE(full->firstPassStates, Eigen::Index(4000));
    QVERIFY(full->settings.aswimFullFirstPass);
    s.sampler = Sampler::USwim;
    w_->applySettings(s);
    QVERIFY(!box->isEnabled());
    const auto u = w_->form()->readSettings();
    QVERIFY(u && !u->aswimFullFirstPass);
}

void TestStudioAnalysis::longTitlesWrapInsteadOfBeingCut() {
    QCustomPlot plot;
    stylePlot(&plot);
    QCPTextElement* title = addTitle(&plot, "short", 10);
    plot.resize(360, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.replot();
    const int oneLine = title->outerRect().height();
    title->setText("Activation tanh(w·x + b) of the selected neuron (at first: the largest |c|) — a title far wider than "
                   "its plot");
    plot.replot();
    QTRY_VERIFY(title->outerRect().height() >= 2 * oneLine - title->margins().top() - title->margins().bottom());
    // Every line fits inside the title's rectangle, which lies inside the plot.
    const QFontMetrics fm(title->font());
    const QRect needed = fm.boundingRect(title->rect(), Qt::AlignCenter | Qt::TextWordWrap, title->text());
    QVERIFY(title->rect().contains(needed));
    QVERIFY(plot.rect().contains(title->outerRect()));
    QVERIFY(plot.axisRect()->outerRect().top() >= title->outerRect().bottom());
}

void TestStudioAnalysis::openModelShowsTheSavedNetwork() {
    // A model saved by the engine (as `shnn fit --save` does) opens as a new run with the same
    // errors, and its error heatmap is drawn; a truncated file changes nothing.
    const ResultPtr trained = trainWith("single_pendulum", Sampler::Swim, "-2pi:2pi,-6:6", 300, 3000);
    QVERIFY(trained);
    const QString path = dir_.path() + "/e3.json";
    io::saveModel(path.toStdString(), *trained);
    std::vector<double> before;
    for (int i = 0; i < 200; i += 9) before.push_back(w_->heatmap()->cell(i, 199 - i));

    newWindow();
    QSignalSpy shown(w_, &MainWindow::resultShown);
    QCOMPARE(w_->openModel(path), QString());
    QVERIFY(shown.wait(shnn::test::kWorkTimeoutMs));
    QCOMPARE(static_cast<int>(w_->runs().size()), 1);
    const ResultPtr opened = w_->currentResult();
    QCOMPARE(opened->openedFrom, std::string("e3.json"));
    SHNN_COMPARE_REL(opened->test.relL2H, trained->test.relL2H, 1e-12);
    SHNN_COMPARE_REL(opened->trainError.relL2Grad, trained->trainError.relL2Grad, 1e-12);
    QCOMPARE(w_->form()->field("width")->text(), QString("300"));
    QVERIFY(w_->runPanel()->resultText().contains("opened from e3.json"));
    std::vector<double> after;
    for (int i = 0; i < 200; i += 9) after.push_back(w_->heatmap()->cell(i, 199 - i));
    for (size_t k = 0; k < before.size(); ++k) SHNN_COMPARE_REL(after[k], before[k], 1e-9);

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(f.size() / 2));
    f.close();
    const QString error = w_->openModel(path);
    QVERIFY2(error.contains(path) && error.contains("ends early"), qPrintable(error));
    QCOMPARE(static_cast<int>(w_->runs().size()), 1);
    QCOMPARE(w_->currentResult(), opened);
}

void TestStudioAnalysis::exportsPlotsAndTheModel() {
    const ResultPtr r = trainWith("single_pendulum", Sampler::USwim, "", 200, 2000);
    QVERIFY(r);
    w_->showView("phase");
    const QString base = dir_.path() + "/portrait";
    QCOMPARE(w_->exportCurrentPlotTo(base + ".png"), QString());
    QCOMPARE(w_->exportCurrentPlotTo(base + ".pdf"), QString());
    QCOMPARE(w_->exportCurrentPlotTo(base + ".svg"), QString());
    QVERIFY(w_->exportCurrentPlotTo(base + ".bmp").contains("choose a .png, .pdf or .svg"));
    // The PNG holds the drawing (the curves' colours), the PDF is a PDF, the SVG has lines.
    const QImage png(base + ".png");
    QVERIFY(png.width() > 400 && png.height() > 300);
    QSet<QRgb> colours;
    for (int y = 0; y < png.height(); y += 3)
        for (int x = 0; x < png.width(); x += 3) colours.insert(png.pixel(x, y));
    QVERIFY(colours.size() > 30);
    QFile pdf(base + ".pdf"), svg(base + ".svg");
    QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == "%PDF-" && pdf.size() > 10000);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<svg") && svgText.count("<polyline") > 20);  // the level sets, as vectors
    // The exported model is the engine's model file: it loads with the same network.
    const QString model = dir_.path() + "/exported.json";
    QCOMPARE(w_->exportModelTo(model), QString());
    const io::ModelFile f = io::loadModel(model.toStdString());
    QCOMPARE(f.settings.width, 200);
    QVERIFY(f.model.W == r->model.W && f.model.c == r->model.c && f.model.c0 == r->model.c0);
}

QTEST_MAIN(TestStudioAnalysis)
#include "test_studio_analysis.moc"

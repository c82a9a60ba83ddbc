// Files written by earlier versions keep loading and mean the same: checked-in version-1
// model and session files (tests/data/golden; one model without any optional field) load,
// and their networks reproduce the errors stored in them to 1e-12 on the test states their
// settings define. A format change must bump the version and keep these loading.
#include "common/compare.h"
#include "core/io/model_file.h"
#include "core/io/model_run.h"
#include "core/io/session_file.h"
#include "core/systems/system.h"

#include <QFile>

using namespace shnn;

namespace {
const std::string kDir = SHNN_TEST_DATA_DIR "/golden/";
}

class TestGoldenFiles : public QObject {
    Q_OBJECT
private slots:
    void modelV1ReproducesItsErrors();
    void minimalModelV1LoadsWithDefaults();
    void sessionV1ReproducesItsRuns();
};

void TestGoldenFiles::modelV1ReproducesItsErrors() {
    const io::ModelFile f = io::loadModel(kDir + "model-v1.json");
    QCOMPARE(f.settings.system, std::string("single_pendulum"));
    QCOMPARE(f.settings.params.at("f"), 0.5);
    QCOMPARE(f.settings.sampler, Sampler::Elm);
    QCOMPARE(f.model.width(), 24);
    QVERIFY(f.metrics);
    const TrainingResult r = io::runFromModelFile(f, "model-v1.json");
    SHNN_COMPARE_REL(r.test.relL2H, f.metrics->relL2H, 1e-12);
    SHNN_COMPARE_REL(r.test.relL2Grad, f.metrics->relL2Grad, 1e-12);
    // The values themselves, as written when the file was made.
    SHNN_COMPARE_REL(r.test.relL2H, 0.14285545056976934, 1e-12);
    SHNN_COMPARE_REL(r.test.relL2Grad, 0.24583423791504813, 1e-12);
    QCOMPARE(r.system->param("f"), 0.5);
}

void TestGoldenFiles::minimalModelV1LoadsWithDefaults() {
    // No solver, anchor, anchor_H, data or metrics: defaults fill them in, and the network
    // gives the same errors as the full file's.
    const io::ModelFile full = io::loadModel(kDir + "model-v1.json");
    const io::ModelFile f = io::loadModel(kDir + "model-v1-minimal.json");
    QVERIFY(!f.metrics);
    QCOMPARE(f.settings.solver, Solver::Qr);
    QCOMPARE(f.settings.anchor, std::vector<double>({0.0, 0.0}));
    QCOMPARE(*f.settings.anchorH, 0.0);
    QCOMPARE(f.settings.data.kind, DataKind::Uniform);
    QVERIFY(f.model.W == full.model.W && f.model.c == full.model.c && f.model.c0 == full.model.c0);
    const TrainingResult r = io::runFromModelFile(f, "model-v1-minimal.json");
    SHNN_COMPARE_REL(r.test.relL2H, full.metrics->relL2H, 1e-12);
}

void TestGoldenFiles::sessionV1ReproducesItsRuns() {
    const io::Session s = io::loadSession(kDir + "session-v1.json");
    QCOMPARE(static_cast<int>(s.runs.size()), 2);
    QCOMPARE(s.current, 1);
    QCOMPARE(static_cast<int>(s.sweep.size()), 1);
    QCOMPARE(s.sweep[0].test.relL2H, 1.25e-3);
    QCOMPARE(QString::fromStdString(s.view["tab"].get<std::string>()), QString("error"));
    for (const TrainingResult& stored : s.runs) {
        // The test set the settings define, and the stored network on it.
        const Dataset test = makeTestData(*stored.system, stored.settings.domain, stored.settings.test, stored.settings.seed);
        const ErrorMetrics m = measureErrors(stored.model, test);
        SHNN_COMPARE_REL(m.relL2H, stored.test.relL2H, 1e-12);
        SHNN_COMPARE_REL(m.relL2Grad, stored.test.relL2Grad, 1e-12);
        // Training states come back from their seeds: the stored training error is met too.
        SHNN_COMPARE_REL(measureErrors(stored.model, stored.train).relL2H, stored.trainError.relL2H, 1e-12);
    }
    // The second run is A-SWIM on trajectory data: its first pass and its pairs came back.
    const TrainingResult& hh = s.runs[1];
    QCOMPARE(hh.settings.system, std::string("henon_heiles"));
    QCOMPARE(hh.settings.data.kind, DataKind::Trajectories);
    QVERIFY(hh.firstModel && hh.firstLayer);
    QCOMPARE(static_cast<int>(hh.layer.pairs.size()), 30);
    // Each neuron still climbs from −½ to +½ between its pair of regenerated training states.
    for (Eigen::Index j = 0; j < 30; ++j) {
        const auto [a, b] = hh.layer.pairs[static_cast<size_t>(j)];
        SHNN_COMPARE_TOL(std::tanh(hh.model.W.row(j).dot(hh.train.X.row(a)) + hh.model.b(j)), -0.5, 0, 1e-12);
        SHNN_COMPARE_TOL(std::tanh(hh.model.W.row(j).dot(hh.train.X.row(b)) + hh.model.b(j)), 0.5, 0, 1e-12);
    }
}

QTEST_GUILESS_MAIN(TestGoldenFiles)
#include "test_golden_files.moc"

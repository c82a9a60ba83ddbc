// Model files: round trip, version and shape checks, bad files named with their problem,
// atomic writes.
#include "common/compare.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"

#include <QTemporaryDir>
#include <fstream>

using namespace shnn;

class TestModelFile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTripIsExact();
    void badFiles_data();
    void badFiles();
    void atomicWriteReplacesWholeFile();

private:
    QTemporaryDir dir_;
    TrainingResult result_;
    std::string good_;
    std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }
    void write(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
};

void TestModelFile::initTestCase() {
    TrainingSettings s;
    s.system = "henon_heiles";
    s.sampler = Sampler::Swim;
    s.width = 40;
    s.train = 400;
    s.test = 300;
    s.seed = 5;
    result_ = train(s);
    io::saveModel(path("good.json"), result_);
    good_ = io::readFile(path("good.json"), 1 << 24);
}

void TestModelFile::roundTripIsExact() {
    const io::ModelFile f = io::loadModel(path("good.json"));
    QVERIFY(f.settings == result_.settings);
    QVERIFY(f.model.W == result_.model.W);
    QVERIFY(f.model.b == result_.model.b);
    QVERIFY(f.model.c == result_.model.c);
    QCOMPARE(f.model.c0, result_.model.c0);
    QVERIFY(f.metrics);
    QCOMPARE(f.metrics->relL2H, result_.test.relL2H);
    QVERIFY(QString::fromStdString(good_).contains("\"format\": \"shnn-model\""));
}

void TestModelFile::badFiles_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << "missing" << "cannot open";
    QTest::newRow("empty") << "empty" << "empty";
    QTest::newRow("truncated") << "truncated" << "not valid JSON";
    QTest::newRow("binary") << "binary" << "not valid JSON";
    QTest::newRow("wrong version") << "version" << "version 3";
    QTest::newRow("wrong format") << "format" << "not an S-HNN model";
    QTest::newRow("width mismatch") << "width" << "width";
    QTest::newRow("short biases") << "biases" << "hidden_biases";
    QTest::newRow("non-finite weight") << "huge" << "non-finite";
    QTest::newRow("bad settings") << "settings" << "settings";
    QTest::newRow("deep nesting") << "deep" << "nested deeper";
    QTest::newRow("folder") << "folder" << "folder";
}

void TestModelFile::badFiles() {
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    std::string p = path(qPrintable(kind + ".json"));
    std::string text = good_;
    auto replace = [&](const std::string& from, const std::string& to) {
        const size_t at = text.find(from);
        QVERIFY2(at != std::string::npos, from.c_str());
        text.replace(at, from.size(), to);
    };
    if (kind == "missing") p = path("nothing-here.json");
    else if (kind == "folder") p = dir_.path().toStdString();
    else {
        if (kind == "empty") text.clear();
        else if (kind == "truncated") text = text.substr(0, text.size() / 2);
        else if (kind == "binary") text = std::string("\x89PNG\r\n\x1a\n\0\0\0", 12);
        else if (kind == "version") replace("\"version\": 2", "\"version\": 3");
        else if (kind == "format") replace("shnn-model", "something-else");
        else if (kind == "width") replace("\"width\": 40,\n  \"hidden", "\"width\": 41,\n  \"hidden");
        else if (kind == "biases") replace("\"hidden_biases\": [", "\"hidden_biases\": [");
        else if (kind == "huge") replace("\"output_bias\": ", "\"output_bias\": 1e999, \"x\": ");
        else if (kind == "settings") replace("\"rcond\": 1e-13", "\"rcond\": 7");
        else if (kind == "deep") text = std::string(100000, '[');
        if (kind == "biases") {
            // Drop the first bias.
            const size_t at = text.find("\"hidden_biases\": [") + 18;
            const size_t comma = text.find(',', at);
            text.erase(at, comma - at + 1);
        }
        write(p, text);
    }
    try {
        io::loadModel(p);
        QFAIL("a bad model file was accepted");
    } catch (const FileError& e) {
        const QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(p)), qPrintable(msg));
        QVERIFY2(msg.contains(reason), qPrintable(msg));
    }
}

void TestModelFile::atomicWriteReplacesWholeFile() {
    const std::string p = path("atomic.txt");
    io::writeFileAtomically(p, std::string(100000, 'a'));
    io::writeFileAtomically(p, "short");
    QCOMPARE(QString::fromStdString(io::readFile(p, 1000)), QString("short"));
    const QStringList leftovers = QDir(dir_.path()).entryList({"atomic.txt.tmp-*"});
    QVERIFY(leftovers.isEmpty());
    QVERIFY_THROWS_EXCEPTION(FileError, io::writeFileAtomically(path("no-such-dir/x.json"), "x"));
}

QTEST_GUILESS_MAIN(TestModelFile)
#include "test_model_file.moc"

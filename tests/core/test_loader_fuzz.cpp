// Randomised corruption of model and session files: truncations, flipped bytes, huge and
// non-finite numbers, deep nesting, wrong types, removed fields. Every mutant must be either
// accepted — then it must be a valid model: dimensions as the system declares, resolved
// settings, finite Ĥ and ∇Ĥ at states across the domain — or rejected with
// std::invalid_argument — never a crash, hang or other exception. Part of the suite (SHNN_FUZZ_ITERATIONS, default 2500 per loader);
// run it under the sanitizer build for memory and undefined-behaviour errors.
#include "common/compare.h"
#include "core/io/model_file.h"
#include "core/io/session_file.h"
#include "core/systems/system.h"

#include <QElapsedTimer>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

using namespace shnn;

class TestLoaderFuzz : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void mutatedModels();
    void mutatedSessions();

private:
    std::string model_, session_;
    int iterations_ = 2500;
};

namespace {

std::string mutate(const std::string& seed, std::mt19937_64& rng) {
    std::string s = seed;
    std::uniform_int_distribution<int> kind(0, 9);
    auto pos = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n ? n - 1 : 0)(rng); };
    const int rounds = 1 + static_cast<int>(rng() % 3);
    for (int r = 0; r < rounds && !s.empty(); ++r) {
        switch (kind(rng)) {
        case 0:  // truncate
            s.resize(pos(s.size()));
            break;
        case 1:  // flip bytes
            for (int k = 0; k < 1 + static_cast<int>(rng() % 8); ++k) s[pos(s.size())] ^= static_cast<char>(1 << (rng() % 8));
            break;
        case 2: {  // replace a number with a huge, tiny, negative or malformed one
            static const char* numbers[] = {"1e999", "-1e308", "1e-320", "123456789012345678901234567890", "-0", "NaN",
                                            "Infinity", "1.5", "-7", "0", "99999999999", "2e9", "\"12\"", "true", "null"};
            size_t at = pos(s.size());
            while (at < s.size() && !(std::isdigit(static_cast<unsigned char>(s[at])) || s[at] == '-')) ++at;
            size_t end = at;
            while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.' || s[end] == 'e' ||
                                       s[end] == 'E' || s[end] == '-' || s[end] == '+'))
                ++end;
            if (at < s.size()) s.replace(at, end - at, numbers[rng() % (sizeof numbers / sizeof *numbers)]);
            break;
        }
        case 3:  // deep nesting
            s = std::string(1 + rng() % 5000, '[') + s;
            break;
        case 4: {  // delete a span
            const size_t at = pos(s.size());
            s.erase(at, std::min<size_t>(s.size() - at, 1 + rng() % 200));
            break;
        }
        case 5: {  // duplicate a span elsewhere
            const size_t at = pos(s.size()), len = std::min<size_t>(s.size() - at, 1 + rng() % 100);
            s.insert(pos(s.size()), s.substr(at, len));
            break;
        }
        case 6:  // random garbage
            for (int k = 0; k < 1 + static_cast<int>(rng() % 20); ++k) s.insert(pos(s.size()), 1, static_cast<char>(rng() % 256));
            break;
        case 7: {  // change a structural character
            static const char structural[] = "[]{}:,\"";
            s[pos(s.size())] = structural[rng() % 7];
            break;
        }
        case 8: {  // a type change on a field: "key": value → "key": "text" / [] / {}
            static const char* values[] = {"\"text\"", "[]", "{}", "[1,2]", "-1", "1e300"};
            const size_t colon = s.find(':', pos(s.size()));
            if (colon != std::string::npos) {
                size_t end = colon + 1;
                int depth = 0;
                while (end < s.size() && !(depth == 0 && (s[end] == ',' || s[end] == '}'))) {
                    if (s[end] == '[' || s[end] == '{') ++depth;
                    if (s[end] == ']' || s[end] == '}') --depth;
                    ++end;
                }
                s.replace(colon + 1, end - colon - 1, values[rng() % 6]);
            }
            break;
        }
        default: {  // binary noise in place
            const size_t at = pos(s.size());
            for (size_t k = at; k < std::min(s.size(), at + 16); ++k) s[k] = static_cast<char>(rng() % 256);
            break;
        }
        }
    }
    return s;
}

// Why an accepted model is not a usable one (empty: it is valid).
std::string invalidModel(const TrainingSettings& s, const HnnModel& m) {
    try {
        if (!(resolveSettings(s) == s)) return "settings are not in resolved form";
    } catch (const std::exception& e) {
        return std::string("settings do not resolve: ") + e.what();
    }
    const int D = systemFor(s)->dim();
    if (s.domain.dim() != D) return "domain dimension differs from the system's";
    if (m.W.cols() != D || m.W.rows() != s.width || m.b.size() != s.width || m.c.size() != s.width)
        return "network shape differs from the settings";
    if (!m.W.allFinite() || !m.b.allFinite() || !m.c.allFinite() || !std::isfinite(m.c0)) return "non-finite weights";
    // Ĥ and ∇Ĥ at the corners of the box (up to 16) and its centre.
    Eigen::VectorXd x(D), g(D);
    for (int corner = 0; corner <= (1 << std::min(D, 4)); ++corner) {
        for (int i = 0; i < D; ++i) {
            const Interval& iv = s.domain.intervals[static_cast<size_t>(i)];
            x(i) = corner == (1 << std::min(D, 4)) ? 0.5 * (iv.lo + iv.hi) : ((corner >> (i % 4)) & 1 ? iv.hi : iv.lo);
        }
        m.gradH(x.data(), g.data());
        if (!std::isfinite(m.H(x.data())) || !g.allFinite()) return "Ĥ or ∇Ĥ is not finite in the domain";
    }
    return {};
}

template <class Loader>
void fuzz(const std::string& seed, int iterations, std::uint64_t streamSeed, Loader load, const char* what) {
    std::mt19937_64 rng(streamSeed);
    int accepted = 0, rejected = 0;
    QElapsedTimer t;
    t.start();
    for (int k = 0; k < iterations; ++k) {
        const std::string text = mutate(seed, rng);
        try {
            load(text);
            ++accepted;
        } catch (const std::invalid_argument&) {
            ++rejected;
        }
        // Any other exception type escapes and fails the test (with its message).
    }
    qInfo("%s: %d mutants, %d rejected, %d still valid, %lld ms", what, iterations, rejected, accepted,
          static_cast<long long>(t.elapsed()));
    QCOMPARE(accepted + rejected, iterations);
    QVERIFY(rejected > iterations / 2);
}

} // namespace

void TestLoaderFuzz::initTestCase() {
    if (qEnvironmentVariableIsSet("SHNN_FUZZ_ITERATIONS")) iterations_ = qEnvironmentVariableIntValue("SHNN_FUZZ_ITERATIONS");
    TrainingSettings s;
    s.system = "double_pendulum";
    s.sampler = Sampler::ASwim;
    s.width = 6;
    s.train = 40;
    s.test = 20;
    const TrainingResult r = train(s);
    model_ = io::modelToJson(r.settings, r.model, r.test).dump(1);
    s.system = "spring";
    s.sampler = Sampler::Swim;
    io::Session session;
    session.runs = {r, train(s)};
    session.current = 1;
    SweepRow row;
    row.sampler = Sampler::Elm;
    row.width = 10;
    row.train = 100;
    row.test = {1e-3, 1e-2};
    session.sweep.push_back(row);
    session.view = {{"tab", "error"}};
    session_ = io::sessionToJson(session).dump(1);
    // The seeds themselves load.
    QCOMPARE(io::parseModelText(model_).model.width(), 6);
    QCOMPARE(static_cast<int>(io::parseSessionText(session_, false).runs.size()), 2);
}

void TestLoaderFuzz::mutatedModels() {
    fuzz(model_, iterations_, 1,
         [](const std::string& t) {
             const io::ModelFile f = io::parseModelText(t);
             const std::string why = invalidModel(f.settings, f.model);
             QVERIFY2(why.empty(), why.c_str());
             if (f.metrics) QVERIFY(std::isfinite(f.metrics->relL2H) && f.metrics->relL2H >= 0);
         },
         "model files");
}

void TestLoaderFuzz::mutatedSessions() {
    fuzz(session_, iterations_, 2,
         [](const std::string& t) {
             const io::Session session = io::parseSessionText(t, false);
             QVERIFY(session.current >= -1 && session.current < static_cast<int>(session.runs.size()));
             for (const TrainingResult& r : session.runs) {
                 const std::string why = invalidModel(r.settings, r.model);
                 QVERIFY2(why.empty(), why.c_str());
                 QVERIFY(r.system && r.system->name() == r.settings.system);
                 for (const auto& [a, b] : r.layer.pairs) QVERIFY(a >= 0 && b >= 0 && a < r.settings.train && b < r.settings.train);
                 if (r.firstModel) {
                     // A-SWIM's first network may be narrower than the final one, never wider.
                     TrainingSettings first = r.settings;
                     first.width = r.firstModel->width();
                     QVERIFY(first.width >= 1 && first.width <= r.settings.width);
                     QVERIFY2(invalidModel(first, *r.firstModel).empty(), "first pass");
                     QVERIFY(r.firstPassStates >= 1 && r.firstPassStates <= r.settings.train);
                 }
             }
             for (const SweepRow& row : session.sweep) QVERIFY(std::isfinite(row.test.relL2H) && row.width > 0);
         },
         "session files");
}

QTEST_GUILESS_MAIN(TestLoaderFuzz)
#include "test_loader_fuzz.moc"

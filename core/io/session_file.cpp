#include "session_file.h"

#include "../errors.h"
#include "../systems/system.h"
#include "atomic_file.h"
#include "json_text.h"
#include "model_file.h"
#include "settings_json.h"

#include <cmath>

namespace shnn::io {

using Json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxSessionBytes = std::size_t(1) << 31;
constexpr std::size_t kMaxRuns = 10000;

Json pairsToJson(const std::vector<std::pair<Eigen::Index, Eigen::Index>>& pairs) {
    Json a = Json::array();
    for (const auto& [x, y] : pairs) a.push_back({x, y});
    return a;
}

std::vector<std::pair<Eigen::Index, Eigen::Index>> pairsFromJson(const Json& j, std::size_t width, std::int64_t train) {
    if (!j.is_array()) throw std::invalid_argument("'pairs' is not a list");
    if (!j.empty() && j.size() != width) throw std::invalid_argument("'pairs' does not hold one pair per neuron");
    std::vector<std::pair<Eigen::Index, Eigen::Index>> out;
    for (const auto& p : j) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer())
            throw std::invalid_argument("'pairs' must hold [a, b] index pairs");
        const auto a = p[0].get<std::int64_t>(), b = p[1].get<std::int64_t>();
        if (a < 0 || b < 0 || a >= train || b >= train || a == b)
            throw std::invalid_argument("'pairs' holds an index outside the training set");
        out.emplace_back(a, b);
    }
    return out;
}

double finiteNumber(const Json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_number()) throw std::invalid_argument(std::string("missing number '") + name + "'");
    const double v = j[name].get<double>();
    if (!std::isfinite(v)) throw std::invalid_argument(std::string("'") + name + "' is not finite");
    return v;
}

Json runToJson(const TrainingResult& r) {
    Json j = modelToJson(r.settings, r.model, r.test);
    j.erase("format");
    j.erase("version");
    j["pairs"] = pairsToJson(r.layer.pairs);
    j["train_metrics"] = {{"rel_l2_H", r.trainError.relL2H}, {"rel_l2_gradH", r.trainError.relL2Grad}};
    j["seconds"] = {{"data", r.seconds.data},   {"sample", r.seconds.sample},     {"assemble", r.seconds.assemble},
                    {"solve", r.seconds.solve}, {"evaluate", r.seconds.evaluate}, {"total", r.seconds.total}};
    if (r.firstModel && r.firstLayer) {
        Json first = modelToJson(r.settings, *r.firstModel, std::nullopt);
        j["first_pass"] = {{"network", first["network"]},
                           {"pairs", pairsToJson(r.firstLayer->pairs)},
                           {"states", r.firstPassStates}};
    }
    return j;
}

TrainingResult runFromJson(const Json& j, bool regenerateData) {
    Json asModel = j;
    asModel["format"] = "shnn-model";
    asModel["version"] = kModelFormatVersion;
    const ModelFile f = modelFromJson(asModel);
    TrainingResult r;
    r.settings = f.settings;
    r.model = f.model;
    r.layer.W = f.model.W;
    r.layer.b = f.model.b;
    if (!f.metrics) throw std::invalid_argument("missing 'metrics'");
    r.test = *f.metrics;
    const auto M = static_cast<std::size_t>(r.settings.width);
    if (!j.contains("pairs")) throw std::invalid_argument("missing 'pairs'");
    r.layer.pairs = pairsFromJson(j["pairs"], M, r.settings.train);
    if (j.contains("train_metrics")) {
        r.trainError.relL2H = finiteNumber(j["train_metrics"], "rel_l2_H");
        r.trainError.relL2Grad = finiteNumber(j["train_metrics"], "rel_l2_gradH");
    }
    if (!j.contains("seconds") || !j["seconds"].is_object()) throw std::invalid_argument("missing 'seconds'");
    const Json& s = j["seconds"];
    r.seconds = StageTimes{finiteNumber(s, "data"),  finiteNumber(s, "sample"),   finiteNumber(s, "assemble"),
                           finiteNumber(s, "solve"), finiteNumber(s, "evaluate"), finiteNumber(s, "total")};
    if (j.contains("first_pass")) {
        const Json& fp = j["first_pass"];
        Json firstModel = asModel;
        if (!fp.contains("network")) throw std::invalid_argument("first_pass: missing 'network'");
        firstModel["network"] = fp["network"];
        // The first network may be narrower than the final one (aswim_first_pass.h).
        if (fp["network"].is_object() && fp["network"].contains("width"))
            firstModel["settings"]["width"] = fp["network"]["width"];
        const ModelFile first = modelFromJson(firstModel);
        if (first.model.width() > r.model.width()) throw std::invalid_argument("first_pass: wider than the network");
        r.firstModel = first.model;
        HiddenLayer layer;
        layer.W = first.model.W;
        layer.b = first.model.b;
        if (!fp.contains("pairs")) throw std::invalid_argument("first_pass: missing 'pairs'");
        layer.pairs = pairsFromJson(fp["pairs"], static_cast<std::size_t>(first.model.width()), r.settings.train);
        // Sessions before the first pass was sized stored none: it ran on every state.
        r.firstPassStates = r.settings.train;
        if (fp.contains("states")) {
            if (!fp["states"].is_number_integer() || fp["states"].get<std::int64_t>() < 1 ||
                fp["states"].get<std::int64_t>() > r.settings.train)
                throw std::invalid_argument("first_pass: 'states' is not a number of training states");
            r.firstPassStates = fp["states"].get<Eigen::Index>();
        }
        r.firstLayer = layer;
        r.passes = 2;
        r.pass = 2;
    }
    r.system = systemFor(r.settings);
    // The training states come back from their seeds (they are not stored).
    if (regenerateData) {
        checkMemory(r.settings);
        r.train = makeTrainingData(*r.system, r.settings);
    }
    return r;
}

SweepRow sweepRowFromJson(const Json& j) {
    SweepRow row;
    if (!j.is_object() || !j.contains("sampler") || !j["sampler"].is_string()) throw std::invalid_argument("sweep row without sampler");
    row.sampler = parseSampler(j["sampler"].get<std::string>());
    for (const char* k : {"width", "train", "repeat", "seed"})
        if (!j.contains(k) || !j[k].is_number_integer() || j[k].get<std::int64_t>() < 0)
            throw std::invalid_argument(std::string("sweep row: bad '") + k + "'");
    row.width = j["width"].get<std::int64_t>();
    row.train = j["train"].get<std::int64_t>();
    row.repeat = static_cast<int>(j["repeat"].get<std::int64_t>());
    row.seed = j["seed"].get<std::uint64_t>();
    row.test.relL2H = finiteNumber(j, "rel_l2_H");
    row.test.relL2Grad = finiteNumber(j, "rel_l2_gradH");
    row.seconds.total = finiteNumber(j, "seconds");
    if (j.contains("vary")) {
        if (!j["vary"].is_string()) throw std::invalid_argument("sweep row: bad 'vary'");
        row.vary = j["vary"].get<std::string>();
        row.value = finiteNumber(j, "value");
    }
    if (j.contains("dim")) {
        if (!j["dim"].is_number_integer() || j["dim"].get<std::int64_t>() < 0 || j["dim"].get<std::int64_t>() > 128)
            throw std::invalid_argument("sweep row: bad 'dim'");
        row.dim = static_cast<int>(j["dim"].get<std::int64_t>());
    }
    return row;
}

} // namespace

Json sessionToJson(const Session& s) {
    Json j;
    j["format"] = "shnn-session";
    j["version"] = kSessionFormatVersion;
    j["runs"] = Json::array();
    for (const auto& r : s.runs) j["runs"].push_back(runToJson(r));
    j["current"] = s.current;
    j["sweep"] = Json::array();
    for (const auto& row : s.sweep) {
        Json r = {{"sampler", samplerName(row.sampler)},
                  {"width", row.width},
                  {"train", row.train},
                  {"repeat", row.repeat},
                  {"seed", row.seed},
                  {"rel_l2_H", row.test.relL2H},
                  {"rel_l2_gradH", row.test.relL2Grad},
                  {"seconds", row.seconds.total},
                  {"dim", row.dim}};
        if (!row.vary.empty()) {
            r["vary"] = row.vary;
            r["value"] = row.value;
        }
        j["sweep"].push_back(r);
    }
    j["view"] = s.view;
    return j;
}

Session sessionFromJson(const Json& j, bool regenerateData) {
    if (!j.is_object()) throw std::invalid_argument("not a JSON object");
    if (!j.contains("format") || j["format"] != "shnn-session") throw std::invalid_argument("not an S-HNN session file (format is not \"shnn-session\")");
    if (!j.contains("version") || !j["version"].is_number_integer()) throw std::invalid_argument("missing format version");
    const auto version = j["version"].get<std::int64_t>();
    if (version < 1 || version > kSessionFormatVersion)
        throw std::invalid_argument("format version " + std::to_string(version) + " is not supported (this program reads versions 1 to " +
                                    std::to_string(kSessionFormatVersion) + ")");
    if (!j.contains("runs") || !j["runs"].is_array()) throw std::invalid_argument("missing 'runs'");
    if (j["runs"].size() > kMaxRuns) throw std::invalid_argument("more than 10000 runs");
    Session s;
    for (std::size_t k = 0; k < j["runs"].size(); ++k) {
        try {
            s.runs.push_back(runFromJson(j["runs"][k], regenerateData));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("run " + std::to_string(k + 1) + ": " + e.what());
        } catch (const SettingsError& e) {
            throw std::invalid_argument("run " + std::to_string(k + 1) + ": " + e.what());
        }
    }
    if (!j.contains("current") || !j["current"].is_number_integer()) throw std::invalid_argument("missing 'current'");
    s.current = static_cast<int>(j["current"].get<std::int64_t>());
    if (s.current < -1 || s.current >= static_cast<int>(s.runs.size())) throw std::invalid_argument("'current' is not a run");
    if (j.contains("sweep")) {
        if (!j["sweep"].is_array()) throw std::invalid_argument("'sweep' is not a list");
        for (const auto& row : j["sweep"]) s.sweep.push_back(sweepRowFromJson(row));
    }
    if (j.contains("view")) {
        if (!j["view"].is_object()) throw std::invalid_argument("'view' is not an object");
        s.view = j["view"];
    }
    return s;
}

void saveSession(const std::string& path, const Session& s) { writeFileAtomically(path, sessionToJson(s).dump(1) + "\n"); }

Session parseSessionText(const std::string& text, bool regenerateData) {
    return parseWithReadableErrors("session file", [&] { return sessionFromJson(parseJsonText(text), regenerateData); });
}

Session loadSession(const std::string& path) {
    const std::string text = readFile(path, kMaxSessionBytes);
    try {
        return parseSessionText(text);
    } catch (const std::invalid_argument& e) {
        throw FileError(path, e.what());
    }
}

} // namespace shnn::io

#include "settings_json.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace shnn::io {

using Json = nlohmann::ordered_json;

Json settingsToJson(const TrainingSettings& s) {
    Json j;
    j["system"] = s.system;
    if (s.system == "formula") {
        j["formula"] = s.formula;
        j["dof"] = s.dof;
    }
    j["params"] = Json::object();
    for (const auto& [k, v] : s.params) j["params"][k] = v;
    j["domain"] = Json::array();
    for (const auto& iv : s.domain.intervals) j["domain"].push_back({iv.lo, iv.hi});
    j["sampler"] = samplerName(s.sampler);
    j["width"] = s.width;
    j["train"] = s.train;
    j["test"] = s.test;
    j["seed"] = s.seed;
    j["rcond"] = s.rcond;
    if (s.rcondAuto) j["rcond_auto"] = true;
    if (s.aswimFirstWidth) j["aswim_first_width"] = s.aswimFirstWidth;
    if (s.aswimFirstTrain) j["aswim_first_train"] = s.aswimFirstTrain;
    if (s.aswimFullFirstPass) j["aswim_first_pass"] = "full";
    j["solver"] = solverName(s.solver);
    j["anchor"] = s.anchor;
    if (s.anchorH) j["anchor_H"] = *s.anchorH;
    j["data"] = {{"kind", dataKindName(s.data.kind)},
                 {"points", s.data.points},
                 {"dt", s.data.dt},
                 {"derivatives", derivativeSourceName(s.data.derivatives)},
                 {"noise", s.data.noise},
                 {"h", s.data.h},
                 {"fit_at", fitPointName(s.data.fitAt)},
                 {"correct", s.data.correct}};
    if (s.data.noiseRelative) j["data"]["noise_relative"] = true;
    if (!s.dataFile.empty()) j["data_file"] = s.dataFile;
    return j;
}

namespace {

const Json& field(const Json& j, const char* name) {
    if (!j.is_object() || !j.contains(name)) throw std::invalid_argument(std::string("missing field '") + name + "'");
    return j.at(name);
}

double number(const Json& j, const char* name) {
    const Json& v = field(j, name);
    if (!v.is_number()) throw std::invalid_argument(std::string("field '") + name + "' is not a number");
    return v.get<double>();
}

std::int64_t integer(const Json& j, const char* name) {
    const Json& v = field(j, name);
    if (!v.is_number_integer()) throw std::invalid_argument(std::string("field '") + name + "' is not a whole number");
    return v.get<std::int64_t>();
}

std::string string(const Json& j, const char* name) {
    const Json& v = field(j, name);
    if (!v.is_string()) throw std::invalid_argument(std::string("field '") + name + "' is not a string");
    return v.get<std::string>();
}

} // namespace

TrainingSettings settingsFromJson(const Json& j) {
    if (!j.is_object()) throw std::invalid_argument("settings are not a JSON object");
    TrainingSettings s;
    s.system = string(j, "system");
    if (s.system == "formula") {
        s.formula = string(j, "formula");
        if (j.contains("dof")) {
            const std::int64_t dof = integer(j, "dof");
            if (dof < 0 || dof > 64) throw std::invalid_argument("field 'dof' is out of range");
            s.dof = static_cast<int>(dof);
        }
    }
    const Json& params = field(j, "params");
    if (!params.is_object()) throw std::invalid_argument("field 'params' is not an object");
    for (const auto& [k, v] : params.items()) {
        if (!v.is_number()) throw std::invalid_argument("parameter '" + k + "' is not a number");
        s.params[k] = v.get<double>();
    }
    const Json& domain = field(j, "domain");
    if (!domain.is_array()) throw std::invalid_argument("field 'domain' is not a list");
    for (const auto& iv : domain) {
        if (!iv.is_array() || iv.size() != 2 || !iv[0].is_number() || !iv[1].is_number())
            throw std::invalid_argument("field 'domain' must hold [lo, hi] pairs of numbers");
        s.domain.intervals.push_back({iv[0].get<double>(), iv[1].get<double>()});
    }
    s.sampler = parseSampler(string(j, "sampler"));
    s.width = integer(j, "width");
    s.train = integer(j, "train");
    s.test = integer(j, "test");
    const std::int64_t seed = integer(j, "seed");
    if (seed < 0) throw std::invalid_argument("field 'seed' is negative");
    s.seed = static_cast<std::uint64_t>(seed);
    s.rcond = number(j, "rcond");
    if (j.contains("aswim_first_width")) s.aswimFirstWidth = integer(j, "aswim_first_width");
    if (j.contains("aswim_first_train")) s.aswimFirstTrain = integer(j, "aswim_first_train");
    if (j.contains("aswim_first_pass")) {
        const std::string pass = string(j, "aswim_first_pass");
        const auto full = parseAswimFullFirstPass(pass);
        if (!full) throw std::invalid_argument("field 'aswim_first_pass' is '" + pass + "', not 'auto' or 'full'");
        s.aswimFullFirstPass = *full;
    }
    s.rcondAuto = j.contains("rcond_auto") && j.at("rcond_auto").is_boolean() && j.at("rcond_auto").get<bool>();
    if (j.contains("solver")) s.solver = parseSolver(string(j, "solver"));
    if (j.contains("anchor")) {
        const Json& a = j.at("anchor");
        if (!a.is_array()) throw std::invalid_argument("field 'anchor' is not a list");
        for (const auto& v : a) {
            if (!v.is_number()) throw std::invalid_argument("field 'anchor' holds a non-number");
            s.anchor.push_back(v.get<double>());
        }
    }
    if (j.contains("anchor_H")) s.anchorH = number(j, "anchor_H");
    if (j.contains("data")) {
        const Json& d = j.at("data");
        s.data.kind = parseDataKind(string(d, "kind"));
        const std::int64_t points = integer(d, "points");
        if (points < 0 || points > 1000000) throw std::invalid_argument("field 'data.points' is out of range");
        s.data.points = static_cast<int>(points);
        s.data.dt = number(d, "dt");
        s.data.derivatives = parseDerivativeSource(string(d, "derivatives"));
        s.data.noise = number(d, "noise");
        if (d.contains("noise_relative")) {
            if (!d.at("noise_relative").is_boolean())
                throw std::invalid_argument("field 'data.noise_relative' must be true or false");
            s.data.noiseRelative = d.at("noise_relative").get<bool>();
        }
        // Added with snapshot data; files without them are uniform or trajectory data.
        if (d.contains("h")) s.data.h = number(d, "h");
        if (d.contains("fit_at")) s.data.fitAt = parseFitPoint(string(d, "fit_at"));
        if (d.contains("correct")) {
            if (!d.at("correct").is_boolean()) throw std::invalid_argument("field 'data.correct' must be true or false");
            s.data.correct = d.at("correct").get<bool>();
        }
    }
    if (j.contains("data_file")) s.dataFile = string(j, "data_file");  // measured data (optional)
    return resolveSettings(s);
}

} // namespace shnn::io

#include "model_file.h"

#include "../errors.h"
#include "../systems/system.h"
#include "atomic_file.h"
#include "json_text.h"
#include "settings_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace shnn::io {

using Json = nlohmann::ordered_json;

namespace {
constexpr std::size_t kMaxModelBytes = std::size_t(1) << 30;

std::vector<double> numbers(const Json& j, const char* name, std::size_t expected) {
    if (!j.is_array()) throw std::invalid_argument(std::string("'") + name + "' is not a list");
    if (j.size() != expected)
        throw std::invalid_argument(std::string("'") + name + "' has " + std::to_string(j.size()) + " entries, expected " +
                                    std::to_string(expected));
    std::vector<double> out;
    out.reserve(expected);
    for (const auto& v : j) {
        if (!v.is_number()) throw std::invalid_argument(std::string("'") + name + "' holds a non-number");
        const double x = v.get<double>();
        if (!std::isfinite(x)) throw std::invalid_argument(std::string("'") + name + "' holds a non-finite number");
        out.push_back(x);
    }
    return out;
}
} // namespace

Json modelToJson(const TrainingSettings& settings, const HnnModel& model, const std::optional<ErrorMetrics>& metrics) {
    Json j;
    j["format"] = "shnn-model";
    j["version"] = kModelFormatVersion;
    j["settings"] = settingsToJson(settings);
    Json net;
    net["activation"] = "tanh";
    net["input_dim"] = model.dim();
    net["width"] = model.width();
    Json W = Json::array();
    for (Eigen::Index r = 0; r < model.W.rows(); ++r) {
        Json row = Json::array();
        for (Eigen::Index c = 0; c < model.W.cols(); ++c) row.push_back(model.W(r, c));
        W.push_back(std::move(row));
    }
    net["hidden_weights"] = std::move(W);
    net["hidden_biases"] = std::vector<double>(model.b.data(), model.b.data() + model.b.size());
    net["output_weights"] = std::vector<double>(model.c.data(), model.c.data() + model.c.size());
    net["output_bias"] = model.c0;
    if (model.correction != 0.0) net["correction"] = model.correction;
    j["network"] = std::move(net);
    if (metrics) j["metrics"] = {{"rel_l2_H", metrics->relL2H}, {"rel_l2_gradH", metrics->relL2Grad}};
    return j;
}

ModelFile modelFromJson(const Json& j) {
    if (!j.is_object()) throw std::invalid_argument("not a JSON object");
    if (!j.contains("format") || j["format"] != "shnn-model") throw std::invalid_argument("not an S-HNN model file (format is not \"shnn-model\")");
    if (!j.contains("version") || !j["version"].is_number_integer()) throw std::invalid_argument("missing format version");
    const auto version = j["version"].get<std::int64_t>();
    if (version < 1 || version > kModelFormatVersion)
        throw std::invalid_argument("format version " + std::to_string(version) + " is not supported (this program reads versions 1 to " +
                                    std::to_string(kModelFormatVersion) + ")");
    if (!j.contains("settings")) throw std::invalid_argument("missing 'settings'");
    ModelFile f;
    try {
        f.settings = settingsFromJson(j["settings"]);
    } catch (const SettingsError& e) {
        throw std::invalid_argument(std::string("settings: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("settings: ") + e.what());
    }
    if (!j.contains("network") || !j["network"].is_object()) throw std::invalid_argument("missing 'network'");
    const Json& net = j["network"];
    if (!net.contains("activation") || net["activation"] != "tanh") throw std::invalid_argument("network activation must be \"tanh\"");
    const int D = static_cast<int>(f.settings.domain.dim());
    if (!net.contains("input_dim") || !net["input_dim"].is_number_integer() || net["input_dim"].get<std::int64_t>() != D)
        throw std::invalid_argument("network input_dim does not match the system's dimension " + std::to_string(D));
    if (!net.contains("width") || !net["width"].is_number_integer() || net["width"].get<std::int64_t>() != f.settings.width)
        throw std::invalid_argument("network width does not match settings width " + std::to_string(f.settings.width));
    const auto M = static_cast<std::size_t>(f.settings.width);
    if (!net.contains("hidden_weights") || !net["hidden_weights"].is_array() || net["hidden_weights"].size() != M)
        throw std::invalid_argument("'hidden_weights' must hold " + std::to_string(M) + " rows");
    f.model.W.resize(static_cast<Eigen::Index>(M), D);
    for (std::size_t r = 0; r < M; ++r) {
        const auto row = numbers(net["hidden_weights"][r], "hidden_weights row", static_cast<std::size_t>(D));
        for (int c = 0; c < D; ++c) f.model.W(static_cast<Eigen::Index>(r), c) = row[static_cast<std::size_t>(c)];
    }
    if (!net.contains("hidden_biases") || !net.contains("output_weights") || !net.contains("output_bias"))
        throw std::invalid_argument("network needs hidden_biases, output_weights and output_bias");
    const auto b = numbers(net["hidden_biases"], "hidden_biases", M);
    const auto c = numbers(net["output_weights"], "output_weights", M);
    f.model.b = Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(M));
    f.model.c = Eigen::Map<const Eigen::VectorXd>(c.data(), static_cast<Eigen::Index>(M));
    if (!net["output_bias"].is_number() || !std::isfinite(net["output_bias"].get<double>()))
        throw std::invalid_argument("'output_bias' is not a finite number");
    f.model.c0 = net["output_bias"].get<double>();
    // A snapshot fit's first-order correction κ = h/2 (absent: the plain network).
    if (net.contains("correction")) {
        if (!net["correction"].is_number() || !std::isfinite(net["correction"].get<double>()) ||
            std::abs(net["correction"].get<double>()) > 1e3)
            throw std::invalid_argument("'correction' is not a finite number of at most 1000 in magnitude");
        f.model.correction = net["correction"].get<double>();
    }
    // |tanh| ≤ 1 and sech² ≤ 1, so Ĥ ≤ Σ|c_j| + |c0| and |∂Ĥ/∂x_i| ≤ Σ|c_j||w_ji| everywhere:
    // bounded sums guarantee a network that is finite on the whole phase space.
    const double hBound = f.model.c.cwiseAbs().sum() + std::abs(f.model.c0);
    const double gBound = (f.model.c.cwiseAbs().asDiagonal() * f.model.W.cwiseAbs()).sum();
    if (!(hBound < 1e300) || !(gBound < 1e300))
        throw std::invalid_argument("network weights are so large that Ĥ or its gradient overflows");
    // Optional, but when present they are shown: two finite errors ≥ 0.
    if (j.contains("metrics")) {
        const Json& m = j["metrics"];
        auto error = [&](const char* name) {
            if (!m.is_object() || !m.contains(name) || !m[name].is_number() || !std::isfinite(m[name].get<double>()) ||
                m[name].get<double>() < 0)
                throw std::invalid_argument(std::string("'metrics' needs a finite, non-negative '") + name + "'");
            return m[name].get<double>();
        };
        f.metrics = ErrorMetrics{error("rel_l2_H"), error("rel_l2_gradH")};
    }
    return f;
}

void saveModel(const std::string& path, const TrainingResult& result) {
    const Json j = modelToJson(result.settings, result.model, result.test);
    writeFileAtomically(path, j.dump(1) + "\n");
}

ModelFile parseModelText(const std::string& text) {
    return parseWithReadableErrors("model file", [&] { return modelFromJson(parseJsonText(text)); });
}

ModelFile loadModel(const std::string& path) {
    const std::string text = readFile(path, kMaxModelBytes);
    try {
        return parseModelText(text);
    } catch (const std::invalid_argument& e) {
        throw FileError(path, e.what());
    }
}

} // namespace shnn::io

#pragma once
// TrainingSettings ⇄ JSON, shared by model files and studio session files.
#include "../train/settings.h"

#include <nlohmann/json_fwd.hpp>

namespace shnn::io {

nlohmann::ordered_json settingsToJson(const TrainingSettings& s);
// Reads and resolves settings; throws SettingsError (bad values) or std::invalid_argument
// (missing fields or wrong types), each naming the field.
TrainingSettings settingsFromJson(const nlohmann::ordered_json& j);

} // namespace shnn::io

#pragma once
// TrainingSettings ⇄ JSON, shared by model files and studio session files.
#include "../train/settings.h"

#include <nlohmann/json_fwd.hpp>

namespace shnn::io {

nlohmann::ordered_json settingsToJson(const TrainingSettings& s);
// Reads and resolves settings; throws SettingsError (bad values) or std::invalid_argument
// (missing fields or wrong types), each naming the field.
TrainingSettings settingsFromJson(const nlohmann::ordered_json& j);

// Rejects text nested deeper than maxDepth before a parser sees it (deep nesting is how
// hand-made files exhaust a recursive parser's stack). Returns a reason or "".
std::string nestingProblem(const std::string& text, int maxDepth);

} // namespace shnn::io

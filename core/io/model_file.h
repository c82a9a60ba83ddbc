#pragma once
// The model file: a trained network with everything that produced it, as versioned JSON.
// Format "shnn-model", version 2 (documented in docs/model-format.md; version 1 files, which
// predate formula systems, still load):
//   { "format": "shnn-model", "version": 1,
//     "settings": { system, [formula, dof,] params, domain, sampler, width, train, test, seed,
//                   rcond, solver, anchor, anchor_H, data },
//     "network":  { "activation": "tanh", "input_dim": D, "width": M,
//                   "hidden_weights": [[w_11..w_1D], ...], "hidden_biases": [...],
//                   "output_weights": [...], "output_bias": c0,
//                   "correction": κ (optional: snapshot fits with --correct, see hnn_model.h) },
//     "metrics":  { "rel_l2_H", "rel_l2_gradH" }   (test-set errors when saved; informative) }
#include "../model/hnn_model.h"
#include "../train/trainer.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace shnn::io {

constexpr int kModelFormatVersion = 2;  // 2: formula systems (settings.formula, settings.dof)

struct ModelFile {
    TrainingSettings settings;
    HnnModel model;
    std::optional<ErrorMetrics> metrics;
};

nlohmann::ordered_json modelToJson(const TrainingSettings& settings, const HnnModel& model,
                                   const std::optional<ErrorMetrics>& metrics);
// Checks version, shapes, finiteness and the settings; throws std::invalid_argument naming
// the first problem.
ModelFile modelFromJson(const nlohmann::ordered_json& j);

// Text → model with every check; throws std::invalid_argument naming the first problem (and
// nothing else: JSON library errors, bad settings and bad numbers are all translated).
ModelFile parseModelText(const std::string& text);

void saveModel(const std::string& path, const TrainingResult& result);  // atomic; FileError
ModelFile loadModel(const std::string& path);                           // FileError naming the first problem

} // namespace shnn::io

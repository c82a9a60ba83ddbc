#pragma once
// The reference configurations of docs/experiments.md (rows E1–E9) with the published mean
// rel_l2_H per sampler and the reference time of U-SWIM on a 64-thread node.
#include "settings.h"

#include <array>
#include <string>
#include <vector>

namespace shnn {

struct Experiment {
    std::string id;           // "E1" … "E9"
    std::string description;  // one line
    TrainingSettings settings;  // sampler left at SWIM; set per run
    std::array<double, 4> published{};  // rel_l2_H for ELM, U-SWIM, A-SWIM, SWIM (allSamplers() order)
    double referenceSecondsUSwim = 0.0;

    double publishedFor(Sampler s) const { return published[static_cast<size_t>(s)]; }
};

const std::vector<Experiment>& experiments();
// Throws SettingsError("case", ...) for an unknown id.
const Experiment& experiment(const std::string& id);

} // namespace shnn

#pragma once
// Studio sessions: every run of a session (settings, the trained network, the neurons' pairs,
// A-SWIM's first pass, errors and times), the sweep results, and the view choices, in one
// versioned JSON file. Opening it reproduces the same pictures: networks are stored exactly
// and the training states are redrawn from their seeds.
//   { "format": "shnn-session", "version": 1, "runs": [ {run} ... ], "current": k,
//     "sweep": [ {row} ... ], "view": { ... free-form for the studio ... } }
#include "../analysis/sweep.h"
#include "../train/trainer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace shnn::io {

constexpr int kSessionFormatVersion = 2;  // 2: runs of formula systems; version 1 still loads

struct Session {
    std::vector<TrainingResult> runs;  // training data is regenerated on load
    int current = -1;                  // index of the run on screen
    std::vector<SweepRow> sweep;
    nlohmann::ordered_json view = nlohmann::ordered_json::object();
};

void saveSession(const std::string& path, const Session& s);  // atomic; FileError
// Rejects a bad file with FileError naming the file and the first problem.
Session loadSession(const std::string& path);

nlohmann::ordered_json sessionToJson(const Session& s);
// `regenerateData`: redraw each run's training states from its seeds (off only for tests of
// the parser, where a hand-edited size would make every load slow).
Session sessionFromJson(const nlohmann::ordered_json& j, bool regenerateData = true);  // std::invalid_argument
// Text → session with every check; throws std::invalid_argument only.
Session parseSessionText(const std::string& text, bool regenerateData = true);

} // namespace shnn::io

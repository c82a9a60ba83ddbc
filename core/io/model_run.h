#pragma once
// A saved model as a run the studio can show: the network and its settings from the file,
// the training states redrawn from their seeds, and the errors measured again on the test
// set the settings define (the same states `shnn fit` and `shnn eval` use). No pairs (a model
// file keeps none) and no times (it was trained elsewhere).
#include "../progress.h"
#include "../train/trainer.h"
#include "model_file.h"

#include <string>

namespace shnn::io {

// Throws SettingsError (e.g. the memory guard), Cancelled.
TrainingResult runFromModelFile(const ModelFile& file, const std::string& path, const RunControl* control = nullptr);

} // namespace shnn::io

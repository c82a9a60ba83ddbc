#pragma once
// The fit options both programs accept, and the TrainingSettings they describe:
//   --system NAME  --param NAME=VALUE (repeatable)  --domain LO:HI[,LO:HI]...
//   --sampler elm|uswim|aswim|swim  --width M  --train N  --test N  --seed S  --rcond R
//   --solver qr|qr-svd|qr-nocut|svd  --anchor V[,V...]  --anchor-h H
//   --data uniform|trajectories  --traj-points K  --traj-dt DT
//   --derivatives field|finite-differences  --noise SIGMA
//   --data snapshots  --h H  --fit-at start|symplectic-euler|midpoint  --correct
#include "command_line.h"
#include "core/train/settings.h"

namespace shnn {

std::vector<text::OptionSpec> fitOptionSpecs();

// Builds and resolves settings (defaults: the systems' defaults (docs/method.md §6), sampler swim, width 1000,
// train 10000, test 10000, seed 0, rcond 1e-13). Throws SettingsError naming the option.
TrainingSettings settingsFromCommandLine(const text::CommandLine& cl, const TrainingSettings& defaults = {});

} // namespace shnn

#pragma once
// The table `shnn sweep` prints, shared by a local sweep and `sweep --collect` (a Slurm sweep's
// results print exactly as the same sweep run here would).
#include "core/analysis/sweep.h"

namespace shnn::cli {

void printSweepHeader(const SweepPlan& plan);
void printSweepRow(const SweepPlan& plan, const SweepRow& r);
// Medians over repeats per sampler and swept value, and the log-log slope of each curve
// (only when there are repeats or a varied setting).
void printSweepSummary(const SweepPlan& plan, const std::vector<SweepRow>& rows);

} // namespace shnn::cli

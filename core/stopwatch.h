#pragma once
// Wall-clock seconds for the stage times the engine reports.
#include <chrono>

namespace shnn {

using Clock = std::chrono::steady_clock;

// Seconds from t0 until now.
inline double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

} // namespace shnn

#pragma once
// The yardstick the fit's speed is reported against (`shnn bench`): the rate of double
// precision matrix multiplication (DGEMM) on this machine, now, on all the pool's threads —
// measured in the same run, because machines differ (AVX2 or AVX-512, clock, other load) and
// a speed in seconds says nothing without it.
//
// The least-squares work a fit cannot avoid (docs/method.md §2): the Householder QR of the
// N×M block S, 2·N·M² flops, plus merging the D scaled M×M triangles, (2/3)·D·M³. At the
// DGEMM rate that takes fitLimitSeconds(); a fit's "fraction of the limit" is that time over
// its measured time (1 = as fast as DGEMM allows; LAPACK's own QR reaches 0.55–0.6).
#include <cstdint>

namespace shnn {

// GFLOP/s of C = A·B with n×n matrices, the columns of B split over the pool's threads (one
// single-threaded DGEMM each, as the solver runs them); the best of `repeats` after a warm-up.
double dgemmGflops(int n = 2000, int repeats = 3);

// 2·N·M² + (2/3)·D·M³ (above).
double fitFlops(std::int64_t states, std::int64_t width, int dim);
inline double fitLimitSeconds(std::int64_t states, std::int64_t width, int dim, double gflops) {
    return fitFlops(states, width, dim) / (gflops * 1e9);
}

} // namespace shnn

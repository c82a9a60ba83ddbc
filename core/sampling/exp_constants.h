#pragma once
// The constants of the exponential that the activations use (exp_kernel.h has the method),
// shared by its portable loop (exp_kernel.cpp) and the AVX2 kernels (network_kernel.cpp), so
// both compute the same function.
namespace shnn::exp_constants {

constexpr double kLog2e = 1.4426950408889634074;
// ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 32 trailing zero bits: k·kLn2Hi is exact for |k| < 2²⁰.
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kShifter = 0x1.8p52;  // x·log2e + kShifter rounds to an integer in its low bits
// Σ rʲ/j! by Horner from j = 13 down to 0: the coefficients in that order.
constexpr double kTaylor[14] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                                1.0 / 362880.0,     1.0 / 40320.0,     1.0 / 5040.0,      1.0 / 720.0,
                                1.0 / 120.0,        1.0 / 24.0,        1.0 / 6.0,         0.5,
                                1.0,                1.0};

} // namespace shnn::exp_constants

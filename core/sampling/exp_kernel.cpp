#include "exp_kernel.h"

#include <cstring>

namespace shnn {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__) && \
    !defined(__SANITIZE_ADDRESS__)  // the clones resolve before a sanitizer runtime starts
#define SHNN_EXP_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SHNN_EXP_CLONES
#endif

SHNN_EXP_CLONES void expInPlace(double* x, std::int64_t n) {
    constexpr double kLog2e = 1.4426950408889634074;
    // ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 32 trailing zero bits: k·kLn2Hi is exact for |k| < 2²⁰.
    constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kShifter = 0x1.8p52;  // x·log2e + kShifter rounds to an integer in its low bits
    for (std::int64_t i = 0; i < n; ++i) {
        const double xi = x[i];
        const double t = xi * kLog2e + kShifter;
        const double k = t - kShifter;
        const double r = (xi - k * kLn2Hi) - k * kLn2Lo;
        // Σ rʲ/j! by Horner, j = 13 … 0.
        double p = 1.0 / 6227020800.0;
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        // 2ᵏ: t's bits are those of 1.5·2⁵² plus k; adding the bias 1023 and shifting by 52
        // leaves k + 1023 in the exponent field (1 ≤ k + 1023 ≤ 2046 for x ∈ [−708, 709]).
        std::uint64_t bits;
        std::memcpy(&bits, &t, sizeof bits);
        bits = (bits + 1023) << 52;
        double scale;
        std::memcpy(&scale, &bits, sizeof scale);
        x[i] = p * scale;
    }
}

} // namespace shnn

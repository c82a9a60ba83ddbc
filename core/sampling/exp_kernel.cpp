#include "exp_kernel.h"

#include "exp_constants.h"

#include <cstring>

namespace shnn {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__) && \
    !defined(__SANITIZE_ADDRESS__)  // the clones resolve before a sanitizer runtime starts
#define SHNN_EXP_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SHNN_EXP_CLONES
#endif

SHNN_EXP_CLONES void expInPlace(double* x, std::int64_t n) {
    using namespace exp_constants;
    for (std::int64_t i = 0; i < n; ++i) {
        const double xi = x[i];
        const double t = xi * kLog2e + kShifter;
        const double k = t - kShifter;
        const double r = (xi - k * kLn2Hi) - k * kLn2Lo;
        // Σ rʲ/j! by Horner, j = 13 … 0 (written out: a loop here could stop GCC vectorising).
        double p = kTaylor[0];
        p = p * r + kTaylor[1];
        p = p * r + kTaylor[2];
        p = p * r + kTaylor[3];
        p = p * r + kTaylor[4];
        p = p * r + kTaylor[5];
        p = p * r + kTaylor[6];
        p = p * r + kTaylor[7];
        p = p * r + kTaylor[8];
        p = p * r + kTaylor[9];
        p = p * r + kTaylor[10];
        p = p * r + kTaylor[11];
        p = p * r + kTaylor[12];
        p = p * r + kTaylor[13];
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

#pragma once
// Whether this CPU runs the engine's AVX2 + FMA kernels (network_kernel.h, panel_leaf.h),
// asked once at run time: the binary may be built for a baseline x86-64 (SHNN_NATIVE=OFF)
// and run on a CPU with or without them.
//
// Two variables force a narrower choice, for comparing and for the test suite, which runs its
// numerical tests once more with each (tests/CMakeLists.txt) so that every path is checked on
// a CPU that would otherwise take only the widest: SHNN_NO_AVX512=1 keeps the AVX2 kernels,
// SHNN_NO_AVX2=1 the portable code (Eigen's passes, LAPACK's dtpqrt2, BLAS alone).
#include <cstdlib>

namespace shnn {

inline bool cpuHasAvx2Fma() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool has =
        __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && !std::getenv("SHNN_NO_AVX2");
    return has;
#else
    return false;
#endif
}

// AVX-512F (the network kernels' eight-lane variants, network_kernel.h, and the update's
// product, reflector_product.h); libgcc's answer includes the OS's consent (XGETBV).
inline bool cpuHasAvx512() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool has = cpuHasAvx2Fma() && __builtin_cpu_supports("avx512f") && !std::getenv("SHNN_NO_AVX512");
    return has;
#else
    return false;
#endif
}

} // namespace shnn

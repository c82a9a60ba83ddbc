#pragma once
// Whether this CPU runs the engine's AVX2 + FMA kernels (network_kernel.h, panel_leaf.h),
// asked once at run time: the binary may be built for a baseline x86-64 (SHNN_NATIVE=OFF)
// and run on a CPU with or without them.
#include <cstdlib>

namespace shnn {

inline bool cpuHasAvx2Fma() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
#else
    return false;
#endif
}

// AVX-512F (the network kernels' eight-lane variants, network_kernel.h); libgcc's answer
// includes the OS's consent (XGETBV). SHNN_NO_AVX512=1 keeps the AVX2 kernels (for comparing).
inline bool cpuHasAvx512() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool has = cpuHasAvx2Fma() && __builtin_cpu_supports("avx512f") && !std::getenv("SHNN_NO_AVX512");
    return has;
#else
    return false;
#endif
}

} // namespace shnn

#pragma once
// Which kernels OpenBLAS runs on this CPU, and the restart that fixes a failed choice.
//
// OpenBLAS (Debian's build is DYNAMIC_ARCH) picks its kernels for the CPU while the library
// loads, before main(). Debian 12's 0.3.21 does not know CPUs newer than itself: on an Intel
// Xeon of family 6 model 207 (5th generation, AVX-512) it falls back to "Prescott", its SSE3
// kernels. Measured there on 2 cores: DGEMM 20 GFLOP/s with Prescott against 96 with its
// SkylakeX kernels, and the E2 U-SWIM fit 1.23 s against 0.38 s.
//
// OpenBLAS reads OPENBLAS_CORETYPE only while it loads, so the fix is to start the program
// once more with it set (execv of /proc/self/exe with the same arguments; only a DYNAMIC_ARCH
// build has other kernels to switch to). Only a failed
// choice is overridden: OpenBLAS chose kernels without AVX2 on a CPU that has AVX2 and FMA
// (the OS saving their registers). The user's own OPENBLAS_CORETYPE always wins, and the
// variable is inherited, so child processes (bench, sweep) start right the first time.
#include <string>

namespace shnn::blas {

// The CPU's vector features as the kernels' choice needs them.
struct CpuVectorFeatures {
    bool avx2Fma = false;  // AVX2 and FMA, usable
    bool avx512 = false;   // AVX-512 F, CD, BW, DQ and VL, usable (what OpenBLAS's SkylakeX kernels use)
    bool amd = false;
};
CpuVectorFeatures cpuVectorFeatures();

// OpenBLAS's name for the best kernels it has for these features: "SkylakeX" (AVX-512),
// "Zen" (AMD, AVX2), "Haswell" (AVX2), or "" when none of them applies.
std::string coreForFeatures(const CpuVectorFeatures& f);

// Whether OpenBLAS's kernels of that name use AVX2 (Haswell, Zen, SkylakeX, Cooperlake,
// SapphireRapids and the newer ones); case-insensitive.
bool coreUsesAvx2(const std::string& openblasCore);

// The override OPENBLAS_CORETYPE should get, or "" to keep OpenBLAS's own choice: a choice
// without AVX2 on a CPU with it. userSetCore: OPENBLAS_CORETYPE was set before we started.
std::string overrideFor(const std::string& chosenCore, const CpuVectorFeatures& f, bool userSetCore);

// The kernels OpenBLAS uses in this process, and its build ("OpenBLAS 0.3.21 ... DYNAMIC_ARCH
// ..."); both "" when the BLAS is not OpenBLAS.
std::string currentCore();
std::string blasConfig();

// What OpenBLAS had chosen before restartWithKernelsForThisCpu() restarted this process, or
// "" when it did not (read from SHNN_BLAS_CORE_DETECTED, which the restart sets).
std::string coreChosenBeforeRestart();

// Restarts this process with OPENBLAS_CORETYPE set when overrideFor() asks for it. Returns
// only when no restart is needed or the restart failed (then the process goes on as it is).
// Call it first thing in main(), before any thread or file is opened.
void restartWithKernelsForThisCpu();

} // namespace shnn::blas

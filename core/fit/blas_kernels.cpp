#include "blas_kernels.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <vector>

// Weak: the program still links and runs when the BLAS is not OpenBLAS (then currentCore() is "").
extern "C" char* openblas_get_corename(void) __attribute__((weak));
extern "C" char* openblas_get_config(void) __attribute__((weak));

namespace shnn::blas {

namespace {

constexpr const char* kDetectedVariable = "SHNN_BLAS_CORE_DETECTED";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

CpuVectorFeatures cpuVectorFeatures() {
    CpuVectorFeatures f;
#if defined(__x86_64__) && defined(__GNUC__)
    // Asked from the test programs' static initialisers too, perhaps before libgcc's own, so
    // initialise first (cpu_features.h's cached answers are not used here for that reason).
    // libgcc's answers include the OS's consent (XGETBV): a feature whose registers the
    // kernel does not save reads as absent.
    __builtin_cpu_init();
    f.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    f.avx512 = f.avx2Fma && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
    f.amd = __builtin_cpu_is("amd");
#endif
    return f;
}

std::string coreForFeatures(const CpuVectorFeatures& f) {
    if (f.avx512) return "SkylakeX";
    if (f.avx2Fma) return f.amd ? "Zen" : "Haswell";
    return "";
}

bool coreUsesAvx2(const std::string& openblasCore) {
    static const char* const kAvx2Cores[] = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    const std::string c = lower(openblasCore);
    return std::find(std::begin(kAvx2Cores), std::end(kAvx2Cores), c) != std::end(kAvx2Cores);
}

std::string overrideFor(const std::string& chosenCore, const CpuVectorFeatures& f, bool userSetCore) {
    if (userSetCore || chosenCore.empty() || coreUsesAvx2(chosenCore)) return "";
    return coreForFeatures(f);
}

std::string currentCore() {
    if (!openblas_get_corename) return "";
    const char* name = openblas_get_corename();
    return name ? std::string(name) : std::string();
}

std::string blasConfig() {
    if (!openblas_get_config) return "";
    const char* config = openblas_get_config();
    return config ? std::string(config) : std::string();
}

std::string coreChosenBeforeRestart() {
    const char* v = std::getenv(kDetectedVariable);
    return v ? std::string(v) : std::string();
}

void restartWithKernelsForThisCpu() {
    // Only a DYNAMIC_ARCH build has other kernels to switch to.
    if (blasConfig().find("DYNAMIC_ARCH") == std::string::npos) return;
    const std::string chosen = currentCore();
    const std::string core = overrideFor(chosen, cpuVectorFeatures(), std::getenv("OPENBLAS_CORETYPE") != nullptr);
    if (core.empty()) return;
    // The arguments as the kernel holds them (main's argv may already be changed by a library).
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.empty()) return;
    std::vector<char*> argv;
    for (std::size_t i = 0; i < cmdline.size();) {
        argv.push_back(const_cast<char*>(cmdline.c_str() + i));
        const std::size_t end = cmdline.find('\0', i);
        if (end == std::string::npos) break;
        i = end + 1;
    }
    argv.push_back(nullptr);
    setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
    setenv(kDetectedVariable, chosen.c_str(), 1);
    execv("/proc/self/exe", argv.data());
    // Not restarted: go on with OpenBLAS's own kernels, and do not pass the override on.
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(kDetectedVariable);
}

} // namespace shnn::blas

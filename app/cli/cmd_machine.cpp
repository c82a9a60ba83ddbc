// shnn machine: what this machine gives the engine: the CPU, its vector units, the threads a
// fit uses and the kernels OpenBLAS runs (core/fit/blas_kernels.h), including whether shnn had
// to restart itself because OpenBLAS did not recognise the CPU. Quick: it measures nothing
// (`shnn bench` measures the DGEMM rate).
#include "cli_common.h"
#include "commands.h"
#include "core/fit/blas_kernels.h"
#include "core/parallel/thread_pool.h"
#include "app/options/command_line.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace shnn::cli {

namespace {

// "model name (family F, model M)" from the first processor in /proc/cpuinfo: a virtual
// machine's name is often generic, the family and model tell the generation.
std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, name = "unknown", family, model;
    const auto value = [&line] {
        const auto colon = line.find(':');
        const auto start = colon == std::string::npos ? std::string::npos : line.find_first_not_of(' ', colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    };
    while (std::getline(in, line) && !line.empty()) {
        if (line.rfind("model name", 0) == 0) name = value();
        else if (line.rfind("cpu family", 0) == 0) family = value();
        else if (line.rfind("model\t", 0) == 0) model = value();
    }
    return family.empty() ? name : name + " (family " + family + ", model " + model + ")";
}

} // namespace

int runMachine(const Args& args) {
    const text::CommandLine cl(args, {{"json", false}});
    const blas::CpuVectorFeatures f = blas::cpuVectorFeatures();
    const std::string kernels = blas::currentCore(), chosen = blas::coreChosenBeforeRestart();
    const char* userCore = std::getenv("OPENBLAS_CORETYPE");
    const bool restarted = !chosen.empty();
    Json j = {{"cpu", cpuModelName()},
              {"avx2_fma", f.avx2Fma},
              {"avx512", f.avx512},
              {"threads", parallel::threadCount()},
              {"blas_config", blas::blasConfig()},
              {"blas_kernels", kernels},
              {"blas_kernels_chosen_by_openblas", restarted ? Json(chosen) : Json(nullptr)},
              {"openblas_coretype", restarted || !userCore ? Json(nullptr) : Json(userCore)}};
    if (cl.has("json")) {
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("CPU: %s\n", j["cpu"].get<std::string>().c_str());
    std::printf("vector units: AVX2+FMA %s, AVX-512 %s\n", f.avx2Fma ? "yes" : "no", f.avx512 ? "yes" : "no");
    std::printf("threads for a fit: %d (SHNN_THREADS to change)\n", parallel::threadCount());
    if (kernels.empty()) {
        std::printf("BLAS: not OpenBLAS (its kernels are not known)\n");
        return 0;
    }
    std::printf("BLAS: %s\nOpenBLAS kernels: %s", blas::blasConfig().c_str(), kernels.c_str());
    if (restarted)
        std::printf(" (OpenBLAS chose %s, without AVX2, for this CPU; shnn restarted itself with OPENBLAS_CORETYPE=%s)",
                    chosen.c_str(), kernels.c_str());
    else if (userCore)
        std::printf(" (OPENBLAS_CORETYPE=%s, your choice)", userCore);
    else
        std::printf(" (OpenBLAS's own choice)");
    std::printf("\n");
    return 0;
}

} // namespace shnn::cli

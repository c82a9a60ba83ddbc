#include "dgemm_rate.h"

#include "../parallel/thread_pool.h"

#include <Eigen/Core>
#include <cblas.h>

#include <algorithm>
#include <chrono>

namespace shnn {

double dgemmGflops(int n, int repeats) {
    const int threads = parallel::threadCount();  // also: OpenBLAS single-threaded from here
    const Eigen::MatrixXd A = Eigen::MatrixXd::Random(n, n), B = Eigen::MatrixXd::Random(n, n);
    Eigen::MatrixXd C(n, n);
    // Column panels of B and C, a few per thread so a thread slowed by other load takes fewer.
    const std::int64_t pieces = std::min<std::int64_t>(n / 64, 4 * threads);
    const auto multiply = [&] {
        parallel::parallelFor(pieces, [&](std::int64_t k, int) {
            const std::int64_t c0 = parallel::pieceBegin(n, pieces, k), c1 = parallel::pieceBegin(n, pieces, k + 1);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, static_cast<int>(c1 - c0), n, 1.0, A.data(), n,
                        B.data() + c0 * n, n, 0.0, C.data() + c0 * n, n);
        });
    };
    multiply();  // warm-up: pages, caches, the CPU's clock
    double best = 0;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        multiply();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::max(best, 2.0 * n * double(n) * n / s / 1e9);
    }
    return best;
}

double fitFlops(std::int64_t states, std::int64_t width, int dim) {
    const double N = static_cast<double>(states), M = static_cast<double>(width);
    return 2.0 * N * M * M + (2.0 / 3.0) * dim * M * M * M;
}

} // namespace shnn

#include "block_reflector.h"

#include <algorithm>
#include <cblas.h>
#include <cstddef>

namespace shnn::streamed_qr {

void applyBlockReflectorT(int m, int n, int k, const double* V, int ldv, const double* T, int ldt, double* A, int lda,
                          double* B, int ldb, double* work) {
    if (n <= 0 || k <= 0) return;
    double* Wt = work;  // n×k, leading dimension n
    // The transpositions go eight columns of A at a time: their eight cache lines stay in L1
    // while i runs down them, and each step writes eight consecutive doubles of Wᵀ.
    for (int j0 = 0; j0 < n; j0 += 8)
        for (int i = 0; i < k; ++i)
            for (int j = j0; j < std::min(n, j0 + 8); ++j)
                Wt[j + static_cast<std::size_t>(i) * n] = A[i + static_cast<std::size_t>(j) * lda];
    if (m > 0) cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, n, k, m, 1.0, B, ldb, V, ldv, 1.0, Wt, n);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, n, k, 1.0, T, ldt, Wt, n);
    for (int j0 = 0; j0 < n; j0 += 8)
        for (int i = 0; i < k; ++i)
            for (int j = j0; j < std::min(n, j0 + 8); ++j)
                A[i + static_cast<std::size_t>(j) * lda] -= Wt[j + static_cast<std::size_t>(i) * n];
    if (m > 0) cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, -1.0, V, ldv, Wt, n, 1.0, B, ldb);
}

} // namespace shnn::streamed_qr

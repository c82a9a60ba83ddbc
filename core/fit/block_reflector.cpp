#include "block_reflector.h"

#include "reflector_product.h"

#include <algorithm>
#include <cblas.h>
#include <cstddef>

namespace shnn::streamed_qr {

namespace {

// f(i, j) for i < k, j < n, eight j at a time: in the transpositions below their eight
// columns of A stay in L1 while i runs down them, and each step touches eight consecutive
// doubles of Wᵀ.
template <class F>
void transposedOrder(int n, int k, F f) {
    for (int j0 = 0; j0 < n; j0 += 8)
        for (int i = 0; i < k; ++i)
            for (int j = j0; j < std::min(n, j0 + 8); ++j) f(i, j);
}

// W = A + VᵀB by reflector_product.h, the rest as in the header. work: W, then V packed.
void applyPacked(int m, int n, int k, const double* V, int ldv, const double* T, int ldt, double* A, int lda,
                 double* B, int ldb, double* work) {
    const int kp = paddedReflectors(k);
    double* W = work;  // kp×n: A's k rows, zeros below
    double* Vp = W + static_cast<std::size_t>(kp) * n;
    for (int j = 0; j < n; ++j) {
        std::copy_n(A + static_cast<std::size_t>(j) * lda, k, W + static_cast<std::size_t>(j) * kp);
        std::fill(W + static_cast<std::size_t>(j) * kp + k, W + static_cast<std::size_t>(j + 1) * kp, 0.0);
    }
    packReflectors(m, k, V, ldv, Vp);
    addReflectorProduct(m, n, k, Vp, B, ldb, W, kp);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, k, n, 1.0, T, ldt, W, kp);
    for (int j = 0; j < n; ++j) {
        double* a = A + static_cast<std::size_t>(j) * lda;
        const double* w = W + static_cast<std::size_t>(j) * kp;
        for (int i = 0; i < k; ++i) a[i] -= w[i];
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, -1.0, V, ldv, W, kp, 1.0, B, ldb);
}

bool packedUpdate(int m, int n) { return m > 0 && n >= 64 && reflectorProductAvailable(); }

} // namespace

std::size_t blockReflectorWorkDoubles(int m, int n, int k) {
    if (n <= 0 || k <= 0) return 0;
    if (!packedUpdate(m, n)) return static_cast<std::size_t>(n) * static_cast<std::size_t>(k);
    return static_cast<std::size_t>(paddedReflectors(k)) * static_cast<std::size_t>(n) + packedReflectorDoubles(m, k);
}

void applyBlockReflectorT(int m, int n, int k, const double* V, int ldv, const double* T, int ldt, double* A, int lda,
                          double* B, int ldb, std::vector<double>& work) {
    if (n <= 0 || k <= 0) return;
    work.resize(std::max(work.size(), blockReflectorWorkDoubles(m, n, k)));
    if (packedUpdate(m, n)) return applyPacked(m, n, k, V, ldv, T, ldt, A, lda, B, ldb, work.data());
    double* Wt = work.data();  // n×k, leading dimension n
    const auto a = [&](int i, int j) -> double& { return A[i + static_cast<std::size_t>(j) * lda]; };
    const auto wt = [&](int j, int i) -> double& { return Wt[j + static_cast<std::size_t>(i) * n]; };
    transposedOrder(n, k, [&](int i, int j) { wt(j, i) = a(i, j); });
    if (m > 0) cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, n, k, m, 1.0, B, ldb, V, ldv, 1.0, Wt, n);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, n, k, 1.0, T, ldt, Wt, n);
    transposedOrder(n, k, [&](int i, int j) { a(i, j) -= wt(j, i); });
    if (m > 0) cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, n, k, -1.0, V, ldv, Wt, n, 1.0, B, ldb);
}

} // namespace shnn::streamed_qr

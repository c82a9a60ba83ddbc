#include "panel_leaf.h"

#include "../cpu_features.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SHNN_LEAF_AVX2 1
#endif
// A vector passed between AVX2 code and code built without AVX (the portable and sanitizer
// builds) goes by two different ABIs and arrives as garbage: an error here, not wrong numbers.
#ifdef __GNUC__
#pragma GCC diagnostic error "-Wpsabi"
#endif

extern "C" void dlarfg_(const int* n, double* alpha, double* x, const int* incx, double* tau);

namespace shnn::streamed_qr {

namespace {

#ifdef SHNN_LEAF_AVX2

constexpr int kMaxCols = 16;
// Rows per strip: the strip of x and of the column whose norm is taken stay in L1 while
// every other column of the strip is updated (and, for the Gram, all n columns: 24 KB at n = 12).
constexpr int kStrip = 256;

__attribute__((target("avx2,fma"))) inline double lanesSum(__m256d v) {
    double l[4];
    _mm256_storeu_pd(l, v);
    return (l[0] + l[1]) + (l[2] + l[3]);
}

// Lanes k < count of a 4-row chunk.
__attribute__((target("avx2,fma"))) inline __m256i tailMask(int count) {
    return _mm256_setr_epi64x(count > 0 ? -1 : 0, count > 1 ? -1 : 0, count > 2 ? -1 : 0, 0);
}

// Four chunks of four rows per step with four sums: one running sum would wait for the
// FMA before it (4 cycles) on every chunk.
struct Sums {
    __m256d s0, s1, s2, s3;
};
__attribute__((target("avx2,fma"))) inline Sums zeroSums() {
    return {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
}
__attribute__((target("avx2,fma"))) inline __m256d total(const Sums& a) {
    return _mm256_add_pd(_mm256_add_pd(a.s0, a.s1), _mm256_add_pd(a.s2, a.s3));
}

// Rows [r0, r1) of b (r1 − r0 a multiple of 4 but for the masked last chunk of the matrix):
// b −= c x where x, then the sum of y∘b on the new values (y = b: the squared norm).
template <bool kUpdate>
__attribute__((target("avx2,fma"))) inline __m256d updateAndDot(int r0, int f1, int r1, const double* x, double c,
                                                                 const double* y, double* b, __m256i mask) {
    const __m256d cv = _mm256_set1_pd(c);
    Sums a = zeroSums();
    int r = r0;
    for (; r + 16 <= f1; r += 16) {
        __m256d v0 = _mm256_loadu_pd(b + r), v1 = _mm256_loadu_pd(b + r + 4), v2 = _mm256_loadu_pd(b + r + 8),
                v3 = _mm256_loadu_pd(b + r + 12);
        if (kUpdate) {
            v0 = _mm256_fnmadd_pd(cv, _mm256_loadu_pd(x + r), v0);
            v1 = _mm256_fnmadd_pd(cv, _mm256_loadu_pd(x + r + 4), v1);
            v2 = _mm256_fnmadd_pd(cv, _mm256_loadu_pd(x + r + 8), v2);
            v3 = _mm256_fnmadd_pd(cv, _mm256_loadu_pd(x + r + 12), v3);
            _mm256_storeu_pd(b + r, v0);
            _mm256_storeu_pd(b + r + 4, v1);
            _mm256_storeu_pd(b + r + 8, v2);
            _mm256_storeu_pd(b + r + 12, v3);
        }
        a.s0 = _mm256_fmadd_pd(y == b ? v0 : _mm256_loadu_pd(y + r), v0, a.s0);
        a.s1 = _mm256_fmadd_pd(y == b ? v1 : _mm256_loadu_pd(y + r + 4), v1, a.s1);
        a.s2 = _mm256_fmadd_pd(y == b ? v2 : _mm256_loadu_pd(y + r + 8), v2, a.s2);
        a.s3 = _mm256_fmadd_pd(y == b ? v3 : _mm256_loadu_pd(y + r + 12), v3, a.s3);
    }
    for (; r < f1; r += 4) {
        __m256d v = _mm256_loadu_pd(b + r);
        if (kUpdate) {
            v = _mm256_fnmadd_pd(cv, _mm256_loadu_pd(x + r), v);
            _mm256_storeu_pd(b + r, v);
        }
        a.s0 = _mm256_fmadd_pd(y == b ? v : _mm256_loadu_pd(y + r), v, a.s0);
    }
    if (f1 < r1) {
        __m256d v = _mm256_maskload_pd(b + f1, mask);
        if (kUpdate) {
            v = _mm256_fnmadd_pd(cv, _mm256_maskload_pd(x + f1, mask), v);
            _mm256_maskstore_pd(b + f1, mask, v);
        }
        a.s0 = _mm256_fmadd_pd(y == b ? v : _mm256_maskload_pd(y + f1, mask), v, a.s0);
    }
    return total(a);
}

// Rows [r0, r1) of x times s (chunks of four up to f1, then the masked last one).
__attribute__((target("avx2,fma"))) inline void scaleRows(int r0, int f1, int r1, double* x, double s, __m256i mask) {
    const __m256d sv = _mm256_set1_pd(s);
    for (int r = r0; r < f1; r += 4) _mm256_storeu_pd(x + r, _mm256_mul_pd(sv, _mm256_loadu_pd(x + r)));
    if (f1 < r1) _mm256_maskstore_pd(x + f1, mask, _mm256_mul_pd(sv, _mm256_maskload_pd(x + f1, mask)));
}

// One pass over the rows of columns [j0, n) of B. With x (the pending reflector's column,
// unscaled): B(:, j) −= coef[j] x, then x ← s x where scale. Without x: nothing is written.
// On the values as they leave the pass: nrm2 = ‖B(:, j0)‖², dots[j] = B(:, j0)ᵀ B(:, j), j > j0.
__attribute__((target("avx2,fma"))) void fusedPass(int m, double* x, double s, bool scale, const double* coef, int j0,
                                                   int n, double* B, int ldb, double& nrm2, double* dots) {
    __m256d nrm = _mm256_setzero_pd(), dot[kMaxCols];
    for (int j = 0; j < n; ++j) dot[j] = _mm256_setzero_pd();
    double* y = B + static_cast<std::size_t>(j0) * ldb;
    const int full = m / 4 * 4;
    const __m256i mask = tailMask(m - full);
    for (int r0 = 0; r0 < m; r0 += kStrip) {
        const int r1 = std::min(m, r0 + kStrip), f1 = std::min(r1, full);
        // The column whose norm is taken first, so that the others meet its new values.
        nrm = _mm256_add_pd(nrm, x ? updateAndDot<true>(r0, f1, r1, x, coef[j0], y, y, mask)
                                   : updateAndDot<false>(r0, f1, r1, x, 0.0, y, y, mask));
        for (int j = j0 + 1; j < n; ++j) {
            double* b = B + static_cast<std::size_t>(j) * ldb;
            dot[j] = _mm256_add_pd(dot[j], x ? updateAndDot<true>(r0, f1, r1, x, coef[j], y, b, mask)
                                             : updateAndDot<false>(r0, f1, r1, x, 0.0, y, b, mask));
        }
        if (x && scale) scaleRows(r0, f1, r1, x, s, mask);
    }
    nrm2 = lanesSum(nrm);
    for (int j = j0 + 1; j < n; ++j) dots[j] = lanesSum(dot[j]);
}

// G(k, i) = v_kᵀ v_i for k < i (G: kMaxCols × kMaxCols, column-major).
__attribute__((target("avx2,fma"))) void gramOfV(int m, int n, const double* B, int ldb, double* G) {
    __m256d g[kMaxCols * (kMaxCols - 1) / 2];
    const int pairs = n * (n - 1) / 2;
    for (int p = 0; p < pairs; ++p) g[p] = _mm256_setzero_pd();
    const int full = m / 4 * 4;
    const __m256i mask = tailMask(m - full);
    for (int r0 = 0; r0 < m; r0 += kStrip) {
        const int r1 = std::min(m, r0 + kStrip), f1 = std::min(r1, full);
        int p = 0;
        for (int i = 1; i < n; ++i) {
            const double* vi = B + static_cast<std::size_t>(i) * ldb;
            for (int k = 0; k < i; ++k, ++p) {
                const double* vk = B + static_cast<std::size_t>(k) * ldb;
                g[p] = _mm256_add_pd(g[p], updateAndDot<false>(r0, f1, r1, nullptr, 0.0, vk, const_cast<double*>(vi), mask));
            }
        }
    }
    int p = 0;
    for (int i = 1; i < n; ++i)
        for (int k = 0; k < i; ++k, ++p) G[k + i * kMaxCols] = lanesSum(g[p]);
}

// AVX2 code itself: it passes vectors (tailMask's) to the helpers above, and a caller built
// without AVX would pass them by another ABI (the portable and sanitizer builds).
__attribute__((target("avx2,fma"))) void leafQr(int m, int n, double* A, int lda, double* B, int ldb, double* T,
                                                int ldt) {
    auto a = [&](int r, int c) -> double& { return A[r + static_cast<std::size_t>(c) * lda]; };
    auto col = [&](int j) { return B + static_cast<std::size_t>(j) * ldb; };
    double tau[kMaxCols], dots[kMaxCols], coef[kMaxCols], nrm2 = 0.0;
    // Column 0's norm and its products with the others, before any reflector.
    fusedPass(m, nullptr, 1.0, false, nullptr, 0, n, B, ldb, nrm2, dots);
    for (int i = 0; i < n; ++i) {
        const double alpha = a(i, i);
        double s = 1.0;  // the scale still owed to x = B(:, i): v_i = s x
        if (nrm2 >= 1e-250 && nrm2 < std::numeric_limits<double>::infinity()) {
            const double beta = -std::copysign(std::hypot(alpha, std::sqrt(nrm2)), alpha);
            tau[i] = (beta - alpha) / beta;
            s = 1.0 / (alpha - beta);
            a(i, i) = beta;
            for (int j = i + 1; j < n; ++j) dots[j] *= s;  // now v_iᵀ B(:, j)
        } else {
            // A zero, underflowing, overflowing or NaN column: LAPACK's dlarfg with its scaled
            // norm, which writes v_i itself; then the products with v_i explicitly.
            const int rows = m + 1, one = 1;
            dlarfg_(&rows, &a(i, i), col(i), &one, &tau[i]);
            double unused = 0.0;
            fusedPass(m, nullptr, 1.0, false, nullptr, i, n, B, ldb, unused, dots);
        }
        for (int j = i + 1; j < n; ++j) {
            const double w = a(i, j) + dots[j];
            a(i, j) -= tau[i] * w;
            coef[j] = tau[i] * w * s;  // B(:, j) −= τ w v_i = (τ w s) x
        }
        if (i + 1 < n) fusedPass(m, col(i), s, s != 1.0, coef, i + 1, n, B, ldb, nrm2, dots);
        else if (s != 1.0) scaleRows(0, m / 4 * 4, m, col(i), s, tailMask(m % 4));
    }
    double G[kMaxCols * kMaxCols];
    gramOfV(m, n, B, ldb, G);
    auto t = [&](int r, int c) -> double& { return T[r + static_cast<std::size_t>(c) * ldt]; };
    for (int i = 0; i < n; ++i) {
        t(i, i) = tau[i];
        for (int r = i + 1; r < n; ++r) t(r, i) = 0.0;
        // T(0:i, i) = T(0:i, 0:i) (−τ_i G(0:i, i)), rows top down: row k reads only T(k, k:i),
        // all of it in earlier columns.
        double u[kMaxCols];
        for (int k = 0; k < i; ++k) u[k] = -tau[i] * G[k + i * kMaxCols];
        for (int k = 0; k < i; ++k) {
            double sum = 0.0;
            for (int l = k; l < i; ++l) sum += t(k, l) * u[l];
            t(k, i) = sum;
        }
    }
}

#endif

} // namespace

bool panelLeafAvailable() {
#ifdef SHNN_LEAF_AVX2
    return cpuHasAvx2Fma();
#else
    return false;
#endif
}

bool panelLeafQr(int m, int n, double* A, int lda, double* B, int ldb, double* T, int ldt) {
#ifdef SHNN_LEAF_AVX2
    if (n < 1 || n > kMaxCols || !panelLeafAvailable()) return false;
    leafQr(m, n, A, lda, B, ldb, T, ldt);
    return true;
#else
    (void)m, (void)n, (void)A, (void)lda, (void)B, (void)ldb, (void)T, (void)ldt;
    return false;
#endif
}

} // namespace shnn::streamed_qr

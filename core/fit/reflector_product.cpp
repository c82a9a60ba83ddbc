#include "reflector_product.h"

#include "../cpu_features.h"

#include <algorithm>
#include <cstddef>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SHNN_PRODUCT_AVX512 1
#define SHNN_AVX512 __attribute__((target("avx512f,avx2,fma")))
#endif
// Vectors never cross a call here (only pointers do), but should one ever cross between this
// AVX-512 code and code built without it, that is an error, not garbage (panel_leaf.cpp).
#ifdef __GNUC__
#pragma GCC diagnostic error "-Wpsabi"
#endif

namespace shnn::streamed_qr {

namespace {

#ifdef SHNN_PRODUCT_AVX512

constexpr int kSliver = 24;  // columns of V per sliver: three vectors of 8
// Rows of B per pass of the slivers: B's 8 columns of a chunk (24 KB) stay in L1 while the
// slivers pass over them, the slivers' chunk (288 KB at k = 96) in L2. Measured with the
// numbers of reflector_product.h: 192 to 768 rows within noise of each other.
constexpr int kChunkRows = 384;

// Columns c0 … c0+7 of V (zero past k) as rows r … r+7, eight at a time: an 8×8 transpose.
SHNN_AVX512 void packEight(int m, int k, int c0, const double* V, int ldv, double* out, int width) {
    const double* col[8];
    for (int q = 0; q < 8; ++q) col[q] = c0 + q < k ? V + static_cast<std::size_t>(c0 + q) * ldv : nullptr;
    int r = 0;
    for (; r + 8 <= m; r += 8) {
        __m512d x[8];
#pragma GCC unroll 8
        for (int q = 0; q < 8; ++q) x[q] = col[q] ? _mm512_loadu_pd(col[q] + r) : _mm512_setzero_pd();
        // x[q] = column q, rows r … r+7. Pairs of columns interleaved, then 128- and 256-bit
        // lanes exchanged: y[i] = row r+i, columns 0 … 7.
        const __m512d t0 = _mm512_unpacklo_pd(x[0], x[1]), t1 = _mm512_unpackhi_pd(x[0], x[1]);
        const __m512d t2 = _mm512_unpacklo_pd(x[2], x[3]), t3 = _mm512_unpackhi_pd(x[2], x[3]);
        const __m512d t4 = _mm512_unpacklo_pd(x[4], x[5]), t5 = _mm512_unpackhi_pd(x[4], x[5]);
        const __m512d t6 = _mm512_unpacklo_pd(x[6], x[7]), t7 = _mm512_unpackhi_pd(x[6], x[7]);
        const __m512d u0 = _mm512_shuffle_f64x2(t0, t2, 0x88), u1 = _mm512_shuffle_f64x2(t1, t3, 0x88);
        const __m512d u2 = _mm512_shuffle_f64x2(t0, t2, 0xdd), u3 = _mm512_shuffle_f64x2(t1, t3, 0xdd);
        const __m512d u4 = _mm512_shuffle_f64x2(t4, t6, 0x88), u5 = _mm512_shuffle_f64x2(t5, t7, 0x88);
        const __m512d u6 = _mm512_shuffle_f64x2(t4, t6, 0xdd), u7 = _mm512_shuffle_f64x2(t5, t7, 0xdd);
        const __m512d y[8] = {_mm512_shuffle_f64x2(u0, u4, 0x88), _mm512_shuffle_f64x2(u1, u5, 0x88),
                              _mm512_shuffle_f64x2(u2, u6, 0x88), _mm512_shuffle_f64x2(u3, u7, 0x88),
                              _mm512_shuffle_f64x2(u0, u4, 0xdd), _mm512_shuffle_f64x2(u1, u5, 0xdd),
                              _mm512_shuffle_f64x2(u2, u6, 0xdd), _mm512_shuffle_f64x2(u3, u7, 0xdd)};
#pragma GCC unroll 8
        for (int i = 0; i < 8; ++i) _mm512_storeu_pd(out + static_cast<std::size_t>(r + i) * width, y[i]);
    }
    for (; r < m; ++r)
        for (int q = 0; q < 8; ++q) out[static_cast<std::size_t>(r) * width + q] = col[q] ? col[q][r] : 0.0;
}

// The 8·S × NC tile of W at w += the sliver's rows [r0, r1) times B's NC columns at b.
// (Fully unrolled: with loops left in, GCC keeps the accumulators in memory.)
template <int S, int NC>
SHNN_AVX512 void tile(int r0, int r1, const double* vp, const double* b, int ldb, double* w, int ldw) {
    __m512d acc[S][NC];
    const double* bq[NC];
#pragma GCC unroll 8
    for (int q = 0; q < NC; ++q) {
        bq[q] = b + static_cast<std::size_t>(q) * ldb;
#pragma GCC unroll 3
        for (int s = 0; s < S; ++s) acc[s][q] = _mm512_loadu_pd(w + static_cast<std::size_t>(q) * ldw + 8 * s);
    }
    for (int r = r0; r < r1; ++r) {
        __m512d v[S];
#pragma GCC unroll 3
        for (int s = 0; s < S; ++s) v[s] = _mm512_loadu_pd(vp + static_cast<std::size_t>(r) * 8 * S + 8 * s);
#pragma GCC unroll 8
        for (int q = 0; q < NC; ++q) {
            const __m512d x = _mm512_set1_pd(bq[q][r]);
#pragma GCC unroll 3
            for (int s = 0; s < S; ++s) acc[s][q] = _mm512_fmadd_pd(v[s], x, acc[s][q]);
        }
    }
#pragma GCC unroll 8
    for (int q = 0; q < NC; ++q)
#pragma GCC unroll 3
        for (int s = 0; s < S; ++s) _mm512_storeu_pd(w + static_cast<std::size_t>(q) * ldw + 8 * s, acc[s][q]);
}

template <int S>
SHNN_AVX512 void tileColumns(int nc, int r0, int r1, const double* vp, const double* b, int ldb, double* w, int ldw) {
    switch (nc) {
    case 8: return tile<S, 8>(r0, r1, vp, b, ldb, w, ldw);
    case 7: return tile<S, 7>(r0, r1, vp, b, ldb, w, ldw);
    case 6: return tile<S, 6>(r0, r1, vp, b, ldb, w, ldw);
    case 5: return tile<S, 5>(r0, r1, vp, b, ldb, w, ldw);
    case 4: return tile<S, 4>(r0, r1, vp, b, ldb, w, ldw);
    case 3: return tile<S, 3>(r0, r1, vp, b, ldb, w, ldw);
    case 2: return tile<S, 2>(r0, r1, vp, b, ldb, w, ldw);
    default: return tile<S, 1>(r0, r1, vp, b, ldb, w, ldw);
    }
}

SHNN_AVX512 void pack(int m, int k, const double* V, int ldv, double* Vp) {
    const int kp = paddedReflectors(k);
    for (int j0 = 0; j0 < kp; j0 += kSliver) {
        const int width = std::min(kSliver, kp - j0);
        double* sliver = Vp + static_cast<std::size_t>(j0) * m;
        for (int c = 0; c < width; c += 8) packEight(m, k, j0 + c, V, ldv, sliver + c, width);
    }
}

SHNN_AVX512 void product(int m, int n, int k, const double* Vp, const double* B, int ldb, double* W, int ldw) {
    const int kp = paddedReflectors(k);
    for (int r0 = 0; r0 < m; r0 += kChunkRows) {
        const int r1 = std::min(m, r0 + kChunkRows);
        for (int c0 = 0; c0 < n; c0 += 8) {
            const int nc = std::min(8, n - c0);
            const double* b = B + static_cast<std::size_t>(c0) * ldb;
            for (int j0 = 0; j0 < kp; j0 += kSliver) {
                const double* sliver = Vp + static_cast<std::size_t>(j0) * m;
                double* w = W + static_cast<std::size_t>(c0) * ldw + j0;
                switch (std::min(kSliver, kp - j0)) {
                case 24: tileColumns<3>(nc, r0, r1, sliver, b, ldb, w, ldw); break;
                case 16: tileColumns<2>(nc, r0, r1, sliver, b, ldb, w, ldw); break;
                default: tileColumns<1>(nc, r0, r1, sliver, b, ldb, w, ldw); break;
                }
            }
        }
    }
}

#endif

} // namespace

bool reflectorProductAvailable() {
#ifdef SHNN_PRODUCT_AVX512
    return cpuHasAvx512();
#else
    return false;
#endif
}

void packReflectors(int m, int k, const double* V, int ldv, double* Vp) {
#ifdef SHNN_PRODUCT_AVX512
    if (m > 0 && k > 0) pack(m, k, V, ldv, Vp);
#else
    (void)m, (void)k, (void)V, (void)ldv, (void)Vp;
#endif
}

void addReflectorProduct(int m, int n, int k, const double* Vp, const double* B, int ldb, double* W, int ldw) {
#ifdef SHNN_PRODUCT_AVX512
    if (m > 0 && n > 0 && k > 0) product(m, n, k, Vp, B, ldb, W, ldw);
#else
    (void)m, (void)n, (void)k, (void)Vp, (void)B, (void)ldb, (void)W, (void)ldw;
#endif
}

} // namespace shnn::streamed_qr

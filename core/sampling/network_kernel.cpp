#include "network_kernel.h"

#include "activation.h"
#include "exp_constants.h"

#include "../cpu_features.h"

#include <Eigen/Core>

#include <cmath>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SHNN_TANH_AVX2 1
#endif
// A vector passed between AVX2 code and code built without AVX (the portable and sanitizer
// builds) goes by two different ABIs and arrives as garbage: an error here, not wrong numbers.
#ifdef __GNUC__
#pragma GCC diagnostic error "-Wpsabi"
#endif

namespace shnn {

namespace {

#ifdef SHNN_TANH_AVX2
using namespace exp_constants;

// exp_kernel.h's exponential, four values at a time.
__attribute__((target("avx2,fma"))) inline __m256d expAvx2(__m256d x) {
    const __m256d shifter = _mm256_set1_pd(kShifter);
    const __m256d t = _mm256_fmadd_pd(x, _mm256_set1_pd(kLog2e), shifter);
    const __m256d k = _mm256_sub_pd(t, shifter);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(kLn2Hi), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(kLn2Lo), r);
    __m256d p = _mm256_set1_pd(kTaylor[0]);
    for (int j = 1; j < 14; ++j) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(kTaylor[j]));
    // 2ᵏ from t's low bits (exp_kernel.h): (bits + 1023) << 52.
    const __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(1023)), 52);
    return _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
}

// One state, everything in one pass: z = b + Σ_i x_i Wt_i, then Ĥ and ∇Ĥ's sums.
template <int kD>
__attribute__((target("avx2,fma"))) double stateAvx2(const double* x, const double* Wt, std::int64_t ldw,
                                                     const double* b, const double* c, const double* Wc,
                                                     std::int64_t ldc, double* grad, std::int64_t n) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d xs[kD], g[kD];
    for (int i = 0; i < kD; ++i) {
        xs[i] = _mm256_set1_pd(x[i]);
        g[i] = _mm256_setzero_pd();
    }
    __m256d h = _mm256_setzero_pd();
    double ct[4], bt[4], wt[kD][4], wc[kD][4];
    for (std::int64_t j = 0; j < n; j += 4) {
        const bool full = j + 4 <= n;
        __m256d z, cj;
        __m256d w[kD], v[kD];
        if (full) {
            z = _mm256_loadu_pd(b + j);
            cj = _mm256_loadu_pd(c + j);
            for (int i = 0; i < kD; ++i) {
                w[i] = _mm256_loadu_pd(Wt + i * ldw + j);
                v[i] = _mm256_loadu_pd(Wc + i * ldc + j);
            }
        } else {  // the last 1–3 neurons, padded with zeros (c = 0, Wc = 0: they add nothing)
            const std::int64_t m = n - j;
            for (int k = 0; k < 4; ++k) {
                bt[k] = k < m ? b[j + k] : 0.0;
                ct[k] = k < m ? c[j + k] : 0.0;
                for (int i = 0; i < kD; ++i) {
                    wt[i][k] = k < m ? Wt[i * ldw + j + k] : 0.0;
                    wc[i][k] = k < m ? Wc[i * ldc + j + k] : 0.0;
                }
            }
            z = _mm256_loadu_pd(bt);
            cj = _mm256_loadu_pd(ct);
            for (int i = 0; i < kD; ++i) {
                w[i] = _mm256_loadu_pd(wt[i]);
                v[i] = _mm256_loadu_pd(wc[i]);
            }
        }
        for (int i = 0; i < kD; ++i) z = _mm256_fmadd_pd(xs[i], w[i], z);
        z = _mm256_max_pd(_mm256_min_pd(z, _mm256_set1_pd(350.0)), _mm256_set1_pd(-350.0));
        const __m256d e = expAvx2(_mm256_mul_pd(_mm256_set1_pd(-2.0), z));
        const __m256d r = _mm256_div_pd(one, _mm256_add_pd(one, e));
        h = _mm256_fmadd_pd(cj, _mm256_fmsub_pd(_mm256_set1_pd(2.0), r, one), h);
        if (grad) {
            const __m256d s = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(4.0), _mm256_mul_pd(e, r)), r);
            for (int i = 0; i < kD; ++i) g[i] = _mm256_fmadd_pd(s, v[i], g[i]);
        }
    }
    double lanes[4];
    if (grad)
        for (int i = 0; i < kD; ++i) {
            _mm256_storeu_pd(lanes, g[i]);
            grad[i] = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        }
    _mm256_storeu_pd(lanes, h);
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

// One neuron over n states: sech²(b + Σ_i w_i X(:, i)).
template <int kD>
__attribute__((target("avx2,fma"))) void sech2ColumnAvx2(const double* X, std::int64_t ldx, const double* w, double b,
                                                         double* out, std::int64_t n) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d ws[kD];
    for (int i = 0; i < kD; ++i) ws[i] = _mm256_set1_pd(w[i]);
    double xt[kD][4], st[4];
    for (std::int64_t r = 0; r < n; r += 4) {
        const bool full = r + 4 <= n;
        __m256d z = _mm256_set1_pd(b);
        if (full) {
            for (int i = 0; i < kD; ++i) z = _mm256_fmadd_pd(ws[i], _mm256_loadu_pd(X + i * ldx + r), z);
        } else {  // the last 1–3 states, padded
            for (int i = 0; i < kD; ++i) {
                for (int k = 0; k < 4; ++k) xt[i][k] = r + k < n ? X[i * ldx + r + k] : 0.0;
                z = _mm256_fmadd_pd(ws[i], _mm256_loadu_pd(xt[i]), z);
            }
        }
        z = _mm256_max_pd(_mm256_min_pd(z, _mm256_set1_pd(350.0)), _mm256_set1_pd(-350.0));
        const __m256d e = expAvx2(_mm256_mul_pd(_mm256_set1_pd(-2.0), z));
        const __m256d q = _mm256_div_pd(one, _mm256_add_pd(one, e));
        const __m256d s = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(4.0), _mm256_mul_pd(e, q)), q);
        if (full) {
            _mm256_storeu_pd(out + r, s);
        } else {
            _mm256_storeu_pd(st, s);
            for (int k = 0; r + k < n; ++k) out[r + k] = st[k];
        }
    }
}

// The same two kernels eight values at a time (AVX-512F), for CPUs that have it. The lanes
// compute exactly what the AVX2 lanes do (the same operations, the division included); only
// the sums' order differs (eight lanes, then a tree). The last 1–7 neurons or states are
// masked loads of zeros (c = 0, Wc = 0: they add nothing) and masked stores.
__attribute__((target("avx512f"))) inline __m512d expAvx512(__m512d x) {
    const __m512d shifter = _mm512_set1_pd(kShifter);
    const __m512d t = _mm512_fmadd_pd(x, _mm512_set1_pd(kLog2e), shifter);
    const __m512d k = _mm512_sub_pd(t, shifter);
    __m512d r = _mm512_fnmadd_pd(k, _mm512_set1_pd(kLn2Hi), x);
    r = _mm512_fnmadd_pd(k, _mm512_set1_pd(kLn2Lo), r);
    __m512d p = _mm512_set1_pd(kTaylor[0]);
    for (int j = 1; j < 14; ++j) p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(kTaylor[j]));
    const __m512i bits = _mm512_slli_epi64(_mm512_add_epi64(_mm512_castpd_si512(t), _mm512_set1_epi64(1023)), 52);
    return _mm512_mul_pd(p, _mm512_castsi512_pd(bits));
}

__attribute__((target("avx512f"))) inline __mmask8 tailMask(std::int64_t left) {
    return static_cast<__mmask8>(left >= 8 ? 0xFF : (1u << left) - 1u);
}

template <int kD>
__attribute__((target("avx512f"))) double stateAvx512(const double* x, const double* Wt, std::int64_t ldw,
                                                       const double* b, const double* c, const double* Wc,
                                                       std::int64_t ldc, double* grad, std::int64_t n) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d xs[kD], g[kD];
    for (int i = 0; i < kD; ++i) {
        xs[i] = _mm512_set1_pd(x[i]);
        g[i] = _mm512_setzero_pd();
    }
    __m512d h = _mm512_setzero_pd();
    for (std::int64_t j = 0; j < n; j += 8) {
        const __mmask8 m = tailMask(n - j);
        __m512d z = _mm512_maskz_loadu_pd(m, b + j);
        const __m512d cj = _mm512_maskz_loadu_pd(m, c + j);
        for (int i = 0; i < kD; ++i) z = _mm512_fmadd_pd(xs[i], _mm512_maskz_loadu_pd(m, Wt + i * ldw + j), z);
        z = _mm512_max_pd(_mm512_min_pd(z, _mm512_set1_pd(350.0)), _mm512_set1_pd(-350.0));
        const __m512d e = expAvx512(_mm512_mul_pd(_mm512_set1_pd(-2.0), z));
        const __m512d r = _mm512_div_pd(one, _mm512_add_pd(one, e));
        h = _mm512_fmadd_pd(cj, _mm512_fmsub_pd(_mm512_set1_pd(2.0), r, one), h);
        if (grad) {
            const __m512d s = _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(4.0), _mm512_mul_pd(e, r)), r);
            for (int i = 0; i < kD; ++i) g[i] = _mm512_fmadd_pd(s, _mm512_maskz_loadu_pd(m, Wc + i * ldc + j), g[i]);
        }
    }
    if (grad)
        for (int i = 0; i < kD; ++i) grad[i] = _mm512_reduce_add_pd(g[i]);
    return _mm512_reduce_add_pd(h);
}

template <int kD>
__attribute__((target("avx512f"))) void sech2ColumnAvx512(const double* X, std::int64_t ldx, const double* w,
                                                           double b, double* out, std::int64_t n) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d ws[kD];
    for (int i = 0; i < kD; ++i) ws[i] = _mm512_set1_pd(w[i]);
    for (std::int64_t r = 0; r < n; r += 8) {
        const __mmask8 m = tailMask(n - r);
        __m512d z = _mm512_set1_pd(b);
        for (int i = 0; i < kD; ++i) z = _mm512_fmadd_pd(ws[i], _mm512_maskz_loadu_pd(m, X + i * ldx + r), z);
        z = _mm512_max_pd(_mm512_min_pd(z, _mm512_set1_pd(350.0)), _mm512_set1_pd(-350.0));
        const __m512d e = expAvx512(_mm512_mul_pd(_mm512_set1_pd(-2.0), z));
        const __m512d q = _mm512_div_pd(one, _mm512_add_pd(one, e));
        _mm512_mask_storeu_pd(out + r, m, _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(4.0), _mm512_mul_pd(e, q)), q));
    }
}

// The widest of the kernels above this CPU runs (cpu_features.h), for kD inputs.
template <int kD>
double stateKernel(const double* x, const double* Wt, std::int64_t ldw, const double* b, const double* c,
                   const double* Wc, std::int64_t ldc, double* grad, std::int64_t n) {
    return cpuHasAvx512() ? stateAvx512<kD>(x, Wt, ldw, b, c, Wc, ldc, grad, n)
                          : stateAvx2<kD>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
}

template <int kD>
void sech2ColumnKernel(const double* X, std::int64_t ldx, const double* w, double b, double* out, std::int64_t n) {
    if (cpuHasAvx512()) sech2ColumnAvx512<kD>(X, ldx, w, b, out, n);
    else sech2ColumnAvx2<kD>(X, ldx, w, b, out, n);
}
#endif

} // namespace

void sech2Column(const double* X, std::int64_t ldx, int D, const double* w, double b, double* out, std::int64_t n) {
#ifdef SHNN_TANH_AVX2
    if (networkKernelFor(D)) switch (D) {
    case 1: return sech2ColumnKernel<1>(X, ldx, w, b, out, n);
    case 2: return sech2ColumnKernel<2>(X, ldx, w, b, out, n);
    case 3: return sech2ColumnKernel<3>(X, ldx, w, b, out, n);
    case 4: return sech2ColumnKernel<4>(X, ldx, w, b, out, n);
    case 6: return sech2ColumnKernel<6>(X, ldx, w, b, out, n);
    case 8: return sech2ColumnKernel<8>(X, ldx, w, b, out, n);
    default: break;
    }
#endif
    // Elsewhere activation.h's Eigen passes, the same formulas: z, then e and sech² stored.
    Eigen::ArrayXd z = Eigen::ArrayXd::Constant(n, b), e(n);
    for (int i = 0; i < D; ++i) z += w[i] * Eigen::Map<const Eigen::ArrayXd>(X + i * ldx, n);
    Eigen::Map<Eigen::ArrayXd> s(out, n);
    sech2(z, e, s);
}

double networkAtState(const double* x, int D, const double* Wt, std::int64_t ldw, const double* b, const double* c,
                      const double* Wc, std::int64_t ldc, double* grad, std::int64_t n) {
#ifdef SHNN_TANH_AVX2
    switch (D) {
    case 1: return stateKernel<1>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    case 2: return stateKernel<2>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    case 3: return stateKernel<3>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    case 4: return stateKernel<4>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    case 6: return stateKernel<6>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    case 8: return stateKernel<8>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
    default: break;
    }
#endif
    (void)x, (void)D, (void)Wt, (void)ldw, (void)b, (void)c, (void)Wc, (void)ldc, (void)grad, (void)n;
    return std::nan("");
}

bool networkKernelFor(int D) {
#ifdef SHNN_TANH_AVX2
    return cpuHasAvx2Fma() && (D == 1 || D == 2 || D == 3 || D == 4 || D == 6 || D == 8);
#else
    (void)D;
    return false;
#endif
}

} // namespace shnn

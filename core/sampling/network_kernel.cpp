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

// Both kernels take kBlocksPerStep blocks of lanes at a time, each step in stages (the
// blocks' arguments z, then their exponentials, then their divisions): the blocks' chains of
// dependent operations (the exponential's Horner steps, the division) are then independent
// side by side, which the out-of-order core overlaps better than one block's long chain after
// another. The blocks' sums are taken in the same order as one block at a time, so the
// results are the same to the last bit. One thread, AVX-512, E2's 10 000 states against 1000
// neurons: 23.9 ms with one block per step, 20.9 with two, 16.4 with four, 17.9 with six,
// 18.1 with eight. The last 1–3 (AVX2) or 1–7 (AVX-512) neurons or states are masked loads
// of zeros (c = 0, Wc = 0: they add nothing) and masked stores.
constexpr int kBlocksPerStep = 4;
// The AVX-512 network-at-a-state kernel takes six: with the engine's own flags (-O3
// -march=native) it spends its time waiting on those chains, and AVX-512's 32 registers hold
// six blocks' values. E2 U-SWIM's evaluation (Ĥ and ∇Ĥ on 20 000 states), 24 ABBA-ordered
// fit pairs: 0.0197 → 0.0172 s (median ratio 0.89); the results are the same to the last bit.
// The features (sech2Column) keep four: six did not help them inside the stream's fill.
constexpr int kStateBlocksAvx512 = 6;

// The first `left` of four lanes (all four from 4 on), as _mm256_maskload_pd wants them.
__attribute__((target("avx2,fma"))) inline __m256i laneMask(std::int64_t left) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(left), _mm256_setr_epi64x(0, 1, 2, 3));
}

// Neurons [j, j + 4U) of the network at state x (the last block masked by `last`):
//   z = b + Σ_i x_i Wt_i, then Ĥ's and ∇Ĥ's sums.
template <int kD, int U>
__attribute__((target("avx2,fma"))) inline void stateStepAvx2(const __m256d* xs, const double* Wt, std::int64_t ldw,
                                                              const double* b, const double* c, const double* Wc,
                                                              std::int64_t ldc, bool grad, std::int64_t j, __m256i last,
                                                              __m256d& h, __m256d* g) {
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256i all = _mm256_set1_epi64x(-1);
    __m256d z[U], e[U], r[U];
    for (int u = 0; u < U; ++u) {
        const __m256i m = u + 1 == U ? last : all;
        z[u] = _mm256_maskload_pd(b + j + 4 * u, m);
        for (int i = 0; i < kD; ++i) z[u] = _mm256_fmadd_pd(xs[i], _mm256_maskload_pd(Wt + i * ldw + j + 4 * u, m), z[u]);
        z[u] = _mm256_max_pd(_mm256_min_pd(z[u], _mm256_set1_pd(350.0)), _mm256_set1_pd(-350.0));
    }
    for (int u = 0; u < U; ++u) e[u] = expAvx2(_mm256_mul_pd(_mm256_set1_pd(-2.0), z[u]));
    for (int u = 0; u < U; ++u) r[u] = _mm256_div_pd(one, _mm256_add_pd(one, e[u]));
    for (int u = 0; u < U; ++u) {
        const __m256i m = u + 1 == U ? last : all;
        h = _mm256_fmadd_pd(_mm256_maskload_pd(c + j + 4 * u, m), _mm256_fmsub_pd(_mm256_set1_pd(2.0), r[u], one), h);
        if (!grad) continue;
        const __m256d s = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(4.0), _mm256_mul_pd(e[u], r[u])), r[u]);
        for (int i = 0; i < kD; ++i) g[i] = _mm256_fmadd_pd(s, _mm256_maskload_pd(Wc + i * ldc + j + 4 * u, m), g[i]);
    }
}

// One state, everything in one pass.
template <int kD>
__attribute__((target("avx2,fma"))) double stateAvx2(const double* x, const double* Wt, std::int64_t ldw,
                                                     const double* b, const double* c, const double* Wc,
                                                     std::int64_t ldc, double* grad, std::int64_t n) {
    __m256d xs[kD], g[kD];
    for (int i = 0; i < kD; ++i) {
        xs[i] = _mm256_set1_pd(x[i]);
        g[i] = _mm256_setzero_pd();
    }
    __m256d h = _mm256_setzero_pd();
    std::int64_t j = 0;
    for (; j + 4 * kBlocksPerStep <= n; j += 4 * kBlocksPerStep)
        stateStepAvx2<kD, kBlocksPerStep>(xs, Wt, ldw, b, c, Wc, ldc, grad, j, laneMask(4), h, g);
    for (; j < n; j += 4) stateStepAvx2<kD, 1>(xs, Wt, ldw, b, c, Wc, ldc, grad, j, laneMask(n - j), h, g);
    double lanes[4];
    if (grad)
        for (int i = 0; i < kD; ++i) {
            _mm256_storeu_pd(lanes, g[i]);
            grad[i] = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        }
    _mm256_storeu_pd(lanes, h);
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

// States [r, r + 4U) of one neuron's features sech²(b + Σ_i w_i X(:, i)) (the last block
// masked by `last`).
template <int kD, int U>
__attribute__((target("avx2,fma"))) inline void sech2StepAvx2(const double* X, std::int64_t ldx, const __m256d* ws,
                                                              double b, double* out, std::int64_t r, __m256i last) {
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256i all = _mm256_set1_epi64x(-1);
    __m256d z[U], e[U], q[U];
    for (int u = 0; u < U; ++u) {
        z[u] = _mm256_set1_pd(b);
        for (int i = 0; i < kD; ++i)
            z[u] = _mm256_fmadd_pd(ws[i], _mm256_maskload_pd(X + i * ldx + r + 4 * u, u + 1 == U ? last : all), z[u]);
        z[u] = _mm256_max_pd(_mm256_min_pd(z[u], _mm256_set1_pd(350.0)), _mm256_set1_pd(-350.0));
    }
    for (int u = 0; u < U; ++u) e[u] = expAvx2(_mm256_mul_pd(_mm256_set1_pd(-2.0), z[u]));
    for (int u = 0; u < U; ++u) q[u] = _mm256_div_pd(one, _mm256_add_pd(one, e[u]));
    for (int u = 0; u < U; ++u)
        _mm256_maskstore_pd(out + r + 4 * u, u + 1 == U ? last : all,
                            _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(4.0), _mm256_mul_pd(e[u], q[u])), q[u]));
}

// One neuron over n states.
template <int kD>
__attribute__((target("avx2,fma"))) void sech2ColumnAvx2(const double* X, std::int64_t ldx, const double* w, double b,
                                                         double* out, std::int64_t n) {
    __m256d ws[kD];
    for (int i = 0; i < kD; ++i) ws[i] = _mm256_set1_pd(w[i]);
    std::int64_t r = 0;
    for (; r + 4 * kBlocksPerStep <= n; r += 4 * kBlocksPerStep)
        sech2StepAvx2<kD, kBlocksPerStep>(X, ldx, ws, b, out, r, laneMask(4));
    for (; r < n; r += 4) sech2StepAvx2<kD, 1>(X, ldx, ws, b, out, r, laneMask(n - r));
}

// The same two kernels eight values at a time (AVX-512F), for CPUs that have it, in the same
// steps of kBlocksPerStep blocks. The lanes compute exactly what the AVX2 lanes do (the same
// operations, the division included); only the sums' order differs (eight lanes, then a tree).
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

// Neurons [j, j + 8U) of the network at state x (the last block masked by `last`).
template <int kD, int U>
__attribute__((target("avx512f"))) inline void stateStep(const __m512d* xs, const double* Wt, std::int64_t ldw,
                                                         const double* b, const double* c, const double* Wc,
                                                         std::int64_t ldc, bool grad, std::int64_t j, __mmask8 last,
                                                         __m512d& h, __m512d* g) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d z[U], e[U], r[U];
    for (int u = 0; u < U; ++u) {
        const __mmask8 m = u + 1 == U ? last : 0xFF;
        z[u] = _mm512_maskz_loadu_pd(m, b + j + 8 * u);
        for (int i = 0; i < kD; ++i) z[u] = _mm512_fmadd_pd(xs[i], _mm512_maskz_loadu_pd(m, Wt + i * ldw + j + 8 * u), z[u]);
        z[u] = _mm512_max_pd(_mm512_min_pd(z[u], _mm512_set1_pd(350.0)), _mm512_set1_pd(-350.0));
    }
    for (int u = 0; u < U; ++u) e[u] = expAvx512(_mm512_mul_pd(_mm512_set1_pd(-2.0), z[u]));
    for (int u = 0; u < U; ++u) r[u] = _mm512_div_pd(one, _mm512_add_pd(one, e[u]));
    for (int u = 0; u < U; ++u) {
        const __mmask8 m = u + 1 == U ? last : 0xFF;
        h = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, c + j + 8 * u), _mm512_fmsub_pd(_mm512_set1_pd(2.0), r[u], one), h);
        if (!grad) continue;
        const __m512d s = _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(4.0), _mm512_mul_pd(e[u], r[u])), r[u]);
        for (int i = 0; i < kD; ++i) g[i] = _mm512_fmadd_pd(s, _mm512_maskz_loadu_pd(m, Wc + i * ldc + j + 8 * u), g[i]);
    }
}

template <int kD>
__attribute__((target("avx512f"))) double stateAvx512(const double* x, const double* Wt, std::int64_t ldw,
                                                       const double* b, const double* c, const double* Wc,
                                                       std::int64_t ldc, double* grad, std::int64_t n) {
    __m512d xs[kD], g[kD];
    for (int i = 0; i < kD; ++i) {
        xs[i] = _mm512_set1_pd(x[i]);
        g[i] = _mm512_setzero_pd();
    }
    __m512d h = _mm512_setzero_pd();
    std::int64_t j = 0;
    for (; j + 8 * kStateBlocksAvx512 <= n; j += 8 * kStateBlocksAvx512)
        stateStep<kD, kStateBlocksAvx512>(xs, Wt, ldw, b, c, Wc, ldc, grad, j, 0xFF, h, g);
    for (; j < n; j += 8) stateStep<kD, 1>(xs, Wt, ldw, b, c, Wc, ldc, grad, j, tailMask(n - j), h, g);
    if (grad)
        for (int i = 0; i < kD; ++i) grad[i] = _mm512_reduce_add_pd(g[i]);
    return _mm512_reduce_add_pd(h);
}

// States [r, r + 8U) of one neuron's features (the last block masked by `last`).
template <int kD, int U>
__attribute__((target("avx512f"))) inline void sech2Step(const double* X, std::int64_t ldx, const __m512d* ws, double b,
                                                         double* out, std::int64_t r, __mmask8 last) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d z[U], e[U], q[U];
    for (int u = 0; u < U; ++u) {
        const __mmask8 m = u + 1 == U ? last : 0xFF;
        z[u] = _mm512_set1_pd(b);
        for (int i = 0; i < kD; ++i) z[u] = _mm512_fmadd_pd(ws[i], _mm512_maskz_loadu_pd(m, X + i * ldx + r + 8 * u), z[u]);
        z[u] = _mm512_max_pd(_mm512_min_pd(z[u], _mm512_set1_pd(350.0)), _mm512_set1_pd(-350.0));
    }
    for (int u = 0; u < U; ++u) e[u] = expAvx512(_mm512_mul_pd(_mm512_set1_pd(-2.0), z[u]));
    for (int u = 0; u < U; ++u) q[u] = _mm512_div_pd(one, _mm512_add_pd(one, e[u]));
    for (int u = 0; u < U; ++u)
        _mm512_mask_storeu_pd(out + r + 8 * u, u + 1 == U ? last : 0xFF,
                              _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(4.0), _mm512_mul_pd(e[u], q[u])), q[u]));
}

template <int kD>
__attribute__((target("avx512f"))) void sech2ColumnAvx512(const double* X, std::int64_t ldx, const double* w,
                                                           double b, double* out, std::int64_t n) {
    __m512d ws[kD];
    for (int i = 0; i < kD; ++i) ws[i] = _mm512_set1_pd(w[i]);
    std::int64_t r = 0;
    for (; r + 8 * kBlocksPerStep <= n; r += 8 * kBlocksPerStep) sech2Step<kD, kBlocksPerStep>(X, ldx, ws, b, out, r, 0xFF);
    for (; r < n; r += 8) sech2Step<kD, 1>(X, ldx, ws, b, out, r, tailMask(n - r));
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

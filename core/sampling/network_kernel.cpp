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
// Both kernels take kBlocksPerStep blocks of lanes at a time, each step in stages (the
// blocks' arguments z, then their exponentials, then their divisions): the blocks' chains of
// dependent operations (the exponential's Horner steps, the division) are then independent
// side by side, which the out-of-order core overlaps better than one block's long chain after
// another. The blocks' sums are taken in the same order as one block at a time, so the
// results are the same to the last bit. One thread, AVX-512, E2's 10 000 states against 1000
// neurons (in a harness built with other flags than the engine's): 23.9 ms with one block per
// step, 20.9 with two, 16.4 with four, 17.9 with six, 18.1 with eight. The last 1–3 (AVX2) or
// 1–7 (AVX-512) neurons or states are masked loads of zeros (c = 0, Wc = 0: they add nothing)
// and masked stores.
constexpr int kBlocksPerStep = 4;
// The AVX-512 network-at-a-state kernel takes six: with the engine's own flags (-O3
// -march=native) it spends its time waiting on those chains, and AVX-512's 32 registers hold
// six blocks' values. E2 U-SWIM's evaluation (Ĥ and ∇Ĥ on 20 000 states), 24 ABBA-ordered
// fit pairs: 0.0197 → 0.0172 s (median ratio 0.89); the results are the same to the last bit.
// The features (sech2Column) keep four: six did not help them inside the stream's fill.
constexpr int kStateBlocksAvx512 = 6;

// The kernels in four lanes (AVX2 + FMA), network_kernel_lanes.inc.
namespace lanes4 {
#pragma GCC push_options
#pragma GCC target("avx2,fma")
using V = __m256d;
using Mask = __m256i;  // the lanes _mm256_maskload_pd takes
constexpr int kLanes = 4;
inline V set1(double x) { return _mm256_set1_pd(x); }
inline Mask tailMask(std::int64_t left) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(left), _mm256_setr_epi64x(0, 1, 2, 3));
}
inline V load(const double* p) { return _mm256_loadu_pd(p); }
inline void store(double* p, V v) { _mm256_storeu_pd(p, v); }
inline V maskLoad(const double* p, Mask m) { return _mm256_maskload_pd(p, m); }
inline void maskStore(double* p, Mask m, V v) { _mm256_maskstore_pd(p, m, v); }
inline V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
inline V fnmadd(V a, V b, V c) { return _mm256_fnmadd_pd(a, b, c); }
inline V fmsub(V a, V b, V c) { return _mm256_fmsub_pd(a, b, c); }
inline V add(V a, V b) { return _mm256_add_pd(a, b); }
inline V sub(V a, V b) { return _mm256_sub_pd(a, b); }
inline V mul(V a, V b) { return _mm256_mul_pd(a, b); }
inline V div(V a, V b) { return _mm256_div_pd(a, b); }
inline V min(V a, V b) { return _mm256_min_pd(a, b); }
inline V max(V a, V b) { return _mm256_max_pd(a, b); }
inline V pow2(V t) {
    const __m256i bits = _mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(1023));
    return _mm256_castsi256_pd(_mm256_slli_epi64(bits, 52));
}
inline double lanesSum(V v) {
    double l[4];
    _mm256_storeu_pd(l, v);
    return (l[0] + l[1]) + (l[2] + l[3]);
}
#include "network_kernel_lanes.inc"
#pragma GCC pop_options
} // namespace lanes4

// The same kernels eight lanes at a time (AVX-512F), for CPUs that have it.
namespace lanes8 {
#pragma GCC push_options
#pragma GCC target("avx512f")
using V = __m512d;
using Mask = __mmask8;
constexpr int kLanes = 8;
inline V set1(double x) { return _mm512_set1_pd(x); }
inline Mask tailMask(std::int64_t left) { return static_cast<Mask>(left >= 8 ? 0xFF : (1u << left) - 1u); }
inline V load(const double* p) { return _mm512_loadu_pd(p); }
inline void store(double* p, V v) { _mm512_storeu_pd(p, v); }
inline V maskLoad(const double* p, Mask m) { return _mm512_maskz_loadu_pd(m, p); }
inline void maskStore(double* p, Mask m, V v) { _mm512_mask_storeu_pd(p, m, v); }
inline V fmadd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
inline V fnmadd(V a, V b, V c) { return _mm512_fnmadd_pd(a, b, c); }
inline V fmsub(V a, V b, V c) { return _mm512_fmsub_pd(a, b, c); }
inline V add(V a, V b) { return _mm512_add_pd(a, b); }
inline V sub(V a, V b) { return _mm512_sub_pd(a, b); }
inline V mul(V a, V b) { return _mm512_mul_pd(a, b); }
inline V div(V a, V b) { return _mm512_div_pd(a, b); }
inline V min(V a, V b) { return _mm512_min_pd(a, b); }
inline V max(V a, V b) { return _mm512_max_pd(a, b); }
inline V pow2(V t) {
    const __m512i bits = _mm512_add_epi64(_mm512_castpd_si512(t), _mm512_set1_epi64(1023));
    return _mm512_castsi512_pd(_mm512_slli_epi64(bits, 52));
}
inline double lanesSum(V v) { return _mm512_reduce_add_pd(v); }
#include "network_kernel_lanes.inc"
#pragma GCC pop_options
} // namespace lanes8

// The widest of the kernels above this CPU runs (cpu_features.h), for kD inputs.
template <int kD>
double stateKernel(const double* x, const double* Wt, std::int64_t ldw, const double* b, const double* c,
                   const double* Wc, std::int64_t ldc, double* grad, std::int64_t n) {
    return cpuHasAvx512() ? lanes8::state<kD, kStateBlocksAvx512>(x, Wt, ldw, b, c, Wc, ldc, grad, n)
                          : lanes4::state<kD, kBlocksPerStep>(x, Wt, ldw, b, c, Wc, ldc, grad, n);
}

template <int kD>
void sech2ColumnKernel(const double* X, std::int64_t ldx, const double* w, double b, double* out, std::int64_t n) {
    if (cpuHasAvx512()) lanes8::sech2Column<kD, kBlocksPerStep>(X, ldx, w, b, out, n);
    else lanes4::sech2Column<kD, kBlocksPerStep>(X, ldx, w, b, out, n);
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

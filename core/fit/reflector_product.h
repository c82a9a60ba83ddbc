#pragma once
// The first product of a block reflector's update (block_reflector.h), with AVX-512:
//     W += Vᵀ B      (V m×k, B m×n column-major, W k×n)
// a reduction over the long side m into a small k×n result.
//
// Why our own kernel: OpenBLAS's dgemm packs both operands, and here B, the big one, needs a
// transposing copy (its "itcopy") for every update, plus V ("oncopy"). This kernel packs only
// V, the small one, into slivers of 24 columns (row r of a sliver: its 24 values, contiguous),
// and reads B where it lies: a 24×8 tile of W keeps 24 accumulators of 8 lanes,
//     for each row r:  w(j, c) += Vp(r, j) · B(r, c)   (j in the sliver, c in 8 columns of B)
// three vector loads of the sliver and eight broadcasts of B(r, c) per 24 FMAs, the row range
// cut into chunks whose piece of B (8 columns) stays in L1 while the slivers pass over it.
// Measured on an Intel Xeon (family 6 model 207, one thread, m = 3336, n = 288, k = 96, best
// of 40): 72–74 GFLOP/s against OpenBLAS's 55 (SkylakeX kernels, the Bᵀ V form the update
// used), and packing V takes 0.31 ms of the product's 2.5.
//
// The sums run in another order than a BLAS would take, so results agree to rounding; they do
// not depend on the thread count (each call is one thread's work).
#include <cstddef>

namespace shnn::streamed_qr {

// Whether this CPU runs the kernel (AVX-512F, cpu_features.h); without it the caller uses BLAS.
bool reflectorProductAvailable();

// k rounded up to whole slivers of 8 columns: the rows W needs, zero padded beyond k.
inline int paddedReflectors(int k) { return (k + 7) / 8 * 8; }

// Doubles packReflectors() writes for V m×k: m · paddedReflectors(k).
inline std::size_t packedReflectorDoubles(int m, int k) {
    return static_cast<std::size_t>(m) * static_cast<std::size_t>(paddedReflectors(k));
}

// V (m×k, leading dimension ldv) into slivers: sliver s holds columns [24s, 24s + w) (w = 24,
// or 8 or 16 for the last, zero padded past k) as m rows of w contiguous doubles, at
// Vp + 24·s·m.
void packReflectors(int m, int k, const double* V, int ldv, double* Vp);

// W(0 : paddedReflectors(k), 0 : n) += Vᵀ B, Vp from packReflectors (rows of W past k gain
// zeros). ldw ≥ paddedReflectors(k).
void addReflectorProduct(int m, int n, int k, const double* Vp, const double* B, int ldb, double* W, int ldw);

} // namespace shnn::streamed_qr

#pragma once
// Applies the transpose of a block reflector whose identity part sits in the rows of A, the
// update of LAPACK's dtprfb("L", "T", "F", "C") for a rectangular V (l = 0):
//     [A; B] ← Qᵀ [A; B],   Q = I − [I; V] T [I; V]ᵀ
//   (A k×n, B m×n, V m×k, T k×k upper triangular) that is
//     W = A + VᵀB,   W ← TᵀW,   A −= W,   B −= V W.
// The same flops as dtprfb, in another order of operands: the work matrix is kept transposed,
//     Wᵀ = Aᵀ + BᵀV   (one dgemm with the wide side n as its rows),
//     Wᵀ ← Wᵀ T,   A −= (Wᵀ)ᵀ,   B −= V (Wᵀ)ᵀ.
// Why: OpenBLAS's dgemm computes BᵀV (n×k) faster than VᵀB (k×n) when k ≪ n. Measured on an
// Intel Xeon (family 6 model 207, SkylakeX kernels), one thread, m = 3336, k = 96: the whole
// update at 63–66 GFLOP/s against dtprfb's 56–63 with 288 columns, 66–68 against 59–61 with 960.
// The results agree with dtprfb's to rounding (sums in another order).
//
// Where the CPU has AVX-512 and the update has at least 64 columns, the work matrix is kept as
// W (k×n) instead, its first product by reflector_product.h (packs only V, reads B in place;
// faster than any BLAS form of it), then
//     W ← TᵀW (dtrmm),   A −= W,   B −= V W (dgemm, the rank-k update OpenBLAS does well).
// E2 U-SWIM on the Intel Xeon, the stream's update tasks (thread-seconds, 10 alternating fits,
// medians): 0.419 → 0.393; the stream alone on one thread 0.384–0.408 → 0.351–0.379 s.
// Narrower updates (the panels' own, at most 48 columns) keep BLAS: with the kernel from 32
// columns on, E2's panels took the same time, and at 12 the kernel is the slower (22 against
// 31 GFLOP/s), its packing of V then costing as much as the product.
#include <cstddef>
#include <vector>

namespace shnn::streamed_qr {

// The work space applyBlockReflectorT takes for these sizes (doubles): W, and V packed where
// the kernel runs.
std::size_t blockReflectorWorkDoubles(int m, int n, int k);

// V, B column-major with leading dimensions ldv, ldb. work: grown to at least
// blockReflectorWorkDoubles(m, n, k), kept between calls (one per thread).
void applyBlockReflectorT(int m, int n, int k, const double* V, int ldv, const double* T, int ldt, double* A, int lda,
                          double* B, int ldb, std::vector<double>& work);

} // namespace shnn::streamed_qr

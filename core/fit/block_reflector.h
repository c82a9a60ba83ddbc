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
// Where the CPU has AVX-512 the work matrix is kept as W (k×n) instead, its first product by
// reflector_product.h (packs only V, reads B in place; faster than any BLAS form of it), then
//     W ← TᵀW (dtrmm),   A −= W,   B −= V W (dgemm, the rank-k update OpenBLAS does well).
// Measured on E2 (the stream's update thread-seconds): see reflector_product.h and the commit.
#include <vector>

namespace shnn::streamed_qr {

// V, B column-major with leading dimensions ldv, ldb. work: grown as needed, kept between
// calls (one per thread).
void applyBlockReflectorT(int m, int n, int k, const double* V, int ldv, const double* T, int ldt, double* A, int lda,
                          double* B, int ldb, std::vector<double>& work);

} // namespace shnn::streamed_qr

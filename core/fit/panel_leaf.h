#pragma once
// The narrowest step of the streamed QR's panels: Householder QR of a tall, narrow leaf
//     [A; B] = Q [R; 0],   A n×n upper triangular (n ≤ 16), B m×n full,
// with the output of LAPACK's dtpqrt2 (l = 0): R in A's upper triangle, the reflectors' lower
// parts V in B (their upper parts are the unit vectors e_i, in A's rows), and the n×n upper
// triangular T with Q = I − [I; V] T [I; V]ᵀ.
//
// Column i, with x = B(:, i) as the earlier reflectors left it (dlarfg's formulas):
//   β = −sign(A_ii) √(A_ii² + ‖x‖²),  τ_i = (β − A_ii)/β,  v_i = x / (A_ii − β),  A_ii ← β
//   w_j = A_ij + v_iᵀ B(:, j),  A_ij −= τ_i w_j,  B(:, j) −= τ_i w_j v_i      (j > i)
// and T column by column from the Gram of V (the unit parts are orthogonal):
//   T_ii = τ_i,   T(0:i, i) = −τ_i T(0:i, 0:i) (V(:, 0:i)ᵀ v_i).
//
// dtpqrt2 makes ~3 passes over the leaf per column (dnrm2, then dgemv and dger over the
// columns to the right) and ~1 more for T. Here one pass per column does everything at once:
// it applies reflector i to the columns to its right and, on the values just written, takes
// ‖x‖² and the products xᵀB(:, j) that reflector i + 1 needs (v_{i+1} = x/(A_ii − β) is then
// only a scale, applied in the following pass); the Gram of V is one more pass at the end.
// Rows go in strips that stay in L1 while every column of the strip is updated.
//
// ‖x‖² is a plain sum of squares: where it is not in [1e-250, ∞) (an underflowing or
// overflowing column, a zero column, NaN), that column takes LAPACK's dlarfg (scaled norm)
// and explicit products instead, so the leaf is as robust as dtpqrt2. Sums run in 4 lanes:
// R, V and T agree with dtpqrt2's to rounding, not to the last bit, and do not depend on
// the thread count. Written with AVX2 + FMA; panelLeafAvailable() says whether this CPU
// has them (the caller keeps dtpqrt2 otherwise).

namespace shnn::streamed_qr {

bool panelLeafAvailable();

// Returns false (and leaves everything untouched) where n > 16 or the CPU lacks AVX2/FMA.
// T: n×n (leading dimension ldt), its strictly lower part set to zero.
bool panelLeafQr(int m, int n, double* A, int lda, double* B, int ldb, double* T, int ldt);

} // namespace shnn::streamed_qr

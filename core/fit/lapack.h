#pragma once
// Thin, checked wrappers around the few LAPACK routines the solvers use (column-major).
// Each throws NumericalError when LAPACK reports a failure.
#include <Eigen/Core>
#include <vector>

namespace shnn::lapack {

// Scratch memory of tpqrt, kept across calls: allocating it per call (as LAPACKE_dtpqrt
// does) makes glibc map and unmap a megabyte each time, which tripled the first chunks' time.
struct QrWorkspace {
    std::vector<double> T, work;
};

// QR of [A; B] with A (n×n) upper triangular and B (m×n) pentagonal: the first m−l rows
// full, the last l rows upper trapezoidal. On return A holds the new R (LAPACK dtpqrt).
void tpqrt(int m, int n, int l, double* A, int lda, double* B, int ldb, QrWorkspace& ws);

// Solves the upper-triangular system R x = y in place (y has `nrhs` columns).
void trtrs(int n, int nrhs, const double* R, int ldr, double* y, int ldy);

// Minimum-norm least squares with singular values below rcond·σ_max cut off (dgelsd).
// A is m×n (overwritten); b has max(m, n) rows and nrhs columns; returns the rank.
long gelsd(int m, int n, int nrhs, double* A, int lda, double* b, int ldb, double rcond,
           double* sigmaMax = nullptr);

// Cholesky factorisation A = L Lᵀ of a symmetric matrix given by its lower triangle (dpotrf),
// in place; false (no exception) where A is not positive definite. Only the lower triangle is
// read or written.
bool potrf(int n, double* A, int lda);
// Solves L Lᵀ x = y in place with potrf's L (dpotrs).
void potrs(int n, int nrhs, const double* L, int ldl, double* y, int ldy);

// Singular value decomposition of a square n×n matrix A (overwritten): A = U diag(s) Vᵀ,
// s descending (dgesdd, divide and conquer).
void gesdd(int n, double* A, int lda, double* s, double* U, double* VT);

} // namespace shnn::lapack

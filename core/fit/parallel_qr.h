#pragma once
// QR of a triangle stacked on a pentagon, [A; B] = Q [R; 0] (LAPACK's dtpqrt), with the work
// spread over the engine's thread pool.
//
// A is n×n upper triangular; B is m×n, its first m − l rows full and its last l rows upper
// trapezoidal (l = 0: B full, the streamed rows of the least-squares matrix; l = m = n: B
// upper triangular, the merge of two triangles), its entries below the trapezoid stored as
// zeros (the panels are factored as full ones). On return A holds R.
//
// The algorithm is LAPACK's blocked one, column panel by column panel (nb columns):
//   1. factor the panel:    [A(i:i+nb, i:i+nb); B(:mb, i:i+nb)] = Q_i [R_ii; 0]   (recursively
//      by halves, mostly matrix products; dtpqrt2 below 8 columns)
//   2. update the trailing columns j > i+nb with Q_iᵀ, a GEMM-rich block-reflector product
//      (dtprfb), split into column pieces that the pool's threads claim one at a time; the
//      first piece is panel i+1, which that task then factors (look-ahead) while the other
//      threads update the rest, so no core waits for the single-threaded panel.
// mb = min(m − l + i + nb, m) rows of B take part in panel i (the trapezoid's zeros do not).
// Step 2 holds (1 − nb/n) of the flops and runs on every thread; a slow thread (another
// process on its core) claims fewer pieces instead of holding the others up. The caller's
// RunControl is checked between panels.
#include "lapack.h"

namespace shnn {
class RunControl;
}

namespace shnn::parallel_qr {

// Scratch kept across calls (the panel's T factor and one dtprfb work area per thread).
struct Workspace {
    std::vector<double> T;  // two T factors (the current panel's and the look-ahead's)
    std::vector<std::vector<double>> work;
};

void tpqrt(int m, int n, int l, double* A, int lda, double* B, int ldb, Workspace& ws,
           const RunControl* control = nullptr);

// Panel width used for n columns (32 or 96, chosen for the size, not for one machine's caches).
int panelWidth(int n);

} // namespace shnn::parallel_qr

#pragma once
// The network's two hot loops as AVX2 kernels. First, the trained network at one state x in
// one pass over its M neurons (HnnModel::evaluate's
// inner loop, for the test and training errors and the studio's grids):
//   z_j = b_j + Σ_i x_i w_ji,   Ĥ − c₀ = Σ_j c_j tanh z_j,   ∂Ĥ/∂x_i = Σ_j sech²(z_j) c_j w_ji
// with activation.h's formulas: z clamped to ±350, e = exp(−2z) (exp_kernel.h's polynomial),
// r = 1/(1 + e), tanh = 2r − 1, sech² = 4(e r) r. Written with AVX2 + FMA intrinsics, chosen
// when the program runs on a CPU that has them. The Eigen passes it replaces (z, clamp, exp,
// tanh and sech², then 1 + D dot products) stored and reloaded every value several times;
// on E2's 20 000 error states it takes the evaluation from 0.034 to 0.030 s (medians of 8
// interleaved runs). The sums run in 4 lanes, so they differ from a sequential sum in the
// last bits. On a CPU with AVX-512F both kernels run eight lanes at a time instead (the same
// operations per lane; only the order of the sums differs).
#include <cstdint>

namespace shnn {

// True where networkAtState runs: D ∈ {1, 2, 3, 4, 6, 8} and a CPU with AVX2 and FMA.
// Callers keep their Eigen path otherwise.
bool networkKernelFor(int D);

// Wt and Wc are D rows of M contiguous values (leading dimensions ldw, ldc): Wt(i, j) = w_ji,
// Wc(i, j) = c_j w_ji. Returns Σ c_j tanh z_j (without c₀); writes ∂Ĥ/∂x_i to grad (D values)
// unless grad is null.
double networkAtState(const double* x, int D, const double* Wt, std::int64_t ldw, const double* b, const double* c,
                      const double* Wc, std::int64_t ldc, double* grad, std::int64_t n);

// The least-squares rows' features for one neuron over n states (the streamed QR's fill):
//   out_k = sech²(b + Σ_i w_i X(k, i)),   X: D columns of n states, leading dimension ldx,
// by the same formulas in one pass where networkKernelFor(D) (the Eigen passes stored and
// reloaded z and e), by those Eigen passes for any other D or CPU.
void sech2Column(const double* X, std::int64_t ldx, int D, const double* w, double b, double* out, std::int64_t n);

} // namespace shnn

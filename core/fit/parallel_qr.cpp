#include "parallel_qr.h"

#include "../errors.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"

#include <algorithm>
#include <cblas.h>
#include <string>

// The two LAPACK building blocks of dtpqrt (Fortran interface; LAPACKE has no dtprfb).
extern "C" {
void dtpqrt2_(const int* m, const int* n, const int* l, double* A, const int* lda, double* B, const int* ldb,
              double* T, const int* ldt, int* info);
void dtprfb_(const char* side, const char* trans, const char* direct, const char* storev, const int* m, const int* n,
             const int* k, const int* l, const double* V, const int* ldv, const double* T, const int* ldt, double* A,
             const int* lda, double* B, const int* ldb, double* work, const int* ldwork, std::size_t, std::size_t,
             std::size_t, std::size_t);
}

namespace shnn::parallel_qr {

namespace {

// Recursive QR of a panel [A; B] (A n×n upper triangular, B m×n full), the layout and output
// of dtpqrt2 (V below in B, R in A, the n×n upper-triangular T with Q = I − V T Vᵀ), in the
// manner of Elmroth and Gustavson: factor the left half, apply it to the right half as one
// block reflector, factor the right half, and join the two T factors:
//   T = [T₁  −T₁ (V₁ᵀV₂) T₂;  0  T₂],   V₁ᵀV₂ = B₁ᵀB₂ (the identity parts of V sit in A's
//   rows, disjoint for the two halves).
// dtpqrt2 applies each reflector to the rest of the panel with matrix-vector products, a pass
// over the whole tall panel per column; here all but the narrowest pieces are matrix
// products. work: at least n·n/2 doubles.
void tpqrtRecursive(int m, int n, double* A, int lda, double* B, int ldb, double* T, int ldt, double* work) {
    constexpr int kBase = 8;  // below this dtpqrt2's vector updates are as fast
    if (n <= kBase) {
        const int l = 0;
        int info = 0;
        dtpqrt2_(&m, &n, &l, A, &lda, B, &ldb, T, &ldt, &info);
        if (info != 0) throw NumericalError("LAPACK dtpqrt2 failed (info " + std::to_string(info) + ")");
        return;
    }
    const int n1 = n / 2, n2 = n - n1, l = 0;
    double* B2 = B + static_cast<size_t>(n1) * ldb;
    double* T12 = T + static_cast<size_t>(n1) * ldt;
    double* T22 = T12 + n1;
    tpqrtRecursive(m, n1, A, lda, B, ldb, T, ldt, work);
    // [A12; B2] ← Q₁ᵀ [A12; B2]
    dtprfb_("L", "T", "F", "C", &m, &n2, &n1, &l, B, &ldb, T, &ldt, A + static_cast<size_t>(n1) * lda, &lda, B2, &ldb,
            work, &n1, 1, 1, 1, 1);
    tpqrtRecursive(m, n2, A + static_cast<size_t>(n1) * lda + n1, lda, B2, ldb, T22, ldt, work);
    // T12 = −T₁ (B₁ᵀ B₂) T₂
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, n1, n2, m, 1.0, B, ldb, B2, ldb, 0.0, T12, ldt);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, n1, n2, -1.0, T, ldt, T12, ldt);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, n1, n2, 1.0, T22, ldt, T12, ldt);
}

} // namespace

// Measured on E2 (the solve, min of 8 interleaved runs): 64 columns with dtpqrt2's panel
// 0.515 s, 96 with it 0.575 s, 96 with the recursive panel 0.477 s (80–128: within noise).
int panelWidth(int n) { return n >= 256 ? 96 : 32; }

void tpqrt(int m, int n, int l, double* A, int lda, double* B, int ldb, Workspace& ws, const RunControl* control) {
    if (m <= 0 || n <= 0) return;
    const int nb = std::min(n, panelWidth(n));
    const int threads = parallel::threadCount();
    // Two T factors: panel i's, read by the update, and panel i+1's, written by the look-ahead.
    if (ws.T.size() < 2 * static_cast<size_t>(nb) * nb) ws.T.resize(2 * static_cast<size_t>(nb) * nb);
    if (static_cast<int>(ws.work.size()) < threads) ws.work.resize(static_cast<size_t>(threads));
    double* Tbuf[2] = {ws.T.data(), ws.T.data() + static_cast<size_t>(nb) * nb};

    // Panel j's rows of B (the trapezoid's zeros do not take part) and its trapezoid part.
    auto rowsOf = [&](int j, int ib) { return std::min(m - l + j + ib, m); };
    auto trapezoidOf = [&](int j, int mb) { return (j + 1 >= l) ? 0 : mb - m + l - j; };
    std::vector<double> panelWork(static_cast<size_t>(nb) * nb);
    auto factor = [&](int j, double* T) {
        const int ib = std::min(n - j, nb), mb = rowsOf(j, ib);
        // A trapezoidal panel (the merge of two triangles) is factored as a full one: the
        // zeros below its diagonal (the callers store them) stay exactly zero, since every
        // reflector is zero in those rows; the same R, V and T, a few flops spent on zeros.
        tpqrtRecursive(mb, ib, A + static_cast<size_t>(j) * lda + j, lda, B + static_cast<size_t>(j) * ldb, ldb, T, nb,
                       panelWork.data());
    };

    factor(0, Tbuf[0]);
    for (int i = 0, p = 0; i < n; i += nb, p ^= 1) {
        if (control) control->check();
        const int ib = std::min(n - i, nb);
        const int mb = rowsOf(i, ib), lb = trapezoidOf(i, mb);
        const int trailing = n - i - ib;
        if (trailing <= 0) break;
        // Piece 0 is the next panel's columns: updated first, then factored in the same task
        // (look-ahead), while the other threads update the rest. The panel is factored on one
        // thread; without look-ahead the other cores would wait for it.
        // The rest in pieces of kPiece columns, as many whatever the thread count: which column
        // a piece starts at changes the order of the BLAS kernel's sums for that column, and a
        // fit must give the same digits on 1 thread and on 64 (a sweep's rows on a cluster equal
        // the local ones). 64 columns keep the GEMMs efficient and give 2 cores 8+ pieces.
        constexpr int kPiece = 64;
        const int next = std::min(trailing, nb), rest = trailing - next;
        const std::int64_t pieces = 1 + (rest + kPiece - 1) / kPiece;
        const double* T = Tbuf[p];
        double* Tnext = Tbuf[p ^ 1];
        const double* Bi = B + static_cast<size_t>(i) * ldb;
        parallel::parallelFor(pieces, [&](std::int64_t k, int slot) {
            const int c0 = k == 0 ? i + ib : i + ib + next + static_cast<int>(k - 1) * kPiece;
            const int c1 = k == 0 ? c0 + next : std::min(n, c0 + kPiece);
            const int cols = c1 - c0;
            if (cols <= 0) return;
            std::vector<double>& work = ws.work[static_cast<size_t>(slot)];
            if (work.size() < static_cast<size_t>(ib) * cols) work.resize(static_cast<size_t>(ib) * cols);
            dtprfb_("L", "T", "F", "C", &mb, &cols, &ib, &lb, Bi, &ldb, T, &nb, A + static_cast<size_t>(c0) * lda + i, &lda,
                    B + static_cast<size_t>(c0) * ldb, &ldb, work.data(), &ib, 1, 1, 1, 1);
            if (k == 0) factor(i + ib, Tnext);
        });
    }
}

} // namespace shnn::parallel_qr

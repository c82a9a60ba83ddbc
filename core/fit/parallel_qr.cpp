#include "parallel_qr.h"

#include "../errors.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"

#include <algorithm>
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

int panelWidth(int n) { return n >= 2048 ? 96 : n >= 256 ? 64 : 32; }

void tpqrt(int m, int n, int l, double* A, int lda, double* B, int ldb, Workspace& ws, const RunControl* control) {
    if (m <= 0 || n <= 0) return;
    const int nb = std::min(n, panelWidth(n));
    const int threads = parallel::threadCount();
    if (ws.T.size() < static_cast<size_t>(nb) * nb) ws.T.resize(static_cast<size_t>(nb) * nb);
    if (static_cast<int>(ws.work.size()) < threads) ws.work.resize(static_cast<size_t>(threads));

    for (int i = 0; i < n; i += nb) {
        if (control) control->check();
        const int ib = std::min(n - i, nb);
        const int mb = std::min(m - l + i + ib, m);
        const int lb = (i + 1 >= l) ? 0 : mb - m + l - i;
        double* Aii = A + static_cast<size_t>(i) * lda + i;
        double* Bi = B + static_cast<size_t>(i) * ldb;
        int info = 0;
        dtpqrt2_(&mb, &ib, &lb, Aii, &lda, Bi, &ldb, ws.T.data(), &nb, &info);
        if (info != 0) throw NumericalError("LAPACK dtpqrt2 failed (info " + std::to_string(info) + ")");

        const int trailing = n - i - ib;
        if (trailing <= 0) continue;
        // Pieces of kPiece columns (the last one shorter), as many as there are whatever the
        // thread count: which column a piece starts at changes the order of the BLAS kernel's
        // sums for that column, and a fit must give the same digits on 1 thread and on 64 (a
        // sweep's rows on a cluster equal the local ones). 64 columns keep the GEMMs efficient
        // and still give 2 cores 8+ pieces to share while the trailing block is wide.
        constexpr int kPiece = 64;
        const std::int64_t pieces = (trailing + kPiece - 1) / kPiece;
        const double* T = ws.T.data();
        parallel::parallelFor(pieces, [&](std::int64_t k, int slot) {
            const int c0 = i + ib + static_cast<int>(k) * kPiece;
            const int c1 = std::min(n, c0 + kPiece);
            const int cols = c1 - c0;
            if (cols <= 0) return;
            std::vector<double>& work = ws.work[static_cast<size_t>(slot)];
            if (work.size() < static_cast<size_t>(ib) * cols) work.resize(static_cast<size_t>(ib) * cols);
            dtprfb_("L", "T", "F", "C", &mb, &cols, &ib, &lb, Bi, &ldb, T, &nb, A + static_cast<size_t>(c0) * lda + i, &lda,
                    B + static_cast<size_t>(c0) * ldb, &ldb, work.data(), &ib, 1, 1, 1, 1);
        });
    }
}

} // namespace shnn::parallel_qr

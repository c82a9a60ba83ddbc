#include "lapack.h"

#include "../errors.h"

#include <algorithm>
#include <lapacke.h>
#include <string>
#include <vector>

namespace shnn::lapack {

namespace {
void check(lapack_int info, const char* routine) {
    if (info != 0)
        throw NumericalError(std::string("LAPACK ") + routine + " failed (info " + std::to_string(info) +
                             (info > 0 ? "): the matrix is singular or did not converge" : ")"));
}
} // namespace

void tpqrt(int m, int n, int l, double* A, int lda, double* B, int ldb, QrWorkspace& ws) {
    const int nb = std::max(1, std::min(n, 64));
    const size_t need = static_cast<size_t>(nb) * static_cast<size_t>(n);
    if (ws.T.size() < need) ws.T.resize(need);
    if (ws.work.size() < need) ws.work.resize(need);
    check(LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, m, n, l, nb, A, lda, B, ldb, ws.T.data(), nb, ws.work.data()), "dtpqrt");
}

void trtrs(int n, int nrhs, const double* R, int ldr, double* y, int ldy) {
    check(LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', n, nrhs, R, ldr, y, ldy), "dtrtrs");
}

long gelsd(int m, int n, int nrhs, double* A, int lda, double* b, int ldb, double rcond, double* sigmaMax) {
    std::vector<double> s(static_cast<size_t>(std::min(m, n)));
    lapack_int rank = 0;
    check(LAPACKE_dgelsd(LAPACK_COL_MAJOR, m, n, nrhs, A, lda, b, ldb, s.data(), rcond, &rank), "dgelsd");
    if (sigmaMax) *sigmaMax = s.empty() ? 0.0 : s.front();
    return rank;
}

bool potrf(int n, double* A, int lda) {
    const lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, A, lda);
    if (info > 0) return false;
    check(info, "dpotrf");
    return true;
}

void potrs(int n, int nrhs, const double* L, int ldl, double* y, int ldy) {
    check(LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, nrhs, L, ldl, y, ldy), "dpotrs");
}

void gesdd(int n, double* A, int lda, double* s, double* U, double* VT) {
    check(LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'A', n, n, A, lda, s, U, n, VT, n), "dgesdd");
}

} // namespace shnn::lapack

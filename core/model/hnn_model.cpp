#include "hnn_model.h"

#include "../progress.h"
#include "activation.h"

#include <atomic>
#include <cmath>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace shnn {

namespace {
int threadIndex() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}
} // namespace

double HnnModel::H(const double* x) const {
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array();
    Eigen::ArrayXd t(z.size());
    tanhOf(z, t);
    return (t * c.array()).sum() + c0;
}

void HnnModel::gradH(const double* x, double* g) const {
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array();
    Eigen::ArrayXd s(z.size());
    sech2(z, s);
    Eigen::Map<Eigen::VectorXd>(g, dim()) = W.transpose() * (s * c.array()).matrix();
}

void HnnModel::vectorField(const double* x, double* dx) const {
    const int d = dim() / 2;
    double g[8];
    gradH(x, g);
    for (int i = 0; i < d; ++i) {
        dx[i] = g[d + i];
        dx[d + i] = -g[i];
    }
}

void HnnModel::evaluate(const Eigen::MatrixXd& X, Eigen::VectorXd* Hout, Eigen::MatrixXd* grad,
                        const RunControl* control, Stage* stage) const {
    const Eigen::Index n = X.rows();
    const Eigen::Index M = width();
    if (Hout) Hout->resize(n);
    if (grad) grad->resize(n, dim());
    // Rows per block: the M-wide temporaries of one block stay in L2.
    const Eigen::Index block = std::max<Eigen::Index>(8, std::min<Eigen::Index>(256, 32768 / std::max<Eigen::Index>(M, 1)));
    const Eigen::Index blocks = (n + block - 1) / block;
    std::atomic<bool> stop{false};
    std::atomic<Eigen::Index> done{0};
    const Eigen::ArrayXd cArr = c.array();

#pragma omp parallel for schedule(dynamic, 4)
    for (Eigen::Index k = 0; k < blocks; ++k) {
        if (stop.load(std::memory_order_relaxed)) continue;
        const Eigen::Index r0 = k * block;
        const Eigen::Index rows = std::min(block, n - r0);
        Eigen::ArrayXXd z = ((X.middleRows(r0, rows) * W.transpose()).rowwise() + b.transpose()).array();
        Eigen::ArrayXXd t(rows, M), s(rows, M);
        if (grad) {
            tanhSech2(z, t, s);
            grad->middleRows(r0, rows) = (s.rowwise() * cArr.transpose()).matrix() * W;
        } else {
            tanhOf(z, t);
        }
        if (Hout) Hout->segment(r0, rows) = (t.matrix() * c).array() + c0;
        if (control) {
            if (control->cancelled()) stop = true;
            const Eigen::Index finished = ++done;
            // Only the calling thread reports, so listeners see progress from one thread.
            if (stage && finished % 16 == 0 && threadIndex() == 0) {
                try {
                    control->report(*stage, static_cast<double>(finished) / static_cast<double>(blocks));
                } catch (const Cancelled&) {
                    stop = true;
                }
            }
        }
    }
    if (control) control->check();
}

} // namespace shnn

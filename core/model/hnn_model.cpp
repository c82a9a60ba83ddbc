#include "hnn_model.h"

#include "../progress.h"
#include "activation.h"

#include "../parallel/thread_pool.h"

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

namespace shnn {

double HnnModel::H(const double* x) const {
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array();
    Eigen::ArrayXd e(z.size()), t(z.size());
    tanhOf(z, e, t);
    return (t * c.array()).sum() + c0;
}

void HnnModel::gradH(const double* x, double* g) const {
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array();
    Eigen::ArrayXd e(z.size()), s(z.size());
    sech2(z, e, s);
    Eigen::Map<Eigen::VectorXd>(g, dim()) = W.transpose() * (s * c.array()).matrix();
}

void HnnModel::vectorField(const double* x, double* dx) const {
    const int d = dim() / 2;
    Eigen::VectorXd gv(dim());
    double* g = gv.data();
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
    // Rows per block: one M-wide temporary of a block is ~64 KB, so the four of them stay in
    // L2. Each thread allocates its scratch once. Blocks are row-major so each state's M
    // pre-activations are contiguous: z = b + Σ_i x_i w_{·,i} is D vectorised FMAs per entry
    // (D is 2 or 4: a GEMM here would waste its time on packing), and H and ∇H are dot
    // products of contiguous rows with c and with diag(c)·W.
    using RowArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Index D = dim();
    const Eigen::Index block = std::max<Eigen::Index>(4, std::min<Eigen::Index>(256, 8192 / std::max<Eigen::Index>(M, 1)));
    const Eigen::Index blocks = (n + block - 1) / block;
    std::atomic<bool> stop{false};
    std::atomic<Eigen::Index> done{0};
    const RowArray Wt = W.transpose().array();                // D × M, rows contiguous
    const Eigen::MatrixXd Wc = c.asDiagonal() * W;             // M × D, ∂Ĥ/∂x = sech²(z)·Wc
    const Eigen::RowVectorXd bRow = b.transpose();
    const std::thread::id caller = std::this_thread::get_id();

    // Blocks of rows as tasks of the pool; scratch per slot, allocated once.
    struct Scratch {
        RowArray z, e, t, s;
    };
    std::vector<Scratch> scratch(static_cast<size_t>(parallel::threadCount()));
    parallel::parallelFor(blocks, [&](std::int64_t k, int slot) {
        if (stop.load(std::memory_order_relaxed)) return;
        Scratch& sc = scratch[static_cast<size_t>(slot)];
        if (sc.z.rows() != block) {
            sc.z.resize(block, M);
            sc.e.resize(block, M);
            sc.t.resize(block, M);
            sc.s.resize(block, M);
        }
        const Eigen::Index r0 = k * block;
        const Eigen::Index rows = std::min(block, n - r0);
        for (Eigen::Index r = 0; r < rows; ++r) {
            sc.z.row(r) = bRow.array();
            for (Eigen::Index i = 0; i < D; ++i) sc.z.row(r) += X(r0 + r, i) * Wt.row(i);
        }
        auto zb = sc.z.topRows(rows);
        auto eb = sc.e.topRows(rows);
        auto tb = sc.t.topRows(rows);
        auto sb = sc.s.topRows(rows);
        if (grad) tanhSech2(zb, eb, tb, sb);
        else tanhOf(zb, eb, tb);
        for (Eigen::Index r = 0; r < rows; ++r) {
            if (Hout) (*Hout)(r0 + r) = tb.row(r).matrix().dot(c.transpose()) + c0;
            if (grad)
                for (Eigen::Index i = 0; i < D; ++i) (*grad)(r0 + r, i) = sb.row(r).matrix().dot(Wc.col(i).transpose());
        }
        if (control) {
            if (control->cancelled()) stop = true;
            const Eigen::Index finished = ++done;
            // Only the calling thread reports, so listeners see progress from one thread.
            if (stage && finished % 64 == 0 && std::this_thread::get_id() == caller) {
                try {
                    control->report(*stage, static_cast<double>(finished) / static_cast<double>(blocks));
                } catch (const Cancelled&) {
                    stop = true;
                }
            }
        }
    });
    if (control) control->check();
}

} // namespace shnn

#include "hnn_model.h"

#include "../progress.h"
#include "../sampling/activation.h"
#include "../sampling/network_kernel.h"

#include "../parallel/thread_pool.h"

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

namespace shnn {

namespace {

// H_corr and ∇H_corr at one state (see the header); the plain values when κ = 0.
void correctedAt(const HnnModel& m, const double* x, double* H, double* g) {
    const Eigen::Index D = m.dim(), d = D / 2;
    const Eigen::Map<const Eigen::VectorXd> xv(x, D);
    const Eigen::ArrayXd z = (m.W * xv + m.b).array();
    Eigen::ArrayXd e(z.size()), t(z.size()), s(z.size());
    tanhSech2(z, e, t, s);
    const Eigen::VectorXd grad = m.W.transpose() * (s * m.c.array()).matrix();
    Eigen::VectorXd v(D);
    v.head(d) = grad.tail(d);
    v.tail(d) = grad.head(d);
    if (H) *H = (t * m.c.array()).sum() + m.c0 + m.correction * grad.head(d).dot(grad.tail(d));
    if (g) {
        const Eigen::ArrayXd u = m.c.array() * (-2.0 * t * s) * (m.W * v).array();
        Eigen::Map<Eigen::VectorXd>(g, D) = grad + m.correction * (m.W.transpose() * u.matrix());
    }
}

} // namespace

HnnModel HnnModel::uncorrected() const {
    HnnModel m = *this;
    m.correction = 0.0;
    return m;
}

double HnnModel::H(const double* x) const {
    if (correction != 0.0) {
        double h = 0;
        correctedAt(*this, x, &h, nullptr);
        return h;
    }
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array();
    Eigen::ArrayXd e(z.size()), t(z.size());
    tanhOf(z, e, t);
    return (t * c.array()).sum() + c0;
}

void HnnModel::gradH(const double* x, double* g) const {
    if (correction != 0.0) return correctedAt(*this, x, nullptr, g);
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
    if (correction != 0.0) {
        // The corrected model (header formulas), a block of states at a time as matrix products:
        // Z = X Wᵀ + b, G = (S ∘ c) W = ∇Ĥ, V = G with its halves swapped, and
        // ∇²Ĥ v for every row = ((c ∘ σ''(Z)) ∘ (V Wᵀ)) W.
        constexpr Eigen::Index kRows = 256;
        const Eigen::Index D = dim(), d = D / 2;
        const std::int64_t chunks = (n + kRows - 1) / kRows;
        parallel::parallelFor(chunks, [&](std::int64_t k, int) {
            const Eigen::Index r0 = k * kRows, rows = std::min(kRows, n - r0);
            const Eigen::ArrayXXd Z = ((X.middleRows(r0, rows) * W.transpose()).rowwise() + b.transpose()).array();
            Eigen::ArrayXXd E(rows, M), T(rows, M), S(rows, M);
            tanhSech2(Z, E, T, S);
            const Eigen::MatrixXd G = (S.rowwise() * c.transpose().array()).matrix() * W;
            const Eigen::ArrayXd qp = (G.leftCols(d).array() * G.rightCols(d).array()).rowwise().sum();
            if (Hout) Hout->segment(r0, rows) = (T.matrix() * c).array() + c0 + correction * qp;
            if (grad) {
                Eigen::MatrixXd V(rows, D);
                V.leftCols(d) = G.rightCols(d);
                V.rightCols(d) = G.leftCols(d);
                const Eigen::ArrayXXd U = (-2.0 * T * S).rowwise() * c.transpose().array() * (V * W.transpose()).array();
                grad->middleRows(r0, rows) = G + correction * (U.matrix() * W);
            }
        });
        if (control) control->check();
        if (stage && control) control->report(*stage, 1.0);
        return;
    }
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
    const bool whole = networkKernelFor(static_cast<int>(D)) && M > 0;

    // Blocks of rows as tasks of the pool; scratch per slot, allocated once.
    struct Scratch {
        RowArray z, e, t, s;
    };
    std::vector<Scratch> scratch(static_cast<size_t>(parallel::threadCount()));
    parallel::parallelFor(blocks, [&](std::int64_t k, int slot) {
        if (stop.load(std::memory_order_relaxed)) return;
        const Eigen::Index r0 = k * block;
        const Eigen::Index rows = std::min(block, n - r0);
        if (whole) {  // network_kernel.h: the network at each state in one pass, no scratch
            double x[8], g[8];
            for (Eigen::Index r = 0; r < rows; ++r) {
                for (Eigen::Index i = 0; i < D; ++i) x[i] = X(r0 + r, i);
                const double h = networkAtState(x, static_cast<int>(D), Wt.data(), M, b.data(), c.data(), Wc.data(), M,
                                                grad ? g : nullptr, M);
                if (Hout) (*Hout)(r0 + r) = h + c0;
                if (grad)
                    for (Eigen::Index i = 0; i < D; ++i) (*grad)(r0 + r, i) = g[i];
            }
        } else {
            Scratch& sc = scratch[static_cast<size_t>(slot)];
            if (sc.z.rows() != block) {
                sc.z.resize(block, M);
                sc.e.resize(block, M);
                sc.t.resize(block, M);
                sc.s.resize(block, M);
            }
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

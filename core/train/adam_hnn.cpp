#include "adam_hnn.h"

#include "../sampling/activation.h"
#include "../sampling/hidden_layer.h"
#include "../parallel/thread_pool.h"
#include "../stopwatch.h"
#include "trainer.h"

#include <cmath>
#include <random>

namespace shnn {

namespace {

// Rows per block of a step: fixed, so the partial sums (and the run) do not depend on threads.
constexpr Eigen::Index kBlockRows = 256;

struct Partial {
    double loss = 0;
    Eigen::MatrixXd dW;
    Eigen::VectorXd db, dc;
};

// Scratch of one thread: rows × M arrays, allocated once per run (fresh allocations of this
// size are mapped and unmapped by malloc each time and cost more than the arithmetic).
struct Scratch {
    Eigen::ArrayXXd Z, E, T, S;
    Eigen::MatrixXd R;
    void size(Eigen::Index rows, Eigen::Index M, Eigen::Index D) {
        if (Z.rows() == rows && Z.cols() == M && R.cols() == D) return;
        Z.resize(rows, M);
        E.resize(rows, M);
        T.resize(rows, M);
        S.resize(rows, M);
        R.resize(rows, D);
    }
};

// The loss and gradient contributions of rows [r0, r0 + rows) of X (not yet divided by B·D).
// Column by column (neuron by neuron) with D-term FMAs along contiguous rows: D is small, so
// products with an inner dimension D are cheaper as loops than as GEMMs.
void blockGradient(const HnnModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& targets, Eigen::Index r0,
                   Eigen::Index rows, Partial& out, Scratch& w) {
    const Eigen::Index M = m.width(), D = m.dim();
    w.size(rows, M, D);
    auto Z = w.Z.topRows(rows);
    auto T = w.T.topRows(rows);
    auto S = w.S.topRows(rows);
    auto E = w.E.topRows(rows);
    for (Eigen::Index j = 0; j < M; ++j) preActivations(m.W, m.b, j, X, r0, Z.col(j));
    tanhSech2(Z, E, T, S);
    // r_k = ∇Ĥ(x_k) − g_k, ∇Ĥ = Wᵀ(c ⊙ s).
    auto R = w.R.topRows(rows);
    const Eigen::MatrixXd cW = m.c.asDiagonal() * m.W;  // M × D
    R.noalias() = S.matrix() * cW;
    R -= targets.middleRows(r0, rows);
    out.loss = R.squaredNorm();
    // Neuron by neuron, on one column of the block at a time (it stays in L1):
    //   p = Σ_i W_ji r_i (P_kj = w_j·r_k),  q = s'·p = −2 t s p,
    //   dc_j = Σ_k s p,  db_j = c_j Σ_k q,  dW_ji = c_j Σ_k (s r_i + q x_i).
    out.dc.resize(M);
    out.db.resize(M);
    out.dW.resize(M, D);
    Eigen::ArrayXd p(rows), q(rows);
    for (Eigen::Index j = 0; j < M; ++j) {
        p = m.W(j, 0) * R.col(0).array();
        for (Eigen::Index i = 1; i < D; ++i) p += m.W(j, i) * R.col(i).array();
        const auto s = S.col(j);
        out.dc(j) = (s * p).sum();
        q = -2.0 * T.col(j) * s * p;
        out.db(j) = m.c(j) * q.sum();
        for (Eigen::Index i = 0; i < D; ++i)
            out.dW(j, i) = m.c(j) * ((s * R.col(i).array()).sum() + (q * X.col(i).segment(r0, rows).array()).sum());
    }
    (void)E;
}

LossGradient batchGradient(const HnnModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& targets,
                           std::vector<Scratch>& scratch) {
    const Eigen::Index n = X.rows(), M = m.width(), D = m.dim();
    const Eigen::Index blocks = (n + kBlockRows - 1) / kBlockRows;
    std::vector<Partial> parts(static_cast<size_t>(blocks));
    if (scratch.size() < static_cast<size_t>(parallel::threadCount())) scratch.resize(static_cast<size_t>(parallel::threadCount()));
    parallel::parallelFor(blocks, [&](std::int64_t k, int slot) {
        const Eigen::Index r0 = k * kBlockRows;
        blockGradient(m, X, targets, r0, std::min(kBlockRows, n - r0), parts[static_cast<size_t>(k)],
                      scratch[static_cast<size_t>(slot)]);
    });
    LossGradient g;
    g.dW = Eigen::MatrixXd::Zero(M, D);
    g.db = Eigen::VectorXd::Zero(M);
    g.dc = Eigen::VectorXd::Zero(M);
    for (const Partial& p : parts) {  // block order: the same sums every time
        g.loss += p.loss;
        g.dW += p.dW;
        g.db += p.db;
        g.dc += p.dc;
    }
    const double scale = 1.0 / (static_cast<double>(n) * static_cast<double>(D));
    g.loss *= scale;
    g.dW *= 2 * scale;
    g.db *= 2 * scale;
    g.dc *= 2 * scale;
    return g;
}

template <class Param, class Grad>
void adamUpdate(Param& theta, const Grad& grad, Eigen::VectorXd& m, Eigen::VectorXd& v, const AdamSettings& a, long t) {
    Eigen::Map<Eigen::VectorXd> th(theta.data(), theta.size());
    const Eigen::Map<const Eigen::VectorXd> g0(grad.data(), grad.size());
    const Eigen::VectorXd g = g0 + a.weightDecay * th;  // L2 weight decay, as torch.optim.Adam
    m = a.beta1 * m + (1 - a.beta1) * g;
    v = a.beta2 * v + (1 - a.beta2) * g.cwiseProduct(g);
    const double c1 = 1 - std::pow(a.beta1, static_cast<double>(t));
    const double c2 = 1 - std::pow(a.beta2, static_cast<double>(t));
    th.array() -= a.lr * (m.array() / c1) / ((v.array() / c2).sqrt() + a.eps);
}

} // namespace

LossGradient hnnLossGradient(const HnnModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& targets) {
    std::vector<Scratch> scratch;
    return batchGradient(m, X, targets, scratch);
}

AdamState initialAdamState(const TrainingSettings& s, int D) {
    AdamState st;
    const Eigen::Index M = s.width;
    auto rng = makeRng(s.seed, RandomStream::HiddenLayer);
    std::uniform_real_distribution<double> inner(-1.0 / std::sqrt(static_cast<double>(D)), 1.0 / std::sqrt(static_cast<double>(D)));
    std::uniform_real_distribution<double> outer(-1.0 / std::sqrt(static_cast<double>(M)), 1.0 / std::sqrt(static_cast<double>(M)));
    st.model.W.resize(M, D);
    st.model.b.resize(M);
    st.model.c.resize(M);
    for (Eigen::Index j = 0; j < M; ++j)
        for (int i = 0; i < D; ++i) st.model.W(j, i) = inner(rng);
    for (Eigen::Index j = 0; j < M; ++j) st.model.b(j) = inner(rng);
    for (Eigen::Index j = 0; j < M; ++j) st.model.c(j) = outer(rng);
    st.model.c0 = outer(rng);
    st.mW = st.vW = Eigen::VectorXd::Zero(M * D);
    st.mb = st.vb = st.mc = st.vc = Eigen::VectorXd::Zero(M);
    return st;
}

void anchorOutputBias(HnnModel& m, const TrainingSettings& s) {
    m.c0 = 0;
    m.c0 = *s.anchorH - m.H(s.anchor.data());
}

void trainAdam(const TrainingSettings& s, const AdamSettings& a, const Dataset& train, const Dataset& test, AdamState& st,
               const RunControl& control, const AdamPointFn& onPoint) {
    const Eigen::Index N = train.size();
    const Eigen::Index B = std::min<Eigen::Index>(a.batch, N);
    const Eigen::MatrixXd targets = train.gradientTargets();
    Eigen::MatrixXd Xb(B, train.X.cols()), Gb(B, train.X.cols());
    std::vector<Scratch> scratch;
    const long last = st.step + a.steps;
    const auto start = Clock::now() - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(st.seconds));
    auto point = [&](double loss) {
        HnnModel m = st.model;
        anchorOutputBias(m, s);
        AdamPoint p{st.step, since(start), loss, measureErrors(m, test).relL2H};
        st.history.push_back(p);
        if (onPoint) onPoint(p, st);
    };
    if (st.history.empty()) point(hnnLossGradient(st.model, train.X.topRows(B), targets.topRows(B)).loss);
    double loss = 0;
    while (st.step < last) {
        control.check();
        // The next B states in order, wrapping around the training set.
        const Eigen::Index first = (st.step * B) % N;
        for (Eigen::Index k = 0; k < B; ++k) {
            Xb.row(k) = train.X.row((first + k) % N);
            Gb.row(k) = targets.row((first + k) % N);
        }
        const LossGradient g = batchGradient(st.model, Xb, Gb, scratch);
        loss = g.loss;
        ++st.step;
        adamUpdate(st.model.W, g.dW, st.mW, st.vW, a, st.step);
        adamUpdate(st.model.b, g.db, st.mb, st.vb, a, st.step);
        adamUpdate(st.model.c, g.dc, st.mc, st.vc, a, st.step);
        st.seconds = since(start);
        if (st.step % a.evalEvery == 0 || st.step == last) point(loss);
        else if (st.step % 10 == 0) control.report(Stage::Solving, static_cast<double>(st.step) / static_cast<double>(last));
    }
    anchorOutputBias(st.model, s);
    st.seconds = since(start);
}

} // namespace shnn

#include "dataset.h"

#include "../errors.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"
#include "../systems/system.h"
#include "../text/parse.h"

#include <cmath>
#include <vector>

namespace shnn {

Eigen::MatrixXd Dataset::gradientTargets() const {
    const Eigen::Index d = X.cols() / 2;
    Eigen::MatrixXd g(dXdt.rows(), dXdt.cols());
    g.leftCols(d) = -dXdt.rightCols(d);
    g.rightCols(d) = dXdt.leftCols(d);
    return g;
}

std::mt19937_64 makeRng(std::uint64_t seed, RandomStream stream) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed & 0xffffffffu), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(stream), 0x5348u /* "SH" */};
    return std::mt19937_64(seq);
}

Dataset uniformDataset(const HamiltonianSystem& sys, const Domain& box, Eigen::Index n, std::mt19937_64& rng,
                       const RunControl* control) {
    const int D = sys.dim();
    Dataset data;
    data.X.resize(n, D);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Row by row, so the k-th state does not depend on N (a larger draw extends a smaller one).
    for (Eigen::Index k = 0; k < n; ++k) {
        for (int i = 0; i < D; ++i) {
            const Interval& iv = box.intervals[i];
            data.X(k, i) = iv.lo + (iv.hi - iv.lo) * unit(rng);
        }
        if (control && (k & 0xffff) == 0) control->check();
    }
    labelStates(sys, data, true, control);
    return data;
}

void labelStates(const HamiltonianSystem& sys, Dataset& data, bool setDerivatives, const RunControl* control) {
    const Eigen::Index n = data.X.rows();
    const int D = sys.dim(), d = D / 2;
    data.H.resize(n);
    data.gradH.resize(n, D);
    // Blocks of states (formula systems evaluate a block at once) on the pool's threads (every
    // system evaluates concurrently: formula tapes are read-only), cancellable between them.
    // Each state's values depend only on the state, so the split does not change a digit.
    constexpr Eigen::Index kBlock = 1024;
    parallel::parallelFor((n + kBlock - 1) / kBlock, [&](std::int64_t b, int) {
        if (control) control->check();
        const Eigen::Index r0 = b * kBlock, rows = std::min(kBlock, n - r0);
        Eigen::VectorXd H;
        Eigen::MatrixXd G;
        sys.evaluateMany(data.X.middleRows(r0, rows), &H, &G);
        data.H.segment(r0, rows) = H;
        data.gradH.middleRows(r0, rows) = G;
    });
    if (setDerivatives) {
        // Hamilton's equations: q̇ = ∂H/∂p, ṗ = −∂H/∂q.
        data.dXdt.resize(n, D);
        data.dXdt.leftCols(d) = data.gradH.rightCols(d);
        data.dXdt.rightCols(d) = -data.gradH.leftCols(d);
    }
}

void requireFinite(const Dataset& data, const std::string& what) {
    auto report = [&](Eigen::Index k, const char* field) {
        std::string state;
        for (Eigen::Index i = 0; i < data.X.cols(); ++i)
            state += (i ? ", " : "") + text::formatNumber(data.X(k, i));
        throw NumericalError(what + ": " + field + " overflows or is not finite at state (" + state +
                             "); the system overflows or is undefined on this domain");
    };
    auto rowUsable = [](const auto& row) {
        for (Eigen::Index i = 0; i < row.size(); ++i)
            if (!usable(row(i))) return false;
        return true;
    };
    for (Eigen::Index k = 0; k < data.X.rows(); ++k) {
        if (!rowUsable(data.X.row(k))) report(k, "the state");
        if (data.H.size() && !usable(data.H(k))) report(k, "H");
        if (data.gradH.size() && !rowUsable(data.gradH.row(k))) report(k, "grad H");
        if (data.dXdt.size() && !rowUsable(data.dXdt.row(k))) report(k, "the time derivative");
    }
}

} // namespace shnn

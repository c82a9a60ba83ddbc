#pragma once
// The rows of [S | G] of the last layer's least-squares problem (least_squares.h), by blocks
// of training states: S = sech²(X Wᵀ + b) (the derivative rows before scaling by w_i) and G
// the targets. The structured QR streams them (its threads fill a block column block by
// column block while they factor the previous one); the normal equations
// (normal_equations.h) fill S once, as one block.
#include "../parallel/thread_pool.h"
#include "../sampling/hidden_layer.h"
#include "../sampling/network_kernel.h"
#include "state_blocks.h"

#include <Eigen/Core>
#include <algorithm>

namespace shnn {

class DerivativeRows : public StateBlocks {
public:
    DerivativeRows(const HiddenLayer& layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& G, Eigen::Index perBlock)
        : StateBlocks(X.rows(), perBlock), L_(layer), X_(X), G_(G) {}
    // Columns [col0, col1) of [S | G] for the block's states: j < M a neuron's sech² column,
    // j ≥ M target j − M.
    void fill(int block, int col0, int col1, double* B, int ldb) const override {
        const Eigen::Index r0 = first(block), n = rows(block), M = L_.width(), D = X_.cols();
        Eigen::VectorXd w(D);
        for (Eigen::Index j = col0; j < std::min<Eigen::Index>(col1, M); ++j) {  // network_kernel.h
            w = L_.W.row(j).transpose();
            sech2Column(X_.data() + r0, X_.rows(), static_cast<int>(D), w.data(), L_.b(j), B + (j - col0) * ldb, n);
        }
        for (Eigen::Index j = std::max<Eigen::Index>(col0, M); j < col1; ++j)
            Eigen::Map<Eigen::VectorXd>(B + (j - col0) * ldb, n) = G_.col(j - M).segment(r0, n);
    }

    // Columns [0, M) of the block (S alone) on the pool's threads, in pieces of neurons: for
    // the solvers that fill a whole block before factoring it (normal equations, dense SVD).
    void fillFeatures(int block, double* B, int ldb) const {
        const Eigen::Index M = L_.width();
        const std::int64_t pieces = parallel::pieceCount(M, 16);
        parallel::parallelFor(pieces, [&](std::int64_t k, int) {
            const Eigen::Index j0 = parallel::pieceBegin(M, pieces, k), j1 = parallel::pieceBegin(M, pieces, k + 1);
            fill(block, static_cast<int>(j0), static_cast<int>(j1), B + j0 * ldb, ldb);
        });
    }

private:
    const HiddenLayer& L_;
    const Eigen::MatrixXd& X_;
    const Eigen::MatrixXd& G_;
};

} // namespace shnn

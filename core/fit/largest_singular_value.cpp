#include "largest_singular_value.h"

#include "../progress.h"
#include "../parallel/thread_pool.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace shnn {

namespace {

constexpr double kTolerance = 1e-5;

// out = B v = Σ_i w_i ∘ Rᵀ R (w_i ∘ v). Both products by pieces of 64 rows of U (columns of
// R for V) on the pool's threads: a pass over R is memory-bound, and one product took E2
// 5.5 ms on one thread. The pieces are fixed, so σ does not depend on the thread count.
class GramProduct {
public:
    GramProduct(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R, const Eigen::MatrixXd& W)
        : R_(R), W_(W), Y_(R.rows(), W.cols()), U_(R.rows(), W.cols()), V_(R.rows(), W.cols()) {}

    void apply(const Eigen::VectorXd& v, Eigen::Ref<Eigen::VectorXd> out) {
        const Eigen::Index n = R_.rows();
        const std::int64_t pieces = (n + kPiece - 1) / kPiece;
        Y_ = (W_.array().colwise() * v.array()).matrix();
        parallel::parallelFor(pieces, [&](std::int64_t k, int) {  // U = triu(R) Y
            const Eigen::Index r0 = k * kPiece, h = std::min(kPiece, n - r0), r1 = r0 + h;
            U_.middleRows(r0, h).noalias() = R_.block(r0, r0, h, h).triangularView<Eigen::Upper>() * Y_.middleRows(r0, h);
            if (r1 < n) U_.middleRows(r0, h).noalias() += R_.block(r0, r1, h, n - r1) * Y_.bottomRows(n - r1);
        });
        parallel::parallelFor(pieces, [&](std::int64_t k, int) {  // V = triu(R)ᵀ U
            const Eigen::Index c0 = k * kPiece, h = std::min(kPiece, n - c0);
            V_.middleRows(c0, h).noalias() =
                R_.block(c0, c0, h, h).triangularView<Eigen::Upper>().transpose() * U_.middleRows(c0, h);
            if (c0 > 0) V_.middleRows(c0, h).noalias() += R_.block(0, c0, c0, h).transpose() * U_.topRows(c0);
        });
        out = (W_.array() * V_.array()).rowwise().sum();
    }

private:
    static constexpr Eigen::Index kPiece = 64;
    const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R_;
    const Eigen::MatrixXd& W_;
    Eigen::MatrixXd Y_, U_, V_;
};

// The start: A's column norms, ‖R(:, j)‖·‖W(j, :)‖. Positive, and heaviest where the
// columns that carry σ_max are, so the first Ritz value is already close.
Eigen::VectorXd startVector(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R,
                            const Eigen::MatrixXd& W) {
    Eigen::VectorXd v(R.rows());
    for (Eigen::Index j = 0; j < R.cols(); ++j) v(j) = R.col(j).head(j + 1).norm() * W.row(j).norm();
    return v;
}

} // namespace

LanczosEstimate largestSingularValue(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R,
                                     const Eigen::MatrixXd& W, const RunControl& control) {
    const Eigen::Index n = R.rows();
    LanczosEstimate est;
    Eigen::VectorXd v = startVector(R, W);
    const double start = v.norm();
    if (n == 0 || !(start > 0.0)) return est;
    const int maxSteps = static_cast<int>(std::min<Eigen::Index>(kLanczosMaxSteps, n));
    Eigen::MatrixXd basis(n, maxSteps);
    Eigen::VectorXd alpha(maxSteps), beta(maxSteps), w(n);
    basis.col(0) = v / start;
    GramProduct gram(R, W);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz;
    for (int k = 0; k < maxSteps; ++k) {
        control.check();
        gram.apply(basis.col(k), w);
        alpha(k) = basis.col(k).dot(w);
        // Full reorthogonalisation, twice ("twice is enough"): the basis stays orthonormal to
        // rounding, so no spurious copies of θ appear.
        for (int pass = 0; pass < 2; ++pass)
            w.noalias() -= basis.leftCols(k + 1) * (basis.leftCols(k + 1).transpose() * w);
        beta(k) = w.norm();
        ritz.computeFromTridiagonal(alpha.head(k + 1), beta.head(k), Eigen::ComputeEigenvectors);
        const double theta = ritz.eigenvalues()(k);
        est.steps = k + 1;
        est.sigma = std::sqrt(std::max(theta, 0.0));
        est.residual = theta > 0.0 ? beta(k) * std::abs(ritz.eigenvectors()(k, k)) / theta : 0.0;
        // Converged, or the basis spans an invariant subspace (then θ is exact for it).
        if (est.residual <= kTolerance || beta(k) <= 1e-14 * std::max(theta, 0.0) || k + 1 == maxSteps) break;
        basis.col(k + 1) = w / beta(k);
    }
    return est;
}

double sigmaMaxStacked(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& R, const Eigen::MatrixXd& W,
                       const RunControl& control) {
    return largestSingularValue(R, W, control).sigma;
}

double sigmaMaxUpper(const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>& T, const RunControl& control) {
    return sigmaMaxStacked(T, Eigen::MatrixXd::Ones(T.rows(), 1), control);
}

} // namespace shnn

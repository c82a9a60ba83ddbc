#include "mlp_model.h"

#include "../errors.h"
#include "../fit/lapack.h"
#include "../fit/largest_singular_value.h"
#include "../fit/least_squares.h"
#include "../fit/state_blocks.h"
#include "../fit/streamed_qr.h"
#include "../progress.h"
#include "../sampling/activation.h"

#include <algorithm>

namespace shnn {

void MlpModel::vectorField(const double* x, double* dx) const {
    const Eigen::Map<const Eigen::VectorXd> xv(x, dim());
    Eigen::ArrayXd z = (W * xv + b).array(), e(z.size()), t(z.size());
    tanhOf(z, e, t);
    Eigen::Map<Eigen::VectorXd>(dx, dim()) = C * t.matrix() + c0;
}

namespace {

// The rows [φ(x_k), 1 | ẋ_k] of the S-MLP's least-squares problem, block by block.
class FeatureRows : public StateBlocks {
public:
    FeatureRows(const HiddenLayer& layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt, Eigen::Index perBlock)
        : StateBlocks(X.rows(), perBlock), L_(layer), X_(X), dXdt_(dXdt) {}
    void fill(int block, int col0, int col1, double* B, int ldb) const override {
        const Eigen::Index r0 = first(block), n = rows(block), M = L_.width();
        Eigen::ArrayXd z(n), e(n);
        for (Eigen::Index j = col0; j < col1; ++j) {
            Eigen::Map<Eigen::ArrayXd> column(B + (j - col0) * ldb, n);
            if (j < M) {
                preActivations(L_.W, L_.b, j, X_, r0, z);
                tanhOf(z, e, column);
            } else if (j == M) {
                column.setOnes();
            } else {
                column = dXdt_.col(j - M - 1).segment(r0, n).array();
            }
        }
    }

private:
    const HiddenLayer& L_;
    const Eigen::MatrixXd& X_;
    const Eigen::MatrixXd& dXdt_;
};

} // namespace

MlpModel fitSampledMlp(const HiddenLayer& layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt, double rcond,
                       const RunControl& control) {
    const Eigen::Index M = layer.width(), D = X.cols(), M1 = M + 1, K = M1 + D;
    // Rows [φ(x_k), 1 | ẋ_k] streamed through the QR: R (K×K) holds R11 and Qᵀẋ.
    // Set to zero inside the stream (StateBlocks::top); rows below K: padding (paddedRows).
    Eigen::MatrixXd R(streamed_qr::paddedRows(static_cast<int>(K)), K);
    const int ldr = static_cast<int>(R.rows());
    const FeatureRows rows(layer, X, dXdt, qrChunkRows(K, X.rows()));
    streamed_qr::Workspace ws;
    streamed_qr::Options options;
    options.maxRows = rows.maxRows();
    options.control = &control;
    streamed_qr::stream(static_cast<int>(K), R.data(), ldr, rows, options, ws);
    // Tikhonov damping: [R11; λI] with the D right-hand sides, then back substitution.
    const double sigma = sigmaMaxUpper(R.topLeftCorner(M1, M1), control);
    if (!(sigma > 0) || !std::isfinite(sigma)) throw NumericalError("S-MLP: the features are all zero or not finite");
    options.maxRows = static_cast<int>(M1);
    const streamed_qr::DiagonalBlock damping(static_cast<int>(M1), rcond * sigma);
    streamed_qr::stream(static_cast<int>(K), R.data(), ldr, damping, options, ws);
    Eigen::MatrixXd coef = R.block(0, M1, M1, D);
    lapack::trtrs(static_cast<int>(M1), static_cast<int>(D), R.data(), ldr, coef.data(), static_cast<int>(M1));
    if (!coef.allFinite()) throw NumericalError("S-MLP: the least-squares solution is not finite");
    MlpModel m;
    m.W = layer.W;
    m.b = layer.b;
    m.C = coef.topRows(M).transpose();
    m.c0 = coef.row(M).transpose();
    return m;
}

double mlpFieldError(const MlpModel& m, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt) {
    double err = 0;
    Eigen::VectorXd f(m.dim());
    for (Eigen::Index k = 0; k < X.rows(); ++k) {
        const Eigen::VectorXd x = X.row(k).transpose();
        m.vectorField(x.data(), f.data());
        err += (f - dXdt.row(k).transpose()).squaredNorm();
    }
    return std::sqrt(err / dXdt.squaredNorm());
}

} // namespace shnn

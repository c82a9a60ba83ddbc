#include "mlp_model.h"

#include "../errors.h"
#include "../fit/lapack.h"
#include "../fit/least_squares.h"
#include "../fit/parallel_qr.h"
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

MlpModel fitSampledMlp(const HiddenLayer& layer, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dXdt, double rcond,
                       const RunControl& control) {
    const Eigen::Index N = X.rows(), M = layer.width(), D = X.cols(), M1 = M + 1, K = M1 + D;
    // Rows [φ(x_k), 1 | ẋ_k] streamed through the QR: R (K×K) holds R11 and Qᵀẋ.
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(K, K);
    parallel_qr::Workspace ws;
    const Eigen::Index chunk = std::min(qrChunkRows(K), N);
    Eigen::MatrixXd Bk(chunk, K);
    for (Eigen::Index r0 = 0; r0 < N; r0 += chunk) {
        control.check();
        const Eigen::Index rows = std::min(chunk, N - r0);
        Eigen::ArrayXd z(rows), e(rows), t(rows);
        for (Eigen::Index j = 0; j < M; ++j) {
            z.setConstant(layer.b(j));
            for (Eigen::Index i = 0; i < D; ++i) z += layer.W(j, i) * X.col(i).segment(r0, rows).array();
            tanhOf(z, e, t);
            Bk.col(j).head(rows) = t.matrix();
        }
        Bk.col(M).head(rows).setOnes();
        Bk.block(0, M1, rows, D) = dXdt.middleRows(r0, rows);
        parallel_qr::tpqrt(static_cast<int>(rows), static_cast<int>(K), 0, R.data(), static_cast<int>(K), Bk.data(),
                           static_cast<int>(chunk), ws, &control);
    }
    // Tikhonov damping: [R11; λI] with the D right-hand sides, then back substitution.
    const double sigma = sigmaMaxUpper(R.topLeftCorner(M1, M1), control);
    if (!(sigma > 0) || !std::isfinite(sigma)) throw NumericalError("S-MLP: the features are all zero or not finite");
    Eigen::MatrixXd damp = Eigen::MatrixXd::Zero(M1, K);
    damp.leftCols(M1).diagonal().setConstant(rcond * sigma);
    parallel_qr::tpqrt(static_cast<int>(M1), static_cast<int>(K), static_cast<int>(M1), R.data(), static_cast<int>(K),
                       damp.data(), static_cast<int>(M1), ws, &control);
    Eigen::MatrixXd coef = R.block(0, M1, M1, D);
    lapack::trtrs(static_cast<int>(M1), static_cast<int>(D), R.data(), static_cast<int>(K), coef.data(), static_cast<int>(M1));
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

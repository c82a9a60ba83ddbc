#include "expression_tape.h"

#include <algorithm>
#include <cmath>

namespace shnn::formula {

namespace {

// x^n by repeated squaring: exact for small integers, as a hand-derived formula would be.
inline double powInt(double x, int n) {
    if (n < 0) return 1.0 / powInt(x, -n);
    double result = 1.0, base = x;
    for (unsigned k = static_cast<unsigned>(n); k; k >>= 1) {
        if (k & 1u) result *= base;
        base *= base;
    }
    return result;
}

template <class A>
auto powIntArray(const A& x, int n) {
    Eigen::ArrayXd result = Eigen::ArrayXd::Ones(x.size());
    Eigen::ArrayXd base = x;
    for (unsigned k = static_cast<unsigned>(n < 0 ? -n : n); k; k >>= 1) {
        if (k & 1u) result *= base;
        base *= base;
    }
    if (n < 0) result = result.inverse();
    return result;
}

} // namespace

void ExpressionTape::evaluate(const double* x, double* out) const {
    thread_local std::vector<double> v;
    if (v.size() < ops_.size()) v.resize(ops_.size());
    for (size_t k = 0; k < ops_.size(); ++k) {
        const TapeOp& o = ops_[k];
        const double a = o.a >= 0 ? v[static_cast<size_t>(o.a)] : 0.0;
        const double b = o.b >= 0 ? v[static_cast<size_t>(o.b)] : 0.0;
        double r = 0.0;
        switch (o.kind) {
        case TapeOp::Const: r = o.c; break;
        case TapeOp::Var: r = x[o.n]; break;
        case TapeOp::Add: r = a + b; break;
        case TapeOp::Sub: r = a - b; break;
        case TapeOp::Mul: r = a * b; break;
        case TapeOp::Div: r = a / b; break;
        case TapeOp::Neg: r = -a; break;
        case TapeOp::PowInt: r = powInt(a, o.n); break;
        case TapeOp::PowConst: r = std::pow(a, o.c); break;
        case TapeOp::Pow: r = std::pow(a, b); break;
        case TapeOp::Sqrt: r = std::sqrt(a); break;
        case TapeOp::Exp: r = std::exp(a); break;
        case TapeOp::Log: r = std::log(a); break;
        case TapeOp::Sin: r = std::sin(a); break;
        case TapeOp::Cos: r = std::cos(a); break;
        case TapeOp::Tan: r = std::tan(a); break;
        case TapeOp::Sinh: r = std::sinh(a); break;
        case TapeOp::Cosh: r = std::cosh(a); break;
        case TapeOp::Tanh: r = std::tanh(a); break;
        case TapeOp::Asin: r = std::asin(a); break;
        case TapeOp::Acos: r = std::acos(a); break;
        case TapeOp::Atan: r = std::atan(a); break;
        case TapeOp::Asinh: r = std::asinh(a); break;
        case TapeOp::Acosh: r = std::acosh(a); break;
        case TapeOp::Atanh: r = std::atanh(a); break;
        case TapeOp::Atan2: r = std::atan2(a, b); break;
        case TapeOp::Abs: r = std::abs(a); break;
        }
        v[k] = r;
    }
    for (size_t i = 0; i < outputs_.size(); ++i) out[i] = v[static_cast<size_t>(outputs_[i])];
}

void ExpressionTape::evaluateMany(const Eigen::MatrixXd& X, Eigen::MatrixXd& out) const {
    const Eigen::Index n = X.rows();
    out.resize(n, outputs());
    constexpr Eigen::Index kBlock = 256;
    Eigen::ArrayXXd v(kBlock, static_cast<Eigen::Index>(ops_.size()));
    for (Eigen::Index r0 = 0; r0 < n; r0 += kBlock) {
        const Eigen::Index rows = std::min(kBlock, n - r0);
        auto col = [&](int k) { return v.col(k).head(rows); };
        for (size_t k = 0; k < ops_.size(); ++k) {
            const TapeOp& o = ops_[k];
            auto r = v.col(static_cast<Eigen::Index>(k)).head(rows);
            switch (o.kind) {
            case TapeOp::Const: r.setConstant(o.c); break;
            case TapeOp::Var: r = X.col(o.n).segment(r0, rows).array(); break;
            case TapeOp::Add: r = col(o.a) + col(o.b); break;
            case TapeOp::Sub: r = col(o.a) - col(o.b); break;
            case TapeOp::Mul: r = col(o.a) * col(o.b); break;
            case TapeOp::Div: r = col(o.a) / col(o.b); break;
            case TapeOp::Neg: r = -col(o.a); break;
            case TapeOp::PowInt: r = powIntArray(col(o.a), o.n); break;
            case TapeOp::PowConst: r = col(o.a).pow(o.c); break;
            case TapeOp::Pow: r = col(o.a).pow(col(o.b)); break;
            case TapeOp::Sqrt: r = col(o.a).sqrt(); break;
            case TapeOp::Exp: r = col(o.a).exp(); break;
            case TapeOp::Log: r = col(o.a).log(); break;
            case TapeOp::Sin: r = col(o.a).sin(); break;
            case TapeOp::Cos: r = col(o.a).cos(); break;
            case TapeOp::Tan: r = col(o.a).tan(); break;
            case TapeOp::Sinh: r = col(o.a).sinh(); break;
            case TapeOp::Cosh: r = col(o.a).cosh(); break;
            case TapeOp::Tanh: r = col(o.a).tanh(); break;
            case TapeOp::Asin: r = col(o.a).asin(); break;
            case TapeOp::Acos: r = col(o.a).acos(); break;
            case TapeOp::Atan: r = col(o.a).atan(); break;
            case TapeOp::Asinh: r = col(o.a).unaryExpr([](double t) { return std::asinh(t); }); break;
            case TapeOp::Acosh: r = col(o.a).unaryExpr([](double t) { return std::acosh(t); }); break;
            case TapeOp::Atanh: r = col(o.a).unaryExpr([](double t) { return std::atanh(t); }); break;
            case TapeOp::Atan2: r = col(o.a).binaryExpr(col(o.b), [](double y, double x) { return std::atan2(y, x); }); break;
            case TapeOp::Abs: r = col(o.a).abs(); break;
            }
        }
        for (int i = 0; i < outputs(); ++i) out.col(i).segment(r0, rows) = v.col(outputs_[static_cast<size_t>(i)]).head(rows).matrix();
    }
}

} // namespace shnn::formula

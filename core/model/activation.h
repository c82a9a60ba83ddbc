#pragma once
// tanh and its derivative sech² = 1 − tanh², vectorised through one exponential:
//   e = exp(−2|z|) ∈ (0, 1],   tanh z = sign(z) (1 − e)/(1 + e),   sech² z = 4e/(1 + e)².
// Both are accurate to a few ulp in absolute terms, and sech² keeps full *relative* accuracy
// for saturated neurons (where 1 − tanh² would cancel to 0), which matters for the
// least-squares matrix. Eigen vectorises exp for doubles; std::tanh is scalar and ~2× slower.
#include <Eigen/Core>

namespace shnn {

template <class Z, class T, class S>
inline void tanhSech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<T>& t, Eigen::ArrayBase<S>& s) {
    const auto e = (-2.0 * z.abs().min(350.0)).exp().eval();
    const auto inv = (1.0 + e).inverse().eval();
    t = z.sign() * (1.0 - e) * inv;
    s = 4.0 * e * inv.square();
}

template <class Z, class S>
inline void sech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<S>& s) {
    const auto e = (-2.0 * z.abs().min(350.0)).exp().eval();
    s = 4.0 * e * (1.0 + e).inverse().square();
}

template <class Z, class T>
inline void tanhOf(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<T>& t) {
    const auto e = (-2.0 * z.abs().min(350.0)).exp().eval();
    t = z.sign() * (1.0 - e) / (1.0 + e);
}

} // namespace shnn

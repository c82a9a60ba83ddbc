#pragma once
// tanh and its derivative sech² = 1 − tanh², vectorised through one exponential:
//   e = exp(−2|z|) ∈ (0, 1],   tanh z = sign(z) (1 − e)/(1 + e),   sech² z = 4e/(1 + e)².
// Both are accurate to a few ulp in absolute terms, and sech² keeps full *relative* accuracy
// for saturated neurons (where 1 − tanh² would cancel to 0), which matters for the
// least-squares matrix. Eigen vectorises exp for doubles; std::tanh is scalar and ~2× slower.
// Callers pass the scratch array `e` (same shape as z) so hot loops allocate nothing: fresh
// allocations of this size are mapped and unmapped by malloc and cost more than the maths.
#include <Eigen/Core>

namespace shnn {

template <class Z, class E, class T, class S>
inline void tanhSech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t, Eigen::ArrayBase<S>& s) {
    e = (-2.0 * z.abs().min(350.0)).exp();
    s = (1.0 + e).inverse();  // 1/(1 + e) for now
    t = z.sign() * (1.0 - e) * s;
    s = 4.0 * e * s.square();
}

// The same from e = exp(−2z) given directly (z clamped to ±350 so e stays finite):
//   r = 1/(1 + e),  tanh z = 2r − 1,  sech² z = 4 e r².
// Used where e comes as a product of separable factors (grids).
template <class E, class T, class S>
inline void tanhSech2FromExp(const Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t, Eigen::ArrayBase<S>& s) {
    t = (1.0 + e).inverse();  // r for now
    s = 4.0 * e * t.square();
    t = 2.0 * t - 1.0;
}

template <class Z, class E, class S>
inline void sech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<S>& s) {
    e = (-2.0 * z.abs().min(350.0)).exp();
    s = 4.0 * e * (1.0 + e).inverse().square();
}

template <class Z, class E, class T>
inline void tanhOf(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t) {
    e = (-2.0 * z.abs().min(350.0)).exp();
    t = z.sign() * (1.0 - e) / (1.0 + e);
}

} // namespace shnn

#pragma once
// tanh and its derivative sech² = 1 − tanh², vectorised through one exponential:
//   e = exp(−2z) (z clamped to ±350),   r = 1/(1 + e),   tanh z = 2r − 1,   sech² z = 4 (e r) r.
// Both are accurate to a few ulp in absolute terms, and sech² keeps full *relative* accuracy
// for saturated neurons (where 1 − tanh² would cancel to 0), which matters for the
// least-squares matrix: e r = e/(1 + e) ≤ 1 and r ≥ e^−700 never underflow. There is no
// sign(z) in it: Eigen computes sign one double at a time (it took two thirds of the time).
// The exponential is exp_kernel.h's loop (1.7× Eigen's exp, itself ~2× std::tanh).
// Callers pass the scratch array `e` (same shape as z) so hot loops allocate nothing: fresh
// allocations of this size are mapped and unmapped by malloc and cost more than the maths.
#include "exp_kernel.h"

#include <Eigen/Core>

namespace shnn {

namespace detail {
// e = exp(−2z), z clamped to ±350: through expInPlace when e's storage is one contiguous
// run (the callers' scratch arrays and whole-row blocks of them), else through Eigen.
template <class Z, class E>
inline void expMinus2z(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e) {
    E& a = e.derived();
    a = -2.0 * z.max(-350.0).min(350.0);
    if constexpr (bool(Eigen::internal::traits<E>::Flags & Eigen::DirectAccessBit)) {
        if (a.innerStride() == 1 && (a.outerSize() == 1 || a.outerStride() == a.innerSize())) {
            expInPlace(a.data(), a.size());
            return;
        }
    }
    a = a.exp();
}
} // namespace detail

// From e = exp(−2z) given directly (z clamped to ±350 so e stays finite). Used below, and
// where e comes as a product of separable factors (grids).
template <class E, class T, class S>
inline void tanhSech2FromExp(const Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t, Eigen::ArrayBase<S>& s) {
    t = (1.0 + e).inverse();  // r for now
    s = 4.0 * (e * t) * t;
    t = 2.0 * t - 1.0;
}

template <class Z, class E, class T, class S>
inline void tanhSech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t, Eigen::ArrayBase<S>& s) {
    detail::expMinus2z(z, e);
    tanhSech2FromExp(e, t, s);
}

template <class Z, class E, class S>
inline void sech2(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<S>& s) {
    detail::expMinus2z(z, e);
    s = (1.0 + e).inverse();  // r for now
    s = 4.0 * (e * s) * s;
}

template <class Z, class E, class T>
inline void tanhOf(const Eigen::ArrayBase<Z>& z, Eigen::ArrayBase<E>& e, Eigen::ArrayBase<T>& t) {
    detail::expMinus2z(z, e);
    t = 2.0 * (1.0 + e).inverse() - 1.0;
}

} // namespace shnn

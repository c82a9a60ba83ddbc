#pragma once
// One relative-tolerance comparison for every numeric test (after LabPlot's CommonTest.h):
// |actual − expected| ≤ rtol·|expected| + atol, with a message that shows both numbers.
#include <QtTest>
#include <cmath>

namespace shnn::test {

inline bool closeEnough(double actual, double expected, double rtol, double atol = 0.0) {
    return std::isfinite(actual) && std::abs(actual - expected) <= rtol * std::abs(expected) + atol;
}

inline QByteArray describe(double actual, double expected, double rtol, double atol) {
    return QByteArray("actual ") + QByteArray::number(actual, 'g', 17) + " expected " +
           QByteArray::number(expected, 'g', 17) + " (rtol " + QByteArray::number(rtol) + ", atol " +
           QByteArray::number(atol) + ")";
}

} // namespace shnn::test

#define SHNN_COMPARE_REL(actual, expected, rtol)                                                          \
    do {                                                                                                 \
        const double a_ = (actual), e_ = (expected);                                                     \
        QVERIFY2(shnn::test::closeEnough(a_, e_, (rtol)), shnn::test::describe(a_, e_, (rtol), 0.0).constData()); \
    } while (0)

#define SHNN_COMPARE_TOL(actual, expected, rtol, atol)                                                       \
    do {                                                                                                    \
        const double a_ = (actual), e_ = (expected);                                                        \
        QVERIFY2(shnn::test::closeEnough(a_, e_, (rtol), (atol)), shnn::test::describe(a_, e_, (rtol), (atol)).constData()); \
    } while (0)

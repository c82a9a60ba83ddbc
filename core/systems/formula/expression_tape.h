#pragma once
// A compiled expression: a straight-line instruction list ("tape") that evaluates one or more
// outputs (H, and ∂H/∂x_i) from a state x. The computer-algebra library builds it once from its
// expression trees (formula.cpp); evaluating it needs no symbolic work and is thread-safe.
//
// Every instruction writes one slot: slot k = op(slot a, slot b, constant c). Common
// subexpressions are shared (H's sin(q) is computed once for H and for ∂H/∂p), so the tape for
// H and its 2d derivatives is usually only a few times longer than the one for H. Many states
// at once run instruction by instruction over a block of states (vectorised, the dispatch
// paid once per block), as the grids and the labelling of training data need.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace shnn::formula {

struct TapeOp {
    enum Kind : std::uint8_t {
        Const, Var, Add, Sub, Mul, Div, Neg, PowInt, PowConst, Pow, Sqrt, Exp, Log,
        Sin, Cos, Tan, Sinh, Cosh, Tanh, Asin, Acos, Atan, Asinh, Acosh, Atanh, Atan2, Abs
    };
    Kind kind = Const;
    int a = -1, b = -1;  // argument slots
    double c = 0.0;      // Const value, PowConst exponent
    int n = 0;           // Var index, PowInt exponent
};

class ExpressionTape {
public:
    ExpressionTape() = default;
    ExpressionTape(std::vector<TapeOp> ops, std::vector<int> outputs, int inputs)
        : ops_(std::move(ops)), outputs_(std::move(outputs)), inputs_(inputs) {}

    int inputs() const { return inputs_; }
    int outputs() const { return static_cast<int>(outputs_.size()); }
    int length() const { return static_cast<int>(ops_.size()); }

    // All outputs at one state x (inputs() values) into out (outputs() values).
    void evaluate(const double* x, double* out) const;
    // All outputs at many states: X is n×inputs(), out becomes n×outputs().
    void evaluateMany(const Eigen::MatrixXd& X, Eigen::MatrixXd& out) const;

private:
    std::vector<TapeOp> ops_;
    std::vector<int> outputs_;
    int inputs_ = 0;
};

} // namespace shnn::formula

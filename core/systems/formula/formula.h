#pragma once
// A Hamiltonian typed as text, H(q, p) or H(q1..qd, p1..pd) with named constants, read and
// differentiated by the GiNaC computer-algebra library:
//   1. the variables are found in the text (q, p for one degree of freedom; q1…qd, p1…pd for
//      d of them, d from the highest index or given), the constants come from the caller;
//   2. GiNaC parses the text strictly (every symbol must be a variable, a constant or pi) and
//      differentiates it exactly: ∂H/∂q_i and ∂H/∂p_i, kept as text for the user to check;
//   3. the constants are substituted and H with its 2d derivatives is compiled into one
//      ExpressionTape, so evaluating a state costs no symbolic work.
// GiNaC is not thread-safe (its reference counts are shared); every call into it here holds
// one mutex, and nothing of GiNaC survives the call: the result is text and a tape.
//
// Supported: + − * / ^ and parentheses, numbers (1.5, 2e-3), pi, and the functions sin cos tan
// exp log sqrt sinh cosh tanh asin acos atan asinh acosh atanh atan2 abs.
#include "expression_tape.h"

#include <map>
#include <string>
#include <vector>

namespace shnn::formula {

struct Formula {
    std::string text;                          // as typed
    int dof = 0;
    std::vector<std::string> variables;        // q1..qd, p1..pd (or q, p)
    std::map<std::string, double> constants;   // the named parameters
    std::string canonical;                     // H as GiNaC prints it
    std::vector<std::string> derivatives;      // "∂H/∂q = …", one per variable
    ExpressionTape hTape;                      // output: H
    ExpressionTape fullTape;                   // outputs: H, ∂H/∂x_1, …, ∂H/∂x_D
};

// Throws SettingsError("H", …) for a syntax error (naming the position, 1-based, and the
// token there), an unknown symbol or function (named), an unsupported construct;
// SettingsError("dof", …) for a bad degree of freedom; SettingsError("param", …) for a
// constant whose name is taken (a variable, a function, pi).
// `dof` 0: inferred from the variables used.
Formula parseFormula(const std::string& text, const std::map<std::string, double>& constants, int dof = 0);

// The names H may use as functions (for messages and the studio's help).
const std::vector<std::string>& supportedFunctions();
// The computer-algebra library's version ("1.8.6"), for About boxes.
std::string casVersion();

} // namespace shnn::formula

#include "formula.h"

#include "../../errors.h"

#include <ginac/ginac.h>
#include <algorithm>
#include <cctype>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace shnn::formula {

namespace {

std::mutex& ginacMutex() {
    static std::mutex m;
    return m;
}

struct Token {
    std::string text;
    size_t pos = 0;  // 0-based offset in the formula
};

// Splits the text into tokens with their positions, only to point at the place GiNaC's
// parser complains about (its errors carry no position). The grammar itself is GiNaC's.
std::vector<Token> tokens(const std::string& s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        size_t j = i + 1;
        if (std::isalpha(c) || c == '_') {
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
        } else if (std::isdigit(c) || c == '.') {
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                size_t k = j + 1;
                if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
                if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
                    j = k;
                    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
                }
            }
        }
        out.push_back({s.substr(i, j - i), i});
        i = j;
    }
    return out;
}

bool isIdentifier(const std::string& t) { return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_'); }

const std::map<std::string, TapeOp::Kind>& unaryFunctions() {
    static const std::map<std::string, TapeOp::Kind> f = {
        {"sin", TapeOp::Sin},     {"cos", TapeOp::Cos},     {"tan", TapeOp::Tan},     {"exp", TapeOp::Exp},
        {"log", TapeOp::Log},     {"sinh", TapeOp::Sinh},   {"cosh", TapeOp::Cosh},   {"tanh", TapeOp::Tanh},
        {"asin", TapeOp::Asin},   {"acos", TapeOp::Acos},   {"atan", TapeOp::Atan},   {"asinh", TapeOp::Asinh},
        {"acosh", TapeOp::Acosh}, {"atanh", TapeOp::Atanh}, {"abs", TapeOp::Abs}};
    return f;
}

std::string print(const GiNaC::ex& e) {
    std::ostringstream os;
    os << e;
    std::string s = std::regex_replace(os.str(), std::regex("\\bPi\\b"), "pi");
    return s;
}

// Builds the tape, sharing equal subexpressions.
class TapeBuilder {
public:
    explicit TapeBuilder(const std::map<std::string, int>& variables) : variables_(variables) {}

    int slotOf(const GiNaC::ex& e) {
        const auto found = slots_.find(e);
        if (found != slots_.end()) return found->second;
        const int slot = build(e);
        slots_.emplace(e, slot);
        return slot;
    }
    ExpressionTape finish(std::vector<int> outputs, int inputs) { return ExpressionTape(ops_, std::move(outputs), inputs); }

private:
    int push(TapeOp op) {
        ops_.push_back(op);
        return static_cast<int>(ops_.size()) - 1;
    }
    int pushConstant(double c) { return push({TapeOp::Const, -1, -1, c, 0}); }

    int build(const GiNaC::ex& e) {
        using namespace GiNaC;
        if (is_a<numeric>(e)) {
            const numeric& n = ex_to<numeric>(e);
            if (!n.is_real()) throw SettingsError("H", "is not real: it contains the imaginary unit");
            return pushConstant(n.to_double());
        }
        if (is_a<GiNaC::constant>(e)) return pushConstant(ex_to<numeric>(e.evalf()).to_double());
        if (is_a<symbol>(e)) {
            const auto it = variables_.find(ex_to<symbol>(e).get_name());
            if (it == variables_.end()) throw SettingsError("H", "unknown symbol '" + ex_to<symbol>(e).get_name() + "'");
            return push({TapeOp::Var, -1, -1, 0.0, it->second});
        }
        if (is_a<GiNaC::add>(e) || is_a<mul>(e)) {
            // GiNaC orders a sum's terms by its symbols' serial numbers, which depend on how
            // many symbols were made before: a different order each time would round
            // differently. The tape sums in an order of its own: the numeric coefficient first
            // (as a hand-written "1 − cos(q) + p²/2" does), then the terms by their text.
            const TapeOp::Kind k = is_a<GiNaC::add>(e) ? TapeOp::Add : TapeOp::Mul;
            std::vector<ex> terms;
            for (size_t i = 0; i < e.nops(); ++i) terms.push_back(e.op(i));
            std::stable_sort(terms.begin(), terms.end(), [&](const ex& x, const ex& y) {
                const bool nx = is_a<numeric>(x), ny = is_a<numeric>(y);
                if (nx != ny) return nx;
                return key(x) < key(y);
            });
            int acc = slotOf(terms[0]);
            for (size_t i = 1; i < terms.size(); ++i) acc = push({k, acc, slotOf(terms[i]), 0.0, 0});
            return acc;
        }
        if (is_a<power>(e)) {
            const int base = slotOf(e.op(0));
            const ex exponent = e.op(1);
            if (is_a<numeric>(exponent)) {
                const numeric& n = ex_to<numeric>(exponent);
                if (n.is_integer() && abs(n) <= 1024) return push({TapeOp::PowInt, base, -1, 0.0, n.to_int()});
                if (n == numeric(1, 2)) return push({TapeOp::Sqrt, base, -1, 0.0, 0});
                if (n.is_real()) return push({TapeOp::PowConst, base, -1, n.to_double(), 0});
            }
            return push({TapeOp::Pow, base, slotOf(exponent), 0.0, 0});
        }
        if (is_a<function>(e)) {
            const std::string name = ex_to<function>(e).get_name();
            if (name == "atan2" && e.nops() == 2) return push({TapeOp::Atan2, slotOf(e.op(0)), slotOf(e.op(1)), 0.0, 0});
            const auto it = unaryFunctions().find(name);
            if (it == unaryFunctions().end() || e.nops() != 1)
                throw SettingsError("H", "the function '" + name + "' is not supported (supported: sin, cos, tan, exp, log, "
                                         "sqrt, sinh, cosh, tanh, asin, acos, atan, asinh, acosh, atanh, atan2, abs)");
            return push({it->second, slotOf(e.op(0)), -1, 0.0, 0});
        }
        throw SettingsError("H", "the term '" + print(e) + "' cannot be evaluated");
    }

    // A text for an expression that does not depend on GiNaC's internal order: sums' and
    // products' parts sorted.
    const std::string& key(const GiNaC::ex& e) {
        using namespace GiNaC;
        const auto found = keys_.find(e);
        if (found != keys_.end()) return found->second;
        std::string k;
        if (is_a<GiNaC::add>(e) || is_a<mul>(e)) {
            std::vector<std::string> parts;
            for (size_t i = 0; i < e.nops(); ++i) parts.push_back(key(e.op(i)));
            std::sort(parts.begin(), parts.end());
            k = is_a<GiNaC::add>(e) ? "+(" : "*(";
            for (const auto& part : parts) k += part + ",";
            k += ")";
        } else if (is_a<power>(e)) {
            k = "^(" + key(e.op(0)) + "," + key(e.op(1)) + ")";
        } else if (is_a<function>(e)) {
            k = ex_to<function>(e).get_name() + "(";
            for (size_t i = 0; i < e.nops(); ++i) k += key(e.op(i)) + ",";
            k += ")";
        } else {
            k = print(e);
        }
        return keys_.emplace(e, k).first->second;
    }

    const std::map<std::string, int>& variables_;
    std::unordered_map<GiNaC::ex, std::string, std::hash<GiNaC::ex>, GiNaC::ex_is_equal> keys_;
    std::vector<TapeOp> ops_;
    std::unordered_map<GiNaC::ex, int, std::hash<GiNaC::ex>, GiNaC::ex_is_equal> slots_;
};

// The variables a formula uses: q, p (one degree of freedom) or q1…qd, p1…pd.
int inferDof(const std::vector<Token>& toks, int requested) {
    static const std::regex var("^([qp])([0-9]*)$");
    bool plain = false, indexed = false;
    int highest = 0;
    for (const Token& t : toks) {
        std::smatch m;
        if (!std::regex_match(t.text, m, var)) continue;
        if (m[2].str().empty()) {
            plain = true;
        } else {
            indexed = true;
            const int i = std::stoi(m[2].str().substr(0, 4));
            if (i < 1) throw SettingsError("H", "at position " + std::to_string(t.pos + 1) + ": '" + t.text +
                                                    "': indices start at 1 (q1, p1)");
            highest = std::max(highest, i);
        }
    }
    if (plain && indexed)
        throw SettingsError("H", "mixes q, p with indexed variables: use q, p for one degree of freedom or q1..qd, p1..pd");
    const int used = indexed ? highest : 1;
    if (requested == 0) return used;
    if (requested < 1 || requested > 64) throw SettingsError("dof", "must be between 1 and 64, got " + std::to_string(requested));
    if (plain && requested != 1) throw SettingsError("dof", "q and p without an index mean one degree of freedom");
    if (requested < used)
        throw SettingsError("dof", "is " + std::to_string(requested) + " but H uses q" + std::to_string(used) + " or p" +
                                       std::to_string(used));
    return requested;
}

// GiNaC's message without its source location ("[GiNaC::ex …(parser.cpp:187)]").
std::string cleanMessage(const std::string& what) {
    std::string m = what.substr(0, what.find('\n'));
    const std::string prefix = "GiNaC: parse error at line 0, column 0: ";
    if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
    return m;
}

} // namespace

const std::vector<std::string>& supportedFunctions() {
    static const std::vector<std::string> names = {"sin",  "cos",   "tan",   "exp",   "log",   "sqrt",  "sinh",  "cosh", "tanh",
                                                   "asin", "acos",  "atan",  "asinh", "acosh", "atanh", "atan2", "abs"};
    return names;
}

Formula parseFormula(const std::string& text, const std::map<std::string, double>& constants, int dof) {
    using namespace GiNaC;
    Formula f;
    f.text = text;
    const std::vector<Token> toks = tokens(text);
    if (toks.empty()) throw SettingsError("H", "is empty: type an expression in q and p, e.g. p^2/2 + 1 - cos(q)");
    for (const Token& t : toks)
        if (t.text == "*" && &t != &toks.back() && (&t + 1)->text == "*" && (&t + 1)->pos == t.pos + 1)
            throw SettingsError("H", "at position " + std::to_string(t.pos + 1) + ": '**' is not a power here: write ^");
    f.dof = inferDof(toks, dof);
    const int D = 2 * f.dof;
    for (const char* kind : {"q", "p"})
        for (int i = 1; i <= f.dof; ++i) f.variables.push_back(f.dof == 1 ? std::string(kind) : kind + std::to_string(i));
    std::map<std::string, int> index;
    for (int i = 0; i < D; ++i) index[f.variables[static_cast<size_t>(i)]] = i;
    for (const auto& [name, value] : constants) {
        if (!isIdentifier(name)) throw SettingsError("param", "'" + name + "' is not a name (letters, digits, _)");
        if (index.count(name) || std::regex_match(name, std::regex("^[qp][0-9]*$")))
            throw SettingsError("param", "'" + name + "' is a variable name (q, p, q1, p1, …)");
        if (name == "pi" || name == "Pi" || name == "I" || name == "Euler" || name == "Catalan" ||
            std::find(supportedFunctions().begin(), supportedFunctions().end(), name) != supportedFunctions().end())
            throw SettingsError("param", "'" + name + "' is taken (a function or a constant)");
        if (!std::isfinite(value)) throw SettingsError("param", name + " is not a finite number");
    }
    f.constants = constants;

    std::lock_guard<std::mutex> lock(ginacMutex());
    symtab table;
    std::vector<realsymbol> vars;
    for (const auto& name : f.variables) {
        vars.emplace_back(name);
        table[name] = vars.back();
    }
    std::map<std::string, realsymbol> params;
    for (const auto& [name, value] : constants) {
        params.emplace(name, realsymbol(name));
        table[name] = params.at(name);
    }
    table["pi"] = Pi;

    ex H;
    auto parse = [&](const std::string& s) {
        parser reader(table, true);
        return reader(s);
    };
    try {
        H = parse(text);
    } catch (const parse_error& e) {
        // Where: the first prefix of tokens whose error is not "the text ended too early".
        std::string message = cleanMessage(e.what());
        size_t at = toks.back().pos;
        for (size_t k = 1; k <= toks.size(); ++k) {
            const size_t end = k < toks.size() ? toks[k].pos : text.size();
            try {
                parse(text.substr(0, end));
            } catch (const parse_error& pe) {
                const std::string m = cleanMessage(pe.what());
                if (m.find("got: EOF") != std::string::npos) continue;
                at = toks[k - 1].pos;
                message = m;
                break;
            } catch (const std::exception&) {
                continue;
            }
        }
        if (message.find("got: EOF") != std::string::npos) at = text.size();
        throw SettingsError("H", "syntax error at position " + std::to_string(at + 1) + ": " + message);
    } catch (const std::invalid_argument& e) {
        // Strict mode: "find_or_insert_symbol: symbol \"x\" not found".
        // The match refers into the searched string: keep that string alive while reading it.
        const std::string what = e.what();
        std::smatch m;
        std::regex_search(what, m, std::regex("symbol \"([^\"]+)\""));
        const std::string name = m.size() > 1 ? m[1].str() : what;
        size_t at = 0;
        for (const Token& t : toks)
            if (t.text == name) {
                at = t.pos;
                break;
            }
        std::string hint = constants.empty() ? " (give constants with --param NAME=VALUE)" : "";
        if (std::regex_match(name, std::regex("^[qp][0-9]+$")) || name == "q" || name == "p")
            hint = " (this H has " + std::to_string(f.dof) + " degree(s) of freedom)";
        throw SettingsError("H", "unknown symbol '" + name + "' at position " + std::to_string(at + 1) + hint);
    }

    f.canonical = print(H);
    std::vector<ex> gradient;
    for (int i = 0; i < D; ++i) {
        const ex d = H.diff(vars[static_cast<size_t>(i)]);
        gradient.push_back(d);
        f.derivatives.push_back("∂H/∂" + f.variables[static_cast<size_t>(i)] + " = " + print(d));
    }
    // The numbers: constants substituted (integer exponents stay integers: no evalf), then compiled.
    lst values;
    for (const auto& [name, value] : constants) values.append(params.at(name) == numeric(value));
    auto numericForm = [&](const ex& e) { return e.subs(values); };
    TapeBuilder hOnly(index), full(index);
    f.hTape = [&] {
        const int h = hOnly.slotOf(numericForm(H));
        return hOnly.finish({h}, D);
    }();
    std::vector<int> outputs = {full.slotOf(numericForm(H))};
    for (const ex& g : gradient) outputs.push_back(full.slotOf(numericForm(g)));
    f.fullTape = full.finish(outputs, D);
    return f;
}

std::string casVersion() { return GINACLIB_VERSION; }

} // namespace shnn::formula

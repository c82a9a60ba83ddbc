#include "parse.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace shnn::text {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Parses a plain decimal number at s[pos...]; returns false if none is there.
bool readDecimal(const std::string& s, size_t& pos, double& out) {
    const char* begin = s.c_str() + pos;
    if (*begin == '\0' || std::isspace(static_cast<unsigned char>(*begin))) return false;
    // strtod would accept "inf", "nan" and hex; only allow digits and '.' to start.
    if (!(std::isdigit(static_cast<unsigned char>(*begin)) || *begin == '.')) return false;
    // Decimal notation only: strtod would also read hex ("0x10").
    const char* scan = begin;
    while (*scan && (std::isdigit(static_cast<unsigned char>(*scan)) || *scan == '.' || *scan == 'e' ||
                     *scan == 'E' || ((*scan == '+' || *scan == '-') && (scan[-1] == 'e' || scan[-1] == 'E'))))
        ++scan;
    const std::string decimal(begin, scan);
    char* end = nullptr;
    out = std::strtod(decimal.c_str(), &end);
    if (end == decimal.c_str()) return false;
    begin += end - decimal.c_str();
    pos = static_cast<size_t>(begin - s.c_str());
    return true;
}

} // namespace

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

double parseNumber(const std::string& raw) {
    const std::string s = trim(raw);
    if (s.empty()) throw std::invalid_argument("expected a number, got nothing");
    size_t pos = 0;
    double sign = 1.0;
    if (s[pos] == '+' || s[pos] == '-') {
        if (s[pos] == '-') sign = -1.0;
        ++pos;
    }
    double value = 1.0;
    bool haveNumber = readDecimal(s, pos, value);
    bool havePi = false;
    if (pos < s.size() && s[pos] == '*' && haveNumber) ++pos;
    if (s.compare(pos, 2, "pi") == 0) {
        havePi = true;
        pos += 2;
        value *= kPi;
    }
    if (!haveNumber && !havePi) throw std::invalid_argument("'" + s + "' is not a number");
    if (pos < s.size() && s[pos] == '/') {
        ++pos;
        double den = 0.0;
        if (!readDecimal(s, pos, den)) throw std::invalid_argument("'" + s + "' is not a number");
        if (den == 0.0) throw std::invalid_argument("'" + s + "' divides by zero");
        value /= den;
    }
    if (pos != s.size()) throw std::invalid_argument("'" + s + "' is not a number");
    value *= sign;
    if (!std::isfinite(value)) throw std::invalid_argument("'" + s + "' is not a finite number");
    return value;
}

std::int64_t parseInteger(const std::string& raw, std::int64_t lo, std::int64_t hi) {
    const std::string s = trim(raw);
    double v = 0.0;
    try {
        v = parseNumber(s);
    } catch (const std::invalid_argument&) {
        throw std::invalid_argument("'" + s + "' is not a whole number");
    }
    if (s.find("pi") != std::string::npos || v != std::floor(v))
        throw std::invalid_argument("'" + s + "' is not a whole number");
    if (v < static_cast<double>(lo) || v > static_cast<double>(hi))
        throw std::invalid_argument("must be between " + std::to_string(lo) + " and " +
                                    std::to_string(hi) + ", got " + s);
    return static_cast<std::int64_t>(v);
}

std::vector<std::string> splitList(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (trim(s).empty()) return out;
    size_t start = 0;
    while (true) {
        size_t end = s.find(sep, start);
        out.push_back(trim(s.substr(start, end == std::string::npos ? std::string::npos : end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string formatNumber(double v) {
    char buf[40];
    for (int prec = 6; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

std::string shellQuoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace shnn::text

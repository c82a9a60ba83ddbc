#pragma once
// Parsing of the numbers and lists users type: "-2pi", "pi/2", "1e-13", "500,1000,2000".
// Every function throws std::invalid_argument with a short reason; callers attach the
// setting's name (see SettingsError).
#include <cstdint>
#include <string>
#include <vector>

namespace shnn::text {

// A finite real number. Accepts a plain number, "pi", and products/quotients with pi:
// "2pi", "-2*pi", "pi/2", "3pi/4". Rejects nan, inf and trailing garbage.
double parseNumber(const std::string& s);

// A whole number in [lo, hi]. Accepts "10000", "1e4"; rejects 2.5, negative below lo, etc.
std::int64_t parseInteger(const std::string& s, std::int64_t lo, std::int64_t hi);

// Splits on ',' and trims blanks; an empty string gives an empty list.
std::vector<std::string> splitList(const std::string& s, char sep = ',');

std::string trim(const std::string& s);

// Shortest text that reads back as the same double (for messages and files).
std::string formatNumber(double v);

// `s` as one word for a POSIX shell: in single quotes, each ' written as '\'' (job scripts,
// commands handed to popen).
std::string shellQuoted(const std::string& s);

} // namespace shnn::text

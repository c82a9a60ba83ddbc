#include "command_line.h"

#include "core/errors.h"
#include "core/text/parse.h"

#include <stdexcept>

namespace shnn::text {

CommandLine::CommandLine(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
            throw SettingsError("arguments", "unexpected argument '" + arg + "'");
        std::string name = arg.substr(2), value;
        bool inlineValue = false;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const OptionSpec* found = nullptr;
        for (const auto& s : spec)
            if (s.name == name) found = &s;
        if (!found) throw SettingsError(name, "unknown option");
        if (found->takesValue && !inlineValue) {
            if (i + 1 >= args.size()) throw SettingsError(name, "needs a value");
            value = args[++i];
        } else if (!found->takesValue && inlineValue) {
            throw SettingsError(name, "takes no value");
        }
        if (!found->repeatable && has(name)) throw SettingsError(name, "given more than once");
        given_.emplace_back(name, value);
    }
}

bool CommandLine::has(const std::string& name) const {
    for (const auto& [k, v] : given_)
        if (k == name) return true;
    return false;
}

std::string CommandLine::value(const std::string& name, const std::string& fallback) const {
    for (const auto& [k, v] : given_)
        if (k == name) return v;
    return fallback;
}

std::vector<std::string> CommandLine::values(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : given_)
        if (k == name) out.push_back(v);
    return out;
}

double CommandLine::number(const std::string& name, double fallback) const {
    if (!has(name)) return fallback;
    try {
        return parseNumber(value(name));
    } catch (const std::invalid_argument& e) {
        throw SettingsError(name, e.what());
    }
}

long long CommandLine::integer(const std::string& name, long long fallback, long long lo, long long hi) const {
    if (!has(name)) return fallback;
    try {
        return parseInteger(value(name), lo, hi);
    } catch (const std::invalid_argument& e) {
        throw SettingsError(name, e.what());
    }
}

std::string CommandLine::required(const std::string& name) const {
    if (!has(name)) throw SettingsError(name, "is required");
    return value(name);
}

} // namespace shnn::text

#pragma once
// A small command-line reader shared by `shnn` and `shnn-studio` (the library shnn_options:
// command-line parsing lives with the programs, not in the engine): "--name value" or
// "--name=value" options, flags without a value, repeatable options. Errors are
// SettingsError keyed by the option's name, so the message reads "--width: ...".
#include <string>
#include <vector>

namespace shnn::text {

struct OptionSpec {
    std::string name;         // without dashes
    bool takesValue = true;
    bool repeatable = false;
};

class CommandLine {
public:
    // Parses args (without the program and command names). Throws SettingsError for an
    // unknown option, a missing value, a repeated non-repeatable option or a stray argument.
    CommandLine(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec);

    bool has(const std::string& name) const;
    // The value of an option, or `fallback` when it is absent.
    std::string value(const std::string& name, const std::string& fallback = "") const;
    std::vector<std::string> values(const std::string& name) const;
    // The value as a finite number / whole number in [lo, hi] (SettingsError on bad text).
    double number(const std::string& name, double fallback) const;
    long long integer(const std::string& name, long long fallback, long long lo, long long hi) const;
    // Fails with SettingsError(name, "is required") when absent.
    std::string required(const std::string& name) const;

private:
    std::vector<std::pair<std::string, std::string>> given_;
};

} // namespace shnn::text

#pragma once
// Typed errors of the engine. Every message names what is wrong and why, so a front end
// (CLI: one "error:" line; studio: a label next to the field) can show it unchanged.
#include <stdexcept>
#include <string>

namespace shnn {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A setting is invalid. key() is the setting's name as the CLI spells its option without
// the leading dashes ("width", "domain", "param", ...), so front ends can point at it.
class SettingsError : public Error {
public:
    SettingsError(std::string key, const std::string& reason)
        : Error(key + ": " + reason), key_(std::move(key)), reason_(reason) {}
    const std::string& key() const { return key_; }
    const std::string& reason() const { return reason_; }

private:
    std::string key_;
    std::string reason_;
};

// A file cannot be read, parsed or written. The message starts with the path.
class FileError : public Error {
public:
    FileError(std::string path, const std::string& reason)
        : Error(path + ": " + reason), path_(std::move(path)) {}
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The numbers went wrong: non-finite data, a non-finite solution, a failed factorization.
class NumericalError : public Error {
public:
    using Error::Error;
};

// The run was cancelled through its cancel flag.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace shnn

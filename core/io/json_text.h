#pragma once
// Reading JSON files that users may have edited, truncated or broken: one parser entry with
// a nesting limit, and one translation of every error a loader can meet (JSON library
// errors, bad settings, bad numbers) into std::invalid_argument with a readable reason.
#include "../errors.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace shnn::io {

// Rejects text nested deeper than maxDepth before a parser sees it (deep nesting is how
// hand-made files exhaust a recursive parser's stack). Returns a reason or "".
std::string nestingProblem(const std::string& text, int maxDepth);

// Parses JSON text of at most `maxDepth` nesting; throws std::invalid_argument.
nlohmann::ordered_json parseJsonText(const std::string& text, int maxDepth = 32);

// Runs `load` (text → value) and lets only std::invalid_argument out. `what` names the
// kind of file in messages ("model file").
template <class Load>
auto parseWithReadableErrors(const char* what, Load&& load) -> decltype(load()) {
    try {
        return load();
    } catch (const std::invalid_argument&) {
        throw;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("malformed ") + what + ": " + e.what());
    } catch (const Error& e) {
        throw std::invalid_argument(e.what());
    }
}

} // namespace shnn::io

#include "json_text.h"

namespace shnn::io {

using Json = nlohmann::ordered_json;

std::string nestingProblem(const std::string& text, int maxDepth) {
    int depth = 0;
    bool inString = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (inString) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') inString = false;
            continue;
        }
        if (ch == '"') inString = true;
        else if (ch == '[' || ch == '{') {
            if (++depth > maxDepth)
                return "nested deeper than " + std::to_string(maxDepth) + " levels at byte " + std::to_string(i);
        } else if (ch == ']' || ch == '}') {
            --depth;
        }
    }
    return "";
}

Json parseJsonText(const std::string& text, int maxDepth) {
    if (text.empty()) throw std::invalid_argument("the file is empty");
    const std::string deep = nestingProblem(text, maxDepth);
    if (!deep.empty()) throw std::invalid_argument(deep);
    try {
        return Json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann reports the byte after the last one when the text stops mid-value.
        if (e.byte > text.size())
            throw std::invalid_argument("not valid JSON: it ends early (truncated?) after " + std::to_string(text.size()) + " bytes");
        throw std::invalid_argument("not valid JSON (byte " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::out_of_range&) {
        throw std::invalid_argument("a number in the file is out of range (non-finite)");
    }
}

} // namespace shnn::io

#pragma once
// Files written atomically: the bytes go to a temporary file in the same folder, are flushed
// to disk (fsync), and only then renamed over the target. A crash or kill mid-save leaves the
// old file or the new one, never a torn one, and no partial output under the target's name.
// The temporary a killed writer leaves behind is removed by the next save of that file.
#include <string>

namespace shnn::io {

// Throws FileError(path, reason).
void writeFileAtomically(const std::string& path, const std::string& bytes);

// Reads a whole file, refusing anything larger than maxBytes. Throws FileError(path, reason).
std::string readFile(const std::string& path, std::size_t maxBytes);

} // namespace shnn::io

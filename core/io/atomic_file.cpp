#include "atomic_file.h"

#include "../errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace shnn::io {

namespace {
std::string systemError() { return std::strerror(errno); }

std::string folderOf(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}
} // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    if (path.empty()) throw FileError(path, "no file name given");
    std::string tmpl = path + ".tmp-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) throw FileError(path, "cannot create a temporary file next to it: " + systemError());
    const std::string tmp(name.data());
    auto fail = [&](const std::string& what) {
        const std::string reason = what + ": " + systemError();
        ::close(fd);
        ::unlink(tmp.c_str());
        throw FileError(path, reason);
    };
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        written += static_cast<size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0) fail("cannot set permissions");
    if (::fsync(fd) != 0) fail("cannot flush to disk");
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw FileError(path, "cannot close: " + systemError());
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string reason = "cannot replace: " + systemError();
        ::unlink(tmp.c_str());
        throw FileError(path, reason);
    }
    // Make the rename itself durable.
    const int dir = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::string readFile(const std::string& path, std::size_t maxBytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw FileError(path, "cannot open: " + systemError());
    if (S_ISDIR(st.st_mode)) throw FileError(path, "is a folder, not a file");
    if (static_cast<std::size_t>(st.st_size) > maxBytes)
        throw FileError(path, "is " + std::to_string(st.st_size) + " bytes, larger than the " + std::to_string(maxBytes) +
                                  " this program reads");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw FileError(path, "cannot open: " + systemError());
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(st.st_size));
    const std::size_t n = std::fread(bytes.data(), 1, bytes.size(), f);
    const bool bad = std::ferror(f);
    std::fclose(f);
    if (bad) throw FileError(path, "cannot read: " + systemError());
    bytes.resize(n);
    return bytes;
}

} // namespace shnn::io

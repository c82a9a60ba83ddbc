#include "atomic_file.h"

#include "../errors.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
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

std::string fileNameOf(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Temporary files are named "<target>.tmp-<pid>-XXXXXX". A process killed mid-save leaves
// its own behind; the next save of the same target removes those whose writer is gone, so
// kills do not pile up litter. A live writer's file (another process saving now) is kept.
void removeOrphanedTemporaries(const std::string& path) {
    const std::string prefix = fileNameOf(path) + ".tmp-";
    DIR* dir = ::opendir(folderOf(path).c_str());
    if (!dir) return;
    const std::string folder = folderOf(path);
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
        if (pid <= 0 || !end || *end != '-' || pid == static_cast<long>(::getpid())) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running (or not ours to judge)
        ::unlink((folder + "/" + name).c_str());
    }
    ::closedir(dir);
}
} // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    if (path.empty()) throw FileError(path, "no file name given");
    removeOrphanedTemporaries(path);
    std::string tmpl = path + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX";
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

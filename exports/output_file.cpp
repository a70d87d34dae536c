#include "exports/output_file.h"

#include "exports/xlsx.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace vs::exports {
namespace {

/// Throws unless `path` is absent or a regular file (never follows a symbolic link).
void check_replaceable(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return;
        throw ExportError(path + ": cannot check the file: " + std::strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        throw ExportError(path + ": is a symbolic link; an export never replaces one (name the "
                                 "file itself, or another file)");
    if (S_ISDIR(st.st_mode))
        throw ExportError(path + ": is a folder; name a file to export to");
    if (!S_ISREG(st.st_mode))
        throw ExportError(path + ": is not a regular file (a device, pipe or socket); an export "
                                 "never replaces one");
}

} // namespace

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
    namespace fs = std::filesystem;
    const fs::path dest(m_path);
    if (dest.filename().empty())
        throw ExportError(m_path + ": not a file name");
    fs::path dir = dest.parent_path();
    std::error_code ec;
    if (!dir.empty() && !fs::is_directory(dir, ec))
        throw ExportError(m_path + ": the folder " + dir.string() + " does not exist");
    check_replaceable(m_path);
    std::string name = "."; // built step by step: GCC 12 warns falsely on "." + string at -O3
    name += dest.filename().string();
    name += ".part-XXXXXX";
    std::string pattern = (dir / name).string();
    // mkstemp creates the file 0600 whatever the umask, and only if it did not exist.
    int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        throw ExportError(m_path + ": cannot create a file in its folder: " + std::strerror(errno));
    ::fchmod(fd, S_IRUSR | S_IWUSR);
    ::close(fd);
    m_temp = pattern;
}

OutputFile::~OutputFile() {
    if (!m_committed && !m_temp.empty())
        std::remove(m_temp.c_str());
}

void OutputFile::commit() {
    // Owner-only, whatever the umask: exports hold people's names and scores.
    if (::chmod(m_temp.c_str(), S_IRUSR | S_IWUSR) != 0)
        throw ExportError(m_temp + ": cannot set its permissions: " + std::strerror(errno));
    // On disk before the name points at it, so that a crash leaves the old file or the new one.
    if (int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        const bool synced = ::fsync(fd) == 0;
        ::close(fd);
        if (!synced)
            throw ExportError(m_path + ": cannot write (disk full?): " + std::strerror(errno));
    }
    // Checked again just before: what appeared at the name meanwhile is not replaced either.
    check_replaceable(m_path);
    if (std::rename(m_temp.c_str(), m_path.c_str()) != 0)
        throw ExportError(m_path + ": cannot replace the file: " + std::strerror(errno));
    m_committed = true;
    const std::filesystem::path dir = std::filesystem::path(m_path).parent_path();
    if (int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace vs::exports

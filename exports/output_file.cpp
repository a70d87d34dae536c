#include "exports/output_file.h"

#include "exports/xlsx.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace vs::exports {

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
    namespace fs = std::filesystem;
    const fs::path dest(m_path);
    if (dest.filename().empty())
        throw ExportError(m_path + ": not a file name");
    fs::path dir = dest.parent_path();
    if (!dir.empty() && !fs::is_directory(dir))
        throw ExportError(m_path + ": the folder " + dir.string() + " does not exist");
    std::string name = "."; // built step by step: GCC 12 warns falsely on "." + string at -O3
    name += dest.filename().string();
    name += ".part-XXXXXX";
    std::string pattern = (dir / name).string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        throw ExportError(m_path + ": cannot create a file in its folder: " + std::strerror(errno));
    ::close(fd);
    m_temp = pattern;
}

OutputFile::~OutputFile() {
    if (!m_committed && !m_temp.empty())
        std::remove(m_temp.c_str());
}

void OutputFile::commit() {
    // mkstemp made the file private; give it what a newly created file would get.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(m_temp.c_str(), 0666 & ~mask);
    if (std::rename(m_temp.c_str(), m_path.c_str()) != 0)
        throw ExportError(m_path + ": cannot replace the file: " + std::strerror(errno));
    m_committed = true;
}

} // namespace vs::exports

#pragma once
// Writing an export safely: into a temporary file next to the destination, renamed over it only
// when everything was written, so a failed or killed export never leaves a half file under the
// final name. The file is the owner's only (0600) whatever the umask, also when it replaces an
// existing file; a symbolic link, a folder or any other non-regular file at the name is refused,
// never replaced.

#include <string>

namespace vs::exports {

class OutputFile {
  public:
    /// Creates a fresh temporary file (0600) in the directory of `path`; throws ExportError when
    /// the folder is missing or `path` is a symbolic link or not a regular file.
    explicit OutputFile(std::string path);
    /// Removes the temporary file unless commit() succeeded.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// The temporary file to write to.
    const std::string& temp_path() const { return m_temp; }
    /// The destination.
    const std::string& path() const { return m_path; }
    /// Makes the file 0600, syncs it and renames it over the destination (refusing, as the
    /// constructor does, a destination that is not a regular file).
    void commit();

  private:
    std::string m_path;
    std::string m_temp;
    bool m_committed = false;
};

} // namespace vs::exports

#pragma once
// Writing an export safely: into a temporary file next to the destination, renamed over it only
// when everything was written, so a failed or killed export never leaves a half file under the
// final name.

#include <string>

namespace vs::exports {

class OutputFile {
public:
    /// Creates a fresh temporary file in the directory of `path`; throws ExportError.
    explicit OutputFile(std::string path);
    /// Removes the temporary file unless commit() succeeded.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// The temporary file to write to.
    const std::string& temp_path() const { return m_temp; }
    /// The destination.
    const std::string& path() const { return m_path; }
    /// Gives the file the usual permissions and renames it over the destination.
    void commit();

private:
    std::string m_path;
    std::string m_temp;
    bool m_committed = false;
};

} // namespace vs::exports

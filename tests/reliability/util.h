#pragma once
// Helpers of the reliability tests: run the real visitscore-cli as a child process (optionally
// killing it), temporary folders, and looking into a database file.

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rel {

/// What a finished child did: its exit status (or the signal that ended it) and its output.
struct Run {
    int status = -1; ///< exit status; -1 when ended by a signal
    int signal = 0;  ///< the signal that ended it, or 0
    std::string out;
    std::string err;
};

/// A private temporary folder, removed with everything in it.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// The path of `name` inside the folder.
    std::string path(const std::string& name) const;
    /// Writes `text` to `name`; returns its path.
    std::string write(const std::string& name, const std::string& text) const;

  private:
    std::string m_dir;
};

/// Starts visitscore-cli with `args` (no shell), stdout and stderr to the given files.
pid_t spawn_cli(const std::vector<std::string>& args, const std::string& out_file,
                const std::string& err_file);
/// Waits for a child; fills status/signal (not the output).
Run wait_child(pid_t pid);
/// Runs visitscore-cli to the end and collects its output.
Run cli(const std::vector<std::string>& args);

/// An integer from the environment (the long runs), or `fallback`.
long env_long(const char* name, long fallback);

/// Rows of `SELECT count(*) FROM visits` in a database file.
std::int64_t count_visits(const std::string& db);
/// The result of PRAGMA integrity_check ("ok" when intact).
std::string integrity_check(const std::string& db);
/// A database file's bytes.
std::string bytes_of(const std::string& path);
/// A file's permission bits (the test fails when it does not exist).
unsigned mode_of(const std::string& path);
/// Copies a file (byte for byte).
void copy_file(const std::string& from, const std::string& to);
/// The test data folder and the bundled templates.
std::string data(const std::string& name);
std::vector<std::string> bundled_templates();

} // namespace rel

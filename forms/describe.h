#pragma once
// One message for people about any failure, for every place that shows an error (the CLI's
// "error: …" line, the app's dialogs, status lines and message bars), so that the same fault
// reads the same wherever it surfaces. Here in forms because both front ends and the app's
// window-free models see forms; storage's and SQLite's errors are std::runtime_errors and are
// described by their own message.

#include <exception>
#include <string>

namespace vs {

/// The failure `error` holds, as one message for people (no "error:" prefix, no heading):
/// - bad input (InputError): its file, place and what is wrong, "file: where: message";
/// - a cancel (Cancelled): "cancelled";
/// - a filesystem error: the path(s) and the system's reason, "a.db: Permission denied";
/// - a stream failure: "a file could not be read or written";
/// - a JSON library exception (stored or given data that is not what was expected):
///   "unexpected data in a stored or given file";
/// - std::bad_alloc: "out of memory";
/// - any other std::exception (storage, SQLite, …): its what(), or "an unexpected failure"
///   when that is empty;
/// - anything else, or no exception: "an unexpected failure".
std::string describe(std::exception_ptr error);

/// describe(std::current_exception()): for use inside a catch block.
inline std::string describe_current() {
    return describe(std::current_exception());
}

} // namespace vs

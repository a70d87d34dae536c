#pragma once
// How long-running library work reports progress and learns that it was cancelled.
// The app implements it with a wxProgressDialog, the CLI with a terminal bar.

#include <cstddef>
#include <string_view>

namespace vs {

class Progress {
  public:
    virtual ~Progress() = default;
    /// Starts a phase of `total` steps (0 when unknown).
    virtual void start(std::string_view what, std::size_t total) = 0;
    /// Reports `done` steps of the current phase; returns false when the user cancelled.
    virtual bool update(std::size_t done) = 0;
    /// Ends the current phase.
    virtual void finish() = 0;
};

/// Thrown by library work when Progress::update returned false.
struct Cancelled {};

} // namespace vs

#pragma once
// A Progress that draws a bar on stderr when it is a terminal, and stays silent otherwise.

#include "forms/progress.h"

#include <chrono>
#include <string>

namespace vs::cli {

class TerminalProgress final : public Progress {
  public:
    TerminalProgress();
    void start(std::string_view what, std::size_t total) override;
    bool update(std::size_t done) override;
    void finish() override;

  private:
    void draw(std::size_t done);
    bool m_tty = false;
    std::string m_what;
    std::size_t m_total = 0;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace vs::cli

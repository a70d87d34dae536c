#include "cli/terminal_progress.h"

#include <cstdio>
#include <unistd.h>

namespace vs::cli {

TerminalProgress::TerminalProgress() : m_tty(::isatty(STDERR_FILENO) != 0) {}

void TerminalProgress::start(std::string_view what, std::size_t total) {
    m_what = what;
    m_total = total;
    m_last = {};
    draw(0);
}

bool TerminalProgress::update(std::size_t done) {
    auto now = std::chrono::steady_clock::now();
    if (now - m_last > std::chrono::milliseconds(100)) {
        m_last = now;
        draw(done);
    }
    return true;
}

void TerminalProgress::finish() {
    if (!m_tty)
        return;
    draw(m_total);
    std::fputc('\n', stderr);
}

void TerminalProgress::draw(std::size_t done) {
    if (!m_tty)
        return;
    constexpr int width = 30;
    if (m_total == 0) {
        std::fprintf(stderr, "\r%s… %zu", m_what.c_str(), done);
    } else {
        int filled =
            static_cast<int>(width * static_cast<double>(done) / static_cast<double>(m_total));
        std::fprintf(
            stderr, "\r%-22s [%-*s] %3d%%", m_what.c_str(), width,
            std::string(static_cast<std::size_t>(filled), '#').c_str(),
            static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(m_total)));
    }
    std::fflush(stderr);
}

} // namespace vs::cli

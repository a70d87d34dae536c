#include "cli/terminal_secret.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace vs::cli {

std::optional<std::string> read_secret(const std::string& prompt) {
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    termios old{};
    const bool echo_off = ::tcgetattr(::fileno(tty), &old) == 0;
    if (echo_off) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(::fileno(tty), TCSAFLUSH, &quiet);
    }
    // Shown once echo is off: what is typed as soon as the prompt shows is neither echoed nor
    // thrown away with the input typed before it.
    std::fputs(prompt.c_str(), tty);
    std::fflush(tty);
    std::string secret;
    for (int c = std::fgetc(tty); c != EOF && c != '\n'; c = std::fgetc(tty))
        secret += static_cast<char>(c);
    if (echo_off)
        ::tcsetattr(::fileno(tty), TCSAFLUSH, &old);
    std::fputs("\n", tty);
    std::fclose(tty);
    return secret;
}

} // namespace vs::cli

#pragma once
// A real SMTP server on loopback for a test: smtp_sink.py (aiosmtpd) started on a free port as
// the user running the test (as `nobody` when that is root, as in CI: no server of the tests runs
// privileged), each accepted message a file in a folder of the test's own;
// stopped (and restarted on the same port) by the test, and always at the end.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <iterator>
#include <netinet/in.h>
#include <pwd.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace vs::test {

class SmtpSink {
  public:
    /// `delay_seconds`: each message answered that long after its data (a slow server).
    explicit SmtpSink(double delay_seconds = 0)
        : m_dir(make_dir()), m_port(free_port()), m_delay(std::to_string(delay_seconds)) {
        start();
    }
    ~SmtpSink() {
        stop();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    /// smtp://127.0.0.1:PORT
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }

    /// Starts the server (again, on the same port); returns when it listens.
    void start() {
        if (m_pid > 0)
            return;
        const auto ready = m_dir / "ready";
        std::filesystem::remove(ready);
        const std::string script = VS_SMTP_SINK;
        const std::string port = std::to_string(m_port);
        const std::string dir = (m_dir / "mail").string();
        std::filesystem::create_directories(dir);
        const std::string ready_s = ready.string();
        std::vector<const char*> argv = {
            "/usr/bin/python3", script.c_str(),  "--port",  port.c_str(),    "--dir", dir.c_str(),
            "--ready",          ready_s.c_str(), "--delay", m_delay.c_str(), nullptr};
        const passwd* nobody = ::geteuid() == 0 ? ::getpwnam("nobody") : nullptr;
        if (nobody && (::chown(m_dir.c_str(), nobody->pw_uid, nobody->pw_gid) != 0 ||
                       ::chown(dir.c_str(), nobody->pw_uid, nobody->pw_gid) != 0))
            throw std::runtime_error("cannot give the SMTP server's folder to nobody");
        m_pid = ::fork();
        if (m_pid == 0) {
            if (nobody && (::setgroups(0, nullptr) != 0 || ::setgid(nobody->pw_gid) != 0 ||
                           ::setuid(nobody->pw_uid) != 0))
                ::_exit(126);
            ::execve(argv[0], const_cast<char**>(argv.data()), environ);
            ::_exit(127);
        }
        if (m_pid < 0)
            throw std::runtime_error("cannot start the SMTP server (python3-aiosmtpd)");
        for (int i = 0; i < 200 && !std::filesystem::exists(ready); ++i) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error("the SMTP server stopped as it started");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!std::filesystem::exists(ready))
            throw std::runtime_error("the SMTP server did not start within 10 s");
    }

    /// Stops the server (the port refuses connections until start()).
    void stop() {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

    /// Every message received so far, in the order received (each: envelope lines, message).
    std::vector<std::string> messages() const {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(m_dir / "mail"))
            if (e.path().extension() == ".eml")
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        std::vector<std::string> out;
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        return out;
    }

  private:
    static std::filesystem::path make_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vs-smtp-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot make a folder for the SMTP server");
        return tmpl;
    }
    static int free_port() {
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        socklen_t len = sizeof a;
        if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            throw std::runtime_error("no free port for the SMTP server");
        ::close(s);
        return ntohs(a.sin_port);
    }

    std::filesystem::path m_dir;
    int m_port = 0;
    std::string m_delay;
    pid_t m_pid = -1;
};

} // namespace vs::test

#pragma once
// Sending one e-mail over SMTP with libcurl: the one place that talks to libcurl (an RAII
// handle). TLS as asked: STARTTLS when the server offers it (try), required (require), or a
// TLS connection from the start (an smtps:// URL). No SMTP is written here: libcurl speaks it.

#include <stdexcept>
#include <string>
#include <vector>

namespace vs::services {

/// A failed send: libcurl's message (connection refused, the server's reply, …).
class SmtpError : public std::runtime_error {
  public:
    explicit SmtpError(const std::string& what, bool server_unreachable = false)
        : std::runtime_error(what), m_server_unreachable(server_unreachable) {}
    /// True when the server could not be reached, the secure connection or the login failed:
    /// every other message would fail the same way now.
    bool server_unreachable() const { return m_server_unreachable; }

  private:
    bool m_server_unreachable = false;
};

/// One message to send: the envelope and the whole text (headers, blank line, body).
struct SmtpMessage {
    std::string from;
    std::vector<std::string> to;
    std::string text;
};

/// Where to send and how.
struct SmtpServer {
    std::string url; ///< smtp://host:port or smtps://host:port
    std::string user;
    std::string password;
    /// try | require | off; with a user on smtp://, TLS is required unless "off" (the password
    /// never goes in clear because a server did not offer STARTTLS)
    std::string tls = "try";
    long timeout_seconds = 20;
};

/// An SMTP connection's handle (libcurl's easy handle), reused for several messages.
class SmtpClient {
  public:
    explicit SmtpClient(SmtpServer server);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;

    /// Sends `message`; returns when the server accepted it (its reply to the data). SmtpError
    /// otherwise.
    void send(const SmtpMessage& message);

  private:
    SmtpServer m_server;
    void* m_curl = nullptr;
};

} // namespace vs::services

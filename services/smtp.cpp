#include "services/smtp.h"

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <memory>
#include <mutex>

namespace vs::services {
namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw SmtpError("libcurl could not be initialised");
    });
}

struct Reader {
    const std::string* text;
    std::size_t at = 0;
};

std::size_t read_text(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Reader*>(user);
    const std::size_t n = std::min(size * count, r->text->size() - r->at);
    std::memcpy(buffer, r->text->data() + r->at, n);
    r->at += n;
    return n;
}

struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

void check(CURLcode code, const char* what) {
    if (code != CURLE_OK)
        throw SmtpError(std::string("libcurl: ") + what + ": " + curl_easy_strerror(code));
}

} // namespace

SmtpClient::SmtpClient(SmtpServer server) : m_server(std::move(server)) {
    global_init();
    m_curl = curl_easy_init();
    if (!m_curl)
        throw SmtpError("libcurl could not make a handle");
}

SmtpClient::~SmtpClient() {
    curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

void SmtpClient::send(const SmtpMessage& message) {
    CURL* curl = static_cast<CURL*>(m_curl);
    curl_easy_reset(curl);
    std::unique_ptr<curl_slist, SlistFree> rcpt;
    for (const std::string& to : message.to) {
        curl_slist* next = curl_slist_append(rcpt.get(), ("<" + to + ">").c_str());
        if (!next)
            throw SmtpError("out of memory listing the recipients");
        rcpt.release();
        rcpt.reset(next);
    }
    Reader reader{&message.text};
    char error[CURL_ERROR_SIZE] = "";
    check(curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error), "error buffer");
    check(curl_easy_setopt(curl, CURLOPT_URL, m_server.url.c_str()), "url");
    check(curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + message.from + ">").c_str()), "from");
    check(curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt.get()), "recipients");
    check(curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_text), "reader");
    check(curl_easy_setopt(curl, CURLOPT_READDATA, &reader), "reader");
    check(curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L), "upload");
    check(curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L), "no signals");
    check(curl_easy_setopt(curl, CURLOPT_TIMEOUT, m_server.timeout_seconds), "timeout");
    check(curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(m_server.timeout_seconds, 10L)),
          "connect timeout");
    // A login over smtp:// requires TLS (STARTTLS) unless tls=off says so explicitly: with "try"
    // a server that does not offer STARTTLS would get the password in clear.
    const bool require =
        m_server.tls == "require" || (m_server.tls != "off" && !m_server.user.empty());
    const long tls = require                 ? static_cast<long>(CURLUSESSL_ALL)
                     : m_server.tls == "off" ? static_cast<long>(CURLUSESSL_NONE)
                                             : static_cast<long>(CURLUSESSL_TRY);
    check(curl_easy_setopt(curl, CURLOPT_USE_SSL, tls), "TLS");
    if (!m_server.user.empty()) {
        check(curl_easy_setopt(curl, CURLOPT_USERNAME, m_server.user.c_str()), "user");
        check(curl_easy_setopt(curl, CURLOPT_PASSWORD, m_server.password.c_str()), "password");
    }
    const CURLcode done = curl_easy_perform(curl);
    if (done != CURLE_OK) {
        const bool unreachable =
            done == CURLE_COULDNT_RESOLVE_HOST || done == CURLE_COULDNT_RESOLVE_PROXY ||
            done == CURLE_COULDNT_CONNECT || done == CURLE_OPERATION_TIMEDOUT ||
            done == CURLE_SSL_CONNECT_ERROR || done == CURLE_USE_SSL_FAILED ||
            done == CURLE_PEER_FAILED_VERIFICATION || done == CURLE_LOGIN_DENIED ||
            done == CURLE_GOT_NOTHING || done == CURLE_WEIRD_SERVER_REPLY;
        throw SmtpError(std::string(curl_easy_strerror(done)) + (error[0] ? ": " : "") + error,
                        unreachable);
    }
}

} // namespace vs::services

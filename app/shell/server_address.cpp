#include "app/shell/server_address.h"

#include <algorithm>
#include <cctype>

namespace vs::app {
namespace {

struct UriParts {
    std::string scheme;   ///< "postgresql://"
    std::string userinfo; ///< user[:password], still encoded
    bool has_at = false;
    std::string hostspec; ///< host[:port], still encoded
    std::string path;     ///< "/database" or ""
    std::string query;    ///< "?a=b&c=d" or ""
};

std::optional<UriParts> split(const std::string& uri) {
    UriParts p;
    for (const char* scheme : {"postgresql://", "postgres://"})
        if (uri.rfind(scheme, 0) == 0)
            p.scheme = scheme;
    if (p.scheme.empty())
        return std::nullopt;
    std::string rest = uri.substr(p.scheme.size());
    if (const auto q = rest.find('?'); q != std::string::npos) {
        p.query = rest.substr(q);
        rest.erase(q);
    }
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        p.path = rest.substr(slash);
        rest.erase(slash);
    }
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        p.has_at = true;
        p.userinfo = rest.substr(0, at);
        rest.erase(0, at + 1);
    }
    p.hostspec = rest;
    return p;
}

std::string join(const UriParts& p) {
    return p.scheme + (p.has_at ? p.userinfo + "@" : "") + p.hostspec + p.path + p.query;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// The query without its password= parameters.
std::string query_without_password(const std::string& query) {
    if (query.size() <= 1)
        return query;
    std::string kept;
    std::size_t start = 1;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string::npos)
            end = query.size();
        const std::string param = query.substr(start, end - start);
        if (!param.empty() && param.rfind("password=", 0) != 0 && param != "password")
            kept += (kept.empty() ? "?" : "&") + param;
        start = end + 1;
    }
    return kept;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

std::optional<ServerAddress> parse_server_uri(const std::string& uri) {
    const auto p = split(uri);
    if (!p)
        return std::nullopt;
    ServerAddress a;
    a.user = decode(p->userinfo.substr(0, p->userinfo.find(':')));
    std::string host = p->hostspec;
    // [::1]:5432 or host:5432 (several hosts, "h1,h2:5433", are kept whole as the host).
    const auto close = host.rfind(']');
    const auto colon = host.rfind(':');
    if (colon != std::string::npos && (close == std::string::npos || colon > close) &&
        host.find(',') == std::string::npos) {
        a.port = host.substr(colon + 1);
        host.erase(colon);
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    a.host = decode(host);
    a.database = decode(p->path.empty() ? "" : p->path.substr(1));
    return a;
}

std::string server_uri(const ServerAddress& a) {
    std::string uri = "postgresql://";
    if (!a.user.empty())
        uri += encode(a.user) + "@";
    if (a.host.find(':') != std::string::npos)
        uri += "[" + a.host + "]"; // an IPv6 address
    else
        uri += encode(a.host);
    if (!a.port.empty())
        uri += ":" + encode(a.port);
    if (!a.database.empty())
        uri += "/" + encode(a.database);
    return uri;
}

bool has_password(const std::string& uri) {
    return without_password(uri) != uri;
}

std::string without_password(const std::string& uri) {
    auto p = split(uri);
    if (!p)
        return uri;
    if (const auto colon = p->userinfo.find(':'); colon != std::string::npos)
        p->userinfo.erase(colon);
    p->query = query_without_password(p->query);
    return join(*p);
}

std::string with_parameter(const std::string& uri, const std::string& key,
                           const std::string& value) {
    return uri + (uri.find('?') == std::string::npos ? "?" : "&") + key + "=" + encode(value);
}

std::string scrub(std::string text, const std::string& secret) {
    if (secret.empty())
        return text;
    for (const std::string& s : {secret, encode(secret)})
        for (auto at = text.find(s); at != std::string::npos; at = text.find(s, at + 3))
            text.replace(at, s.size(), "…");
    return text;
}

std::string server_label(const std::string& uri) {
    const auto a = parse_server_uri(uri);
    if (!a)
        return uri;
    std::string label = a->user.empty() ? "" : a->user + "@";
    label += a->host.empty() ? "localhost" : a->host;
    if (!a->port.empty())
        label += ":" + a->port;
    if (!a->database.empty())
        label += "/" + a->database;
    return label;
}

bool asks_for_password(const std::string& message) {
    return lower(message).find("password") != std::string::npos;
}

bool connection_lost_message(const std::string& message) {
    const std::string m = lower(message);
    for (const char* sign :
         {"server closed the connection", "terminating connection", "no connection to the server",
          "connection to server", "could not connect", "connection is not open", "lost connection",
          "broken connection", "could not send data", "could not receive data",
          "connection refused", "connection timed out", "the database system is shutting down",
          "the database system is starting up", "cannot connect",
          "not currently accepting connections", "not connected", "connection to database failed"})
        if (m.find(sign) != std::string::npos)
            return true;
    return false;
}

std::vector<std::string> remember_server(std::vector<std::string> recent, const std::string& uri,
                                         std::size_t max) {
    for (std::string& r : recent)
        r = without_password(r); // never a password, even one written by hand in the config
    const std::string kept = without_password(uri);
    recent.erase(std::remove(recent.begin(), recent.end(), kept), recent.end());
    recent.insert(recent.begin(), kept);
    if (recent.size() > max)
        recent.resize(max);
    return recent;
}

} // namespace vs::app

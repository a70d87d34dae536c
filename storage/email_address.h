#pragma once
// The one check of an alert e-mail address, shared by the CLI, the services and both storage
// backends: an address goes as is into an SMTP RCPT and a To: header, so a character that could
// end the header or the command, or add another address, is refused.

#include "forms/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace vs::storage {

/// What is wrong with `address` as an alert e-mail address ("" when nothing): it needs one "@"
/// with something either side, and no space, control character (CR, LF, tab …), "<", ">", ",",
/// ";", '"', "(" or ")".
inline std::string email_address_problem(std::string_view address) {
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u == 0x7f)
            return "\"" + std::string(address) +
                   "\" is not an e-mail address (a space or control character in it)";
        if (std::string_view("<>,;\"()").find(c) != std::string_view::npos)
            return "\"" + std::string(address) + "\" is not an e-mail address (" +
                   std::string(1, c) + " in it)";
    }
    const auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
        address.find('@', at + 1) != std::string_view::npos)
        return "\"" + std::string(address) +
               "\" is not an e-mail address (one @ between a name "
               "and a domain)";
    return {};
}

/// Throws InputError naming `field` at the first address of `addresses` that is not one.
inline void check_email_addresses(const std::vector<std::string>& addresses,
                                  const std::string& field) {
    for (const std::string& a : addresses)
        if (const std::string problem = email_address_problem(a); !problem.empty())
            throw InputError("", field, problem);
}

} // namespace vs::storage

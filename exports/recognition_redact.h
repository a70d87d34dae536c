#pragma once
// Recognitions (scoring/recognition.h) as a client may see them: the client report's Recognition
// sheet and `visitscore-cli recognition` hide people in one way. The shopper's codes and names
// are "[shopper]" (terms the caller adds, since it knows the shoppers); with pseudonymised
// staff, a recognised staff member's code, name and the words of the comment that named them
// (a first name, say) are their pseudonym.

#include "exports/redact.h"
#include "scoring/recognition.h"

#include <functional>
#include <string>
#include <vector>

namespace vs::exports {

/// Adds to `redact` each recognised staff member of `rows` (code, name, and the words that named
/// them), replaced by `pseudonym(client, code)`.
inline void add_recognised_staff(
    Redactor& redact, const std::vector<scoring::Recognition>& rows,
    const std::function<std::string(const std::string&, const std::string&)>& pseudonym) {
    for (const scoring::Recognition& r : rows)
        if (!r.employee.empty()) {
            const std::string p = pseudonym(r.client, r.employee);
            redact.add(r.employee_name, p);
            redact.add(r.named_as, p);
            redact.add(r.employee, p);
        }
}

/// `r` as the client sees it: its texts through `redact`; with `pseudonym`, the staff member is
/// shown by that pseudonym only (no name).
inline scoring::Recognition redacted_recognition(scoring::Recognition r, const Redactor& redact,
                                                 const std::string* pseudonym) {
    if (pseudonym) {
        r.employee = *pseudonym;
        r.employee_name.clear();
    } else {
        r.employee_name = redact.apply(r.employee_name);
    }
    r.named_as = redact.apply(r.named_as);
    r.comment = redact.apply(r.comment);
    r.reason = redact.apply(r.reason);
    return r;
}

} // namespace vs::exports

#include "storage/visit_conflict.h"

namespace vs::storage {
namespace {

constexpr const char* kReload = "; nothing was written. Reload the visit to see the change";

} // namespace

std::string status_conflict_message(const std::string& uuid, std::string_view stored,
                                    std::string_view from, const LastChange& last) {
    std::string out =
        "visit " + uuid + " is " + std::string(stored) + " now, not " + std::string(from) + ": ";
    if (last.who.empty())
        out += "someone else changed it meanwhile";
    else
        out += last.who + " changed it at " + last.at;
    return out + kReload;
}

std::string edit_conflict_message(const std::string& uuid, const std::string& stored_at,
                                  const LastChange& last) {
    const std::string who = last.who.empty() ? "someone else" : last.who;
    const std::string at = last.at.empty() ? stored_at : last.at;
    return "visit " + uuid + " was changed by " + who + " at " + at + " while it was edited" +
           kReload;
}

} // namespace vs::storage

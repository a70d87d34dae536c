// Checks of records before they are stored (record_checks.h).

#include "storage/record_checks.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/text.h"

namespace vs::storage {

void check_org_entity(const OrgEntity& e) {
    const bool coded =
        e.kind == OrgKind::Branch || e.kind == OrgKind::Employee || e.kind == OrgKind::Shopper;
    if (coded && e.code.empty())
        throw InputError("", "code", "give a code (it identifies the entry in visit packages)");
    if (!coded && e.name.empty())
        throw InputError("", "name", "give a name");
    if (e.kind != OrgKind::Client && e.client_id <= 0)
        throw InputError("", "client", "choose the client it belongs to");
    forms::check_text(e.code, "", "code"); // typed names reach workbooks and CSV files
    forms::check_text(e.name, "", "name");
}

int check_training(const Training& t, const std::string& file, const std::string& where) {
    auto day = forms::parse_day(t.date);
    if (!day || t.date.size() != 10)
        throw InputError(file, where + ".date", "\"" + t.date + "\" is not a date (YYYY-MM-DD)");
    if (!forms::plausible_day(*day))
        throw InputError(file, where + ".date", forms::implausible_date_message(t.date));
    // Typed in the app or read from a file: the text must fit every file it reaches.
    forms::check_text(t.id, file, where + ".id");
    forms::check_text(t.title, file, where + ".title");
    forms::check_text(t.trainer, file, where + ".trainer");
    return *day;
}

} // namespace vs::storage

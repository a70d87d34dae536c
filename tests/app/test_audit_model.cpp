// The audit log window's model without a window: the typed filter becomes a query (bad fields
// named), and each entry's cells.
#include "app/visits/audit_log_model.h"
#include "forms/dates.h"
#include "forms/error.h"

#include <boost/test/unit_test.hpp>

using namespace vs;

BOOST_AUTO_TEST_SUITE(audit_model)

BOOST_AUTO_TEST_CASE(filter_text_to_query) {
    app::AuditFilterText f;
    storage::AuditQuery q = app::audit_query(f);
    BOOST_TEST(!q.who);
    BOOST_TEST(!q.visit_uuid);
    BOOST_TEST(!q.from_day);
    f.who = "  rita ";
    f.branch = "LDS01";
    f.action = "status";
    f.from = "2026-10-01";
    f.to = "2026-10-31";
    q = app::audit_query(f);
    BOOST_TEST(*q.who == "rita");
    BOOST_TEST(*q.branch == "LDS01");
    BOOST_TEST(*q.action == "status");
    BOOST_TEST(*q.from_day == *forms::parse_day("2026-10-01"));
    BOOST_TEST(*q.to_day == *forms::parse_day("2026-10-31"));

    struct Bad {
        const char* from;
        const char* to;
        const char* action;
        const char* field;
    };
    for (const Bad& b :
         {Bad{"2026-02-30", "", "", "From"}, Bad{"", "31/10/2026", "", "To"},
          Bad{"2026-10-31", "2026-10-01", "", "To"}, Bad{"", "", "delete", "Action"}}) {
        BOOST_TEST_INFO_SCOPE(b.from << " " << b.to << " " << b.action);
        app::AuditFilterText bad;
        bad.from = b.from;
        bad.to = b.to;
        bad.action = b.action;
        BOOST_CHECK_EXCEPTION(app::audit_query(bad), InputError,
                              [&](const InputError& e) { return e.where() == b.field; });
    }
}

BOOST_AUTO_TEST_CASE(cells) {
    storage::AuditRow r;
    r.entry.at = "2026-12-03T15:22:01.123Z";
    r.entry.who = "rita";
    r.entry.field = "status";
    r.entry.old_value = "submitted";
    r.entry.new_value = "excluded";
    r.entry.reason = "recognised";
    r.visit_uuid = "u-1";
    r.branch = "LDS01";
    BOOST_TEST(app::audit_cell(r, app::AuditWhen) == "2026-12-03 15:22");
    BOOST_TEST(app::audit_cell(r, app::AuditWho) == "rita");
    BOOST_TEST(app::audit_cell(r, app::AuditVisit) == "u-1");
    BOOST_TEST(app::audit_cell(r, app::AuditBranch) == "LDS01");
    BOOST_TEST(app::audit_cell(r, app::AuditChange) == "submitted \u2192 excluded");
    BOOST_TEST(app::audit_cell(r, app::AuditReason) == "recognised");
    BOOST_TEST(app::audit_column_titles().size() ==
               static_cast<std::size_t>(app::AuditColumnCount));
}

BOOST_AUTO_TEST_SUITE_END()

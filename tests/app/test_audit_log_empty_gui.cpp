// The audit log window tells a log with no entries at all from a filter that matches none, so
// an empty list never reads as a filter problem when no filter is set.
#include "app/shell/ui_util.h"
#include "app/visits/audit_log_frame.h"
#include "app/visits/audit_log_model.h"
#include "gui_support.h"
#include "services/review.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using namespace vs;

namespace {

/// Audit log window for the frame's database, filtered as given.
app::AuditLogFrame* audit_log(app::MainFrame* frame, const app::AuditFilterText& filter) {
    app::AuditLogFrame* log = frame->open_audit_log();
    BOOST_REQUIRE(log);
    BOOST_REQUIRE(log->apply(filter));
    test::pump(50);
    return log;
}

} // namespace

BOOST_AUTO_TEST_SUITE(audit_log_empty)

BOOST_FIXTURE_TEST_CASE(audit_log_tells_an_empty_log_from_a_filter_that_matches_nothing,
                        test::FrameFixture) {
    // Imported demo visits bring no audit entries: the whole log is empty.
    app::AuditLogFrame* log = audit_log(frame, {});
    BOOST_TEST(log->rows().empty());
    const std::string empty = app::u8(log->status_text());
    BOOST_TEST(empty.find("The audit log is empty") == 0, empty);
    BOOST_TEST(empty.find("match") == std::string::npos, empty);

    app::AuditFilterText nobody;
    nobody.who = "nobody-at-all";
    log = audit_log(frame, nobody);
    BOOST_TEST(app::u8(log->status_text()) == "No entries match the filter.");

    // One status change: the log holds one entry, which the nobody filter still leaves out.
    storage::VisitListQuery submitted;
    submitted.status = forms::Status::Submitted;
    const std::vector<std::int64_t> waiting = frame->store()->visit_ids(submitted);
    BOOST_REQUIRE(!waiting.empty());
    const std::int64_t visit = waiting.front();
    services::return_visit(*frame->store(), visit, "rita", "please add photos");
    BOOST_REQUIRE(log->reload());
    BOOST_TEST(app::u8(log->status_text()) == "No entries match the filter.");
    log = audit_log(frame, {});
    BOOST_TEST(log->rows().size() == 1u);
    BOOST_TEST(app::u8(log->status_text()).find("1 entry") == 0);
    log->Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

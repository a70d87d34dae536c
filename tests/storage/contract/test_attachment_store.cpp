// Contract of AttachmentStore (storage/attachment_store.h): photos and receipts of a visit.
#include "backends.h"
#include "forms/error.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

BOOST_AUTO_TEST_SUITE(attachment_store)

VS_CONTRACT_CASE(attachments_round_trip_and_are_removed) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    forms::Visit header = f.store->load_visit(contract::id_of(*f.store, contract::kUuidC)).visit;
    header.uuid.clear();
    header.status = forms::Status::Draft;
    const std::int64_t visit = f.store->create_draft(header);
    storage::AttachmentStore& att = *f.store;
    BOOST_TEST(att.attachments(visit).empty());
    const std::vector<unsigned char> data(100000, 7), thumb{1, 2, 3};
    const std::int64_t receipt =
        att.add_attachment(visit, "wait", "receipt.jpg", "image/jpeg", data, thumb);
    const std::int64_t front = att.add_attachment(visit, "", "front.png", "image/png", {9}, {});
    BOOST_TEST(receipt != front);
    auto list = att.attachments(visit);
    BOOST_REQUIRE_EQUAL(list.size(), 2u);
    BOOST_TEST(list[0].id == receipt);
    BOOST_TEST(list[0].visit_id == visit);
    BOOST_TEST(list[0].question == "wait");
    BOOST_TEST(list[0].name == "receipt.jpg");
    BOOST_TEST(list[0].mime == "image/jpeg");
    BOOST_TEST(list[0].size == 100000);
    BOOST_TEST(list[0].thumbnail == thumb, boost::test_tools::per_element());
    BOOST_TEST(!list[0].added_at.empty());
    BOOST_TEST(list[1].question.empty()); // with the visit, not a question
    BOOST_TEST(att.attachment_data(receipt) == data, boost::test_tools::per_element());
    BOOST_TEST(att.attachment_data(front) == std::vector<unsigned char>{9},
               boost::test_tools::per_element());
    att.remove_attachment(receipt);
    list = att.attachments(visit);
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    BOOST_TEST(list[0].id == front);
    // Another visit's attachments are its own.
    BOOST_TEST(att.attachments(contract::id_of(*f.store, contract::kUuidA)).empty());
}

VS_CONTRACT_CASE(attachments_of_a_sent_visit_stay) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AttachmentStore& att = *f.store;
    const std::int64_t approved = contract::id_of(*f.store, contract::kUuidA);
    const std::vector<unsigned char> empty;
    const std::int64_t photo = att.add_attachment(approved, "", "empty.bin", "", empty, empty);
    BOOST_CHECK_THROW(att.remove_attachment(photo), InputError); // approved: not a draft
    const auto list = att.attachments(approved);
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    BOOST_TEST(list[0].size == 0);
    BOOST_TEST(list[0].thumbnail.empty());
    BOOST_TEST(att.attachment_data(photo).empty()); // stored empty, not missing
    BOOST_CHECK_THROW(att.attachment_data(photo + 1000), storage::StorageError);
    BOOST_CHECK_THROW(att.remove_attachment(photo + 1000), InputError);
}

BOOST_AUTO_TEST_SUITE_END()

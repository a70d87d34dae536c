#include "cli/dispute_command.h"

#include "cli/commands.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/disputes.h"
#include "storage/demo_disputes.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct DisputeOptions {
    // open
    std::string visit, question, answer, reason, evidence, who;
    // list and stats
    std::string client, status, by = "client";
    bool json = false;
    // decide
    std::int64_t id = 0;
    bool accept = false, reject = false;
    std::optional<std::string> partly;
};

std::string who_of(const DisputeOptions& o) {
    return o.who.empty() ? os_user() : o.who;
}

json optional_number(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

int cmd_open(const std::string& db, const DisputeOptions& o) {
    services::DisputeRequest r;
    r.visit_uuid = o.visit;
    r.question = o.question;
    r.answer = o.answer;
    r.reason = o.reason;
    if (!o.evidence.empty()) {
        std::ifstream in(o.evidence, std::ios::binary);
        if (!in)
            throw InputError(o.evidence, "--evidence", "cannot read the evidence file");
        r.evidence.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        const auto slash = o.evidence.find_last_of('/');
        r.evidence_name = slash == std::string::npos ? o.evidence : o.evidence.substr(slash + 1);
    }
    auto store = open_database(db, storage::OpenMode::MustExist);
    std::vector<std::string> warnings;
    const std::int64_t id = services::open_dispute(*store, r, who_of(o), {}, &warnings);
    std::cout << "dispute " << id << " opened on visit " << o.visit << ", question " << o.question
              << "\n";
    for (const std::string& w : warnings)
        std::cerr << "warning: " << w << "\n";
    return 0;
}

int cmd_list(const std::string& db, const DisputeOptions& o) {
    if (!o.status.empty() && o.status != "open" && o.status != "decided")
        throw InputError("", "--status", "\"" + o.status + "\" is not open or decided");
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto rows = store->disputes({o.client, o.status, ""});
    if (o.json) {
        json out = json::array();
        for (const storage::Dispute& d : rows)
            out.push_back({{"id", d.id},
                           {"visit", d.visit_uuid},
                           {"client", d.client},
                           {"branch", d.branch},
                           {"visited_at", d.visited_at},
                           {"question", d.question},
                           {"original_answer", d.original_answer},
                           {"proposed_answer", d.proposed_answer},
                           {"reason", d.reason},
                           {"opened_by", d.opened_by},
                           {"opened_at", d.opened_at},
                           {"evidence", d.evidence_name},
                           {"evidence_sha256", d.evidence_sha256},
                           {"status", d.status},
                           {"decision", d.decision},
                           {"decided_answer", d.decided_answer},
                           {"decision_reason", d.decision_reason},
                           {"decided_by", d.decided_by},
                           {"decided_at", d.decided_at}});
        std::cout << json{{"disputes", out}}.dump(2) << "\n";
        return 0;
    }
    for (const storage::Dispute& d : rows)
        std::cout << fmt::format("{:>5}  {}  {}  {}  {}  {} -> {}  {}{}\n", d.id, d.visit_uuid,
                                 d.branch, d.question, d.status, d.original_answer,
                                 d.proposed_answer, d.decision,
                                 d.decision.empty() ? "" : " (" + d.decided_answer + ")");
    return 0;
}

int cmd_decide(const std::string& db, const DisputeOptions& o) {
    const int given = int(o.accept) + int(o.reject) + int(o.partly.has_value());
    if (given != 1)
        throw InputError("", "decision", "give exactly one of --accept, --partly ANSWER, --reject");
    const services::DisputeOutcome outcome = o.accept   ? services::DisputeOutcome::Accept
                                             : o.reject ? services::DisputeOutcome::Reject
                                                        : services::DisputeOutcome::Partly;
    auto store = open_database(db, storage::OpenMode::MustExist);
    std::vector<std::string> warnings;
    services::decide_dispute(*store, o.id, outcome, o.partly.value_or(""), o.reason, who_of(o),
                             &warnings);
    const auto d = store->dispute(o.id);
    std::cout << "dispute " << o.id << " " << (d ? d->decision : std::string("decided"))
              << "; the answer that stands: " << (d ? d->decided_answer : std::string()) << "\n";
    for (const std::string& w : warnings)
        std::cerr << "warning: " << w << "\n";
    return 0;
}

int cmd_stats(const std::string& db, const DisputeOptions& o) {
    services::DisputeGroup group = services::DisputeGroup::Client;
    if (o.by == "branch")
        group = services::DisputeGroup::Branch;
    else if (o.by == "shopper")
        group = services::DisputeGroup::Shopper;
    else if (o.by != "client")
        throw InputError("", "--by", "\"" + o.by + "\" is not branch or shopper");
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto stats = services::dispute_statistics(*store, o.client, group);
    if (o.json) {
        json out = json::array();
        for (const scoring::DisputeStats& s : stats)
            out.push_back({{"key", s.key},
                           {"released", s.released},
                           {"disputed_visits", s.disputed_visits},
                           {"points", s.points},
                           {"decided", s.decided},
                           {"overturned", s.overturned},
                           {"changed_visits", s.changed_visits},
                           {"dispute_rate", optional_number(s.dispute_rate)},
                           {"overturned_rate", optional_number(s.overturned_rate)},
                           {"changed_rate", optional_number(s.changed_rate)},
                           {"median_days_to_decide", optional_number(s.median_days)}});
        std::cout << json{{"by", o.by}, {"groups", out}}.dump(2) << "\n";
        return 0;
    }
    const auto pct = [](const std::optional<double>& v) {
        return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
    };
    std::cout << fmt::format("{:<20} {:>8} {:>9} {:>7} {:>7} {:>11} {:>8} {:>12}\n", o.by,
                             "released", "disputed", "rate", "points", "overturned", "changed",
                             "median days");
    for (const scoring::DisputeStats& s : stats)
        std::cout << fmt::format("{:<20} {:>8} {:>9} {:>7} {:>7} {:>11} {:>8} {:>12}\n", s.key,
                                 s.released, s.disputed_visits, pct(s.dispute_rate), s.points,
                                 pct(s.overturned_rate), pct(s.changed_rate),
                                 s.median_days ? fmt::format("{:.1f}", *s.median_days) : "-");
    return 0;
}

/// A question of a stored visit that a demo point may dispute, and the answers to propose.
struct DemoPoint {
    std::string question;
    std::string proposed; ///< the client's answer
    std::string partly;   ///< an answer between the two (scale questions; "" otherwise)
};

/// A yes/no question answered yes or no (flipped), or a scale question answered below its top
/// (the top proposed, one step up partly); one of the kind asked for, picked by `pick`.
std::optional<DemoPoint> demo_point(const storage::StoredVisit& v, bool scale, std::uint64_t pick) {
    std::vector<DemoPoint> fit;
    for (const forms::Question& q : v.tpl->questions) {
        const auto it = v.visit.answers.find(q.id);
        if (it == v.visit.answers.end())
            continue;
        if (!scale && q.type == forms::QuestionType::YesNo && it->is_string() &&
            (*it == "yes" || *it == "no"))
            fit.push_back({q.id, *it == "yes" ? "no" : "yes", ""});
        if (scale && q.type == forms::QuestionType::Scale && it->is_number_integer() &&
            it->get<int>() + 2 <= q.max)
            fit.push_back({q.id, std::to_string(q.max), std::to_string(it->get<int>() + 1)});
    }
    if (fit.empty())
        return std::nullopt;
    return fit[pick % fit.size()];
}

/// Seconds since 1970-01-01 as UTC YYYY-MM-DDTHH:MM:SSZ.
std::string utc_time(long long seconds) {
    const int day = static_cast<int>(seconds / 86400);
    const long long s = seconds % 86400;
    return fmt::format("{}T{:02}:{:02}:{:02}Z", forms::day_to_string(day), s / 3600, s / 60 % 60,
                       s % 60);
}

} // namespace

std::size_t add_demo_disputes(storage::Store& store, const std::string& db, std::uint64_t seed,
                              int last_day) {
    static const char* const kReasons[] = {
        "Our door camera shows it otherwise",
        "The branch's staff log contradicts the shopper's report",
        "The receipt's time does not match what the shopper reported",
        "The staff member on duty remembers this visit differently",
        "The shopper's notes are too brief to support this answer"};
    std::vector<storage::ReleasedVisit> released = store.released_visits("");
    std::sort(released.begin(), released.end(),
              [](const auto& a, const auto& b) { return a.uuid < b.uuid; });
    std::mt19937_64 rng(seed ^ 0x6469737075746573ULL); // "disputes"
    std::uniform_real_distribution<double> unit(0, 1);
    const std::size_t wanted = std::min<std::size_t>(1000, (released.size() * 4 + 50) / 100);
    std::shuffle(released.begin(), released.end(), rng);
    std::size_t opened = 0, disputed = 0;
    std::optional<double> roll; // the next point's outcome, kept until a visit fits it
    // When each point was opened and decided: the stores stamp the second they write it, so the
    // dates are drawn apart (their own generator: the points and outcomes stay as they were) and
    // written afterwards.
    std::mt19937_64 clock(seed ^ 0x6469737064617465ULL); // "dispdate"
    auto draw = [&] { return unit(clock); };
    const int deadline = services::dispute_deadline_days(store);
    std::vector<storage::DisputeDates> dates;
    for (const storage::ReleasedVisit& r : released) {
        if (disputed == wanted)
            break;
        const auto id = store.visit_id_of(r.uuid);
        if (!id)
            continue;
        const storage::StoredVisit v = store.load_visit(*id);
        // About a quarter of the disputed visits change: 18% accepted, 10% partly accepted;
        // 37% rejected; the rest still open.
        if (!roll)
            roll = unit(rng);
        const bool partly = *roll >= 0.18 && *roll < 0.28;
        const std::optional<DemoPoint> p = demo_point(v, partly, rng());
        if (!p)
            continue; // the same outcome for the next visit
        const std::string reason = kReasons[rng() % std::size(kReasons)];
        const std::int64_t point = services::open_dispute(
            store, {r.uuid, p->question, p->proposed, reason, "", {}}, "client desk (demo)");
        ++opened;
        ++disputed;
        const double outcome = *roll;
        roll.reset();
        // Released 1-3 days after the visit, opened 1 to deadline - 1 days after that (mostly
        // soon), in office hours; decided within the deadline of opening (mostly in a week).
        const int visit_day = forms::parse_day(v.visit.visited_at.substr(0, 10)).value_or(last_day);
        const int release = visit_day + 1 + static_cast<int>(draw() * 3);
        const double soon = draw();
        const int open_day =
            release + 1 + static_cast<int>(std::max(0, deadline - 2) * soon * soon);
        const long long open_at =
            open_day * 86400LL + 8 * 3600 + static_cast<long long>(draw() * 10 * 3600);
        const double wait = std::pow(draw(), 1.7);
        const long long decide_at =
            open_at + 3600 + static_cast<long long>(wait * (deadline * 86400.0 - 7200));
        // Undecided points are those opened lately (the arbiter has not got to them yet); older
        // ones were all decided, those not changed rejected.
        const bool stays_open = outcome >= 0.65 && open_day + deadline > last_day;
        dates.push_back({point, utc_time(open_at), stays_open ? "" : utc_time(decide_at)});
        if (stays_open)
            continue;
        if (outcome < 0.18)
            services::decide_dispute(store, point, services::DisputeOutcome::Accept, "",
                                     "The evidence bears the client out", "arbiter (demo)");
        else if (partly)
            services::decide_dispute(store, point, services::DisputeOutcome::Partly, p->partly,
                                     "Better than reported, not as good as claimed",
                                     "arbiter (demo)");
        else
            services::decide_dispute(store, point, services::DisputeOutcome::Reject, "",
                                     "The shopper's notes and photo stand", "arbiter (demo)");
    }
    storage::date_demo_disputes(db, dates);
    return opened;
}

void add_dispute_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<DisputeOptions>();
    auto* dispute = app.add_subcommand(
        "dispute", "disputes of released visits: opened per question, decided by an arbiter who "
                   "did not approve the visit, and their statistics (docs/disputes.md)");
    dispute->require_subcommand(1);

    auto* open = dispute->add_subcommand(
        "open", "dispute the answer to one question of a released (approved) visit");
    open->add_option("VISIT", o->visit, "the visit's uuid")->required();
    open->add_option("--question", o->question, "the question's id")->required();
    open->add_option("--answer", o->answer,
                     "the answer proposed (JSON, or plain text: yes, 4, [\"a\",\"b\"])")
        ->required();
    open->add_option("--reason", o->reason, "why (required)")->required();
    open->add_option("--evidence", o->evidence, "a file kept with the dispute (photo, receipt)");
    open->add_option("--as", o->who, "who opens it (default: the login name)");
    open->callback([&action, &db, o] { action = [&db, o] { return cmd_open(db, *o); }; });

    auto* list = dispute->add_subcommand("list", "dispute points, oldest first");
    list->add_option("--client", o->client, "only this client's (its name)");
    list->add_option("--status", o->status, "open or decided");
    list->add_flag("--json", o->json, "print JSON");
    list->callback([&action, &db, o] { action = [&db, o] { return cmd_list(db, *o); }; });

    auto* decide = dispute->add_subcommand(
        "decide", "accept, partly accept or reject a dispute point, with a reason");
    decide->add_option("ID", o->id, "the dispute point's id")->required();
    decide->add_flag("--accept", o->accept, "the proposed answer stands");
    decide->add_option("--partly", o->partly, "this answer stands (partly accepted)");
    decide->add_flag("--reject", o->reject, "the visit's answer stands");
    decide->add_option("--reason", o->reason, "why (required)")->required();
    decide->add_option("--as", o->who, "who decides (default: the login name)");
    decide->callback([&action, &db, o] { action = [&db, o] { return cmd_decide(db, *o); }; });

    auto* stats = dispute->add_subcommand(
        "stats", "dispute rate, share overturned, visits changed and median days to decide");
    stats->add_option("--client", o->client, "this client's visits (its name)")->required();
    stats->add_option("--by", o->by, "branch or shopper (default: the client as a whole)");
    stats->add_flag("--json", o->json, "print JSON");
    stats->callback([&action, &db, o] { action = [&db, o] { return cmd_stats(db, *o); }; });
}

} // namespace vs::cli

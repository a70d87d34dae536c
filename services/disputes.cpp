#include "services/disputes.h"

#include "forms/answer.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "services/alerts.h"
#include "services/int_settings.h"
#include "services/rescore.h"
#include "services/review.h"
#include "storage/assignment_checks.h"
#include "storage/prepare.h"

#include <cstdio>
#include <ctime>
#include <map>

namespace vs::services {
namespace {

using forms::Visit;

std::string mime_of(const std::string& name) {
    const auto dot = name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    for (char& c : ext)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    static const std::map<std::string, std::string> kinds = {
        {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"}, {"png", "image/png"},
        {"pdf", "application/pdf"}, {"txt", "text/plain"},  {"heic", "image/heic"}};
    const auto it = kinds.find(ext);
    return it == kinds.end() ? "application/octet-stream" : it->second;
}

/// The visit's answers normalised through its scorecard, so that equal answers compare equal.
Visit normalised(const storage::StoredVisit& stored) {
    Visit v = stored.visit;
    v.answers = forms::answers_to_json(*stored.tpl,
                                       forms::check_visit(*stored.tpl, v, "", "visit " + v.uuid));
    return v;
}

/// The text a dispute keeps of an answer: its JSON, "" when none.
std::string answer_text(const Visit& v, const std::string& question) {
    const auto it = v.answers.find(question);
    return it == v.answers.end() || it->is_null() ? std::string() : it->dump();
}

/// `v` with `question` answered `answer`, checked and normalised; InputError on field "answer"
/// when the scorecard refuses it.
Visit with_answer(const forms::Template& tpl, Visit v, const std::string& question,
                  const nlohmann::json& answer) {
    v.answers[question] = answer;
    try {
        v.answers = forms::answers_to_json(tpl, forms::check_visit(tpl, v, "", "visit " + v.uuid));
    } catch (const InputError& e) {
        throw InputError("", "answer",
                         answer.dump() + " is not a valid answer to " + question + ": " +
                             e.message());
    }
    return v;
}

} // namespace

std::optional<std::string> checked_dispute_setting(const std::string& key,
                                                   const std::string& value) {
    int lo = 0, hi = 0;
    std::string what;
    if (key == kDisputeDeadlineSetting) {
        lo = 1, hi = 3650, what = "days";
    } else if (key == kDisputeMaxSetting) {
        lo = 1, hi = 1000, what = "dispute points";
    } else {
        return std::nullopt;
    }
    return checked_int_setting(key, value, lo, hi, what);
}

int dispute_deadline_days(storage::SettingsStore& store) {
    return int_setting(store, kDisputeDeadlineSetting, kDefaultDisputeDeadlineDays);
}

int dispute_max_per_visit(storage::SettingsStore& store) {
    return int_setting(store, kDisputeMaxSetting, kDefaultDisputeMax);
}

nlohmann::json answer_from_text(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
        return nlohmann::json(text);
    return j;
}

std::optional<double> days_between(const std::string& from, const std::string& to) {
    const auto seconds = [](const std::string& t) -> std::optional<long long> {
        std::tm tm{};
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
        if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
            return std::nullopt;
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = s;
        return static_cast<long long>(timegm(&tm));
    };
    const auto a = seconds(from), b = seconds(to);
    if (!a || !b)
        return std::nullopt;
    return static_cast<double>(*b - *a) / 86400.0;
}

std::int64_t open_dispute(storage::Store& store, const DisputeRequest& r, const std::string& who,
                          const std::string& today, std::vector<std::string>* warnings) {
    if (r.reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError("", "reason", "a dispute needs a reason");
    const auto id = store.visit_id_of(r.visit_uuid);
    if (!id)
        throw InputError("", "visit", "visit " + r.visit_uuid + " is not in the database");
    const storage::StoredVisit stored = store.load_visit(*id);
    if (stored.visit.status != forms::Status::Approved)
        throw InputError("", "visit",
                         "visit " + r.visit_uuid + " is " +
                             std::string(forms::to_string(stored.visit.status)) +
                             ": only a released (approved) visit is disputed");
    if (stored.tpl && forms::is_survey(*stored.tpl))
        throw InputError("", "visit",
                         "visit " + r.visit_uuid +
                             " is a customer survey response: what a customer answered is not "
                             "disputed (only mystery visits are)");
    const std::string released = store.released_at(r.visit_uuid);
    const auto released_day = forms::parse_day(released.substr(0, 10));
    const auto today_day = forms::parse_day(today.empty() ? storage::local_today() : today);
    const int deadline = dispute_deadline_days(store);
    if (released_day && today_day && *today_day > *released_day + deadline)
        throw InputError("", "deadline",
                         "visit " + r.visit_uuid + " was released on " + released.substr(0, 10) +
                             "; disputes were open for " + std::to_string(deadline) +
                             " days (dispute.deadline_days), until " +
                             forms::day_to_string(*released_day + deadline));
    const forms::Template& tpl = *stored.tpl;
    if (tpl.find_question(r.question) < 0)
        throw InputError("", "question",
                         "\"" + r.question + "\" is not a question of the scorecard " + tpl.id +
                             " v" + std::to_string(tpl.version));
    const Visit before = normalised(stored);
    const Visit after = with_answer(tpl, before, r.question, answer_from_text(r.answer));
    const std::string original = answer_text(before, r.question);
    const std::string proposed = answer_text(after, r.question);
    if (proposed == original)
        throw InputError("", "answer",
                         "the proposed answer " + proposed + " is the visit's answer already");
    const std::vector<storage::Dispute> existing = store.disputes({"", "", r.visit_uuid});
    for (const storage::Dispute& d : existing)
        if (d.question == r.question && d.status == "open")
            throw InputError("", "question",
                             "question " + r.question + " of visit " + r.visit_uuid +
                                 " is disputed already (dispute " + std::to_string(d.id) +
                                 ", open)");
    const int max = dispute_max_per_visit(store);
    if (static_cast<int>(existing.size()) >= max)
        throw InputError("", kDisputeMaxSetting,
                         "visit " + r.visit_uuid + " has " + std::to_string(existing.size()) +
                             " dispute points, the most a visit may have (dispute.max_per_visit "
                             "= " +
                             std::to_string(max) + ")");
    storage::NewDispute n;
    n.visit_uuid = r.visit_uuid;
    n.question = r.question;
    n.original_answer = original;
    n.proposed_answer = proposed;
    n.reason = r.reason;
    n.evidence_name = r.evidence_name;
    n.evidence_mime = r.evidence_name.empty() ? "" : mime_of(r.evidence_name);
    n.evidence = r.evidence;
    const std::int64_t point = store.add_dispute(n, who);
    raise_after("dispute " + std::to_string(point) + " was opened", warnings,
                [&] { raise_dispute_alerts(store, point); });
    return point;
}

void decide_dispute(storage::Store& store, std::int64_t id, DisputeOutcome outcome,
                    const std::string& partly_answer, const std::string& reason,
                    const std::string& who, std::vector<std::string>* warnings) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError("", "reason", "a decision needs a reason");
    const auto d = store.dispute(id);
    if (!d)
        throw InputError("", "dispute",
                         "dispute " + std::to_string(id) + " is not in the database");
    if (d->status != "open")
        throw InputError("", "dispute",
                         "dispute " + std::to_string(id) + " was decided already (" + d->decision +
                             " by " + d->decided_by + " on " + d->decided_at.substr(0, 10) + ")");
    const std::string approver = store.approver(d->visit_uuid);
    if (!approver.empty() && approver == who)
        throw InputError("", "arbiter",
                         who + " approved visit " + d->visit_uuid +
                             ": a dispute on it is decided by someone who did not review it");
    const auto visit_id = store.visit_id_of(d->visit_uuid);
    if (!visit_id)
        throw InputError("", "dispute", "the visit of dispute " + std::to_string(id) + " is gone");
    const storage::StoredVisit stored = store.load_visit(*visit_id);
    const forms::Template& tpl = *stored.tpl;
    const Visit before = normalised(stored);

    storage::DisputeDecision decision;
    decision.reason = reason;
    decision.who = who;
    std::optional<Visit> after;
    switch (outcome) {
    case DisputeOutcome::Accept:
        decision.decision = "accepted";
        after = with_answer(tpl, before, d->question, nlohmann::json::parse(d->proposed_answer));
        break;
    case DisputeOutcome::Partly:
        decision.decision = "partly";
        after = with_answer(tpl, before, d->question, answer_from_text(partly_answer));
        break;
    case DisputeOutcome::Reject:
        decision.decision = "rejected";
        decision.decided_answer = answer_text(before, d->question);
        break;
    }
    if (!after) {
        store.decide_dispute(id, decision, nullptr);
        raise_after("dispute " + std::to_string(id) + " was decided", warnings,
                    [&] { raise_dispute_alerts(store, id); });
        return;
    }
    decision.decided_answer = answer_text(*after, d->question);
    const std::string label = "dispute " + std::to_string(id) + " " + decision.decision;
    storage::DisputeEdit edit;
    edit.updated_at = stored.updated_at;
    edit.entries = edit_entries(tpl, before, *after, who, label + ": " + reason);
    for (storage::AuditChange& e : edit.entries)
        e.action = "dispute";
    if (!edit.entries.empty()) {
        const storage::StoredScores old = store.stored_scores(*visit_id);
        const storage::PreparedVisit p =
            storage::prepare_visit(tpl, *after, "", "visit " + d->visit_uuid);
        if (audit_score_text(old.score) != audit_score_text(p.result.score) ||
            audit_score_text(old.raw) != audit_score_text(p.result.raw))
            edit.entries.push_back({who, "dispute", "score", audit_score_text(old.score),
                                    audit_score_text(p.result.score),
                                    label + "; raw " + audit_score_text(old.raw) + " -> " +
                                        audit_score_text(p.result.raw)});
    }
    edit.visit = std::move(*after);
    store.decide_dispute(id, decision, edit.entries.empty() ? nullptr : &edit);
    raise_after("dispute " + std::to_string(id) + " was decided", warnings,
                [&] { raise_dispute_alerts(store, id); });
}

std::vector<scoring::DisputeStats>
dispute_statistics(storage::Store& store, const std::string& client, DisputeGroup group) {
    struct Keys {
        std::string client, branch, shopper;
    };
    const auto key_of = [group](const Keys& k) {
        return group == DisputeGroup::Client   ? k.client
               : group == DisputeGroup::Branch ? k.branch
                                               : k.shopper;
    };
    std::vector<scoring::DisputeVisitFact> visits;
    const std::vector<storage::Dispute> points = store.disputes({client, "", ""});
    for (const storage::ReleasedVisit& v : store.released_visits(client))
        visits.push_back({key_of({v.client, v.branch, v.shopper}), v.uuid});
    std::vector<scoring::DisputePointFact> facts;
    for (const storage::Dispute& d : points) {
        scoring::DisputePointFact f;
        f.key = key_of({d.client, d.branch, d.shopper});
        f.visit = d.visit_uuid;
        f.decision = d.decision;
        f.changed = d.status == "decided" && d.decision != "rejected" &&
                    d.decided_answer != d.original_answer;
        if (d.status == "decided")
            f.days_to_decide = days_between(d.opened_at, d.decided_at);
        facts.push_back(std::move(f));
    }
    return scoring::dispute_stats(visits, facts);
}

} // namespace vs::services

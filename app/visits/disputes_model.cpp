#include "app/visits/disputes_model.h"

#include "forms/error.h"

#include <algorithm>
#include <fmt/core.h>
#include <map>

namespace vs::app {
namespace {

/// The visit's scorecard, read once per visit.
class QuestionTexts {
  public:
    explicit QuestionTexts(storage::Store& store) : m_store(store) {}
    const forms::Question* find(const std::string& visit_uuid, const std::string& question) {
        auto it = m_templates.find(visit_uuid);
        if (it == m_templates.end()) {
            std::shared_ptr<const forms::Template> tpl;
            try {
                if (const auto id = m_store.visit_id_of(visit_uuid))
                    tpl = m_store.load_visit(*id).tpl;
            } catch (const std::exception&) {
                // not readable by this account: the question's id is shown
            }
            it = m_templates.emplace(visit_uuid, std::move(tpl)).first;
        }
        if (!it->second)
            return nullptr;
        const int qi = it->second->find_question(question);
        return qi < 0 ? nullptr : &it->second->questions[static_cast<std::size_t>(qi)];
    }

  private:
    storage::Store& m_store;
    std::map<std::string, std::shared_ptr<const forms::Template>> m_templates;
};

std::string percent(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}%", *v * 100) : "\u2014";
}

} // namespace

DisputeRights dispute_rights(AccountRole role) {
    switch (role) {
    case AccountRole::Desk:
    case AccountRole::Admin:
    case AccountRole::Reviewer:
        return {true, true};
    case AccountRole::Client:
        return {true, false};
    case AccountRole::Shopper:
    case AccountRole::None:
        break;
    }
    return {};
}

std::string dispute_column_title(DisputeColumn column) {
    switch (column) {
    case DisputeColumn::Visit:
        return "Visit";
    case DisputeColumn::Branch:
        return "Branch";
    case DisputeColumn::Question:
        return "Question";
    case DisputeColumn::Disputed:
        return "Disputed answer";
    case DisputeColumn::Proposed:
        return "Proposed";
    case DisputeColumn::Reason:
        return "Reason";
    case DisputeColumn::Status:
        return "Status";
    case DisputeColumn::Decision:
        return "Decision";
    }
    return {};
}

std::string answer_label(const forms::Question* q, const std::string& json) {
    if (json.empty())
        return "\u2014";
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded())
        return json;
    const auto option = [q](const std::string& id) {
        if (q)
            if (const int at = q->find_option(id); at >= 0) {
                const forms::Option& o = q->options[static_cast<std::size_t>(at)];
                return o.label.empty() ? o.id : o.label;
            }
        return id;
    };
    if (j.is_null())
        return "\u2014";
    if (j.is_string()) {
        const std::string s = j.get<std::string>();
        if (s == "na")
            return "N/A";
        if (q && (q->type == forms::QuestionType::Choice))
            return option(s);
        return s;
    }
    if (j.is_array()) {
        if (j.empty())
            return "none of these";
        std::string out;
        for (const auto& item : j)
            out += (out.empty() ? "" : ", ") +
                   (item.is_string() ? option(item.get<std::string>()) : item.dump());
        return out;
    }
    if (j.is_number() && q && q->type == forms::QuestionType::Scale && !q->labels.empty()) {
        const int v = j.get<int>();
        const int at = v - q->min;
        if (at >= 0 && static_cast<std::size_t>(at) < q->labels.size() &&
            !q->labels[static_cast<std::size_t>(at)].empty())
            return fmt::format("{} ({})", v, q->labels[static_cast<std::size_t>(at)]);
    }
    return j.dump();
}

std::vector<DisputeRow> dispute_rows(storage::Store& store, const storage::DisputeFilter& filter) {
    std::vector<DisputeRow> rows;
    QuestionTexts texts(store);
    for (storage::Dispute& d : store.disputes(filter)) {
        DisputeRow r;
        const forms::Question* q = texts.find(d.visit_uuid, d.question);
        r.question_text = q && !q->text.empty() ? q->text : d.question;
        r.disputed = answer_label(q, d.original_answer);
        r.proposed = answer_label(q, d.proposed_answer);
        if (d.status == "decided")
            r.standing = answer_label(q, d.decided_answer);
        r.dispute = std::move(d);
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string decision_label(const storage::Dispute& d) {
    if (d.status != "decided")
        return "open";
    return d.decision == "partly" ? "partly accepted" : d.decision;
}

std::string dispute_cell(const DisputeRow& row, DisputeColumn column) {
    const storage::Dispute& d = row.dispute;
    switch (column) {
    case DisputeColumn::Visit:
        return d.visited_at.substr(0, 10);
    case DisputeColumn::Branch:
        return d.branch;
    case DisputeColumn::Question:
        return row.question_text;
    case DisputeColumn::Disputed:
        return row.disputed;
    case DisputeColumn::Proposed:
        return row.proposed;
    case DisputeColumn::Reason:
        return d.reason;
    case DisputeColumn::Status:
        return d.status;
    case DisputeColumn::Decision:
        if (d.status != "decided")
            return "";
        return decision_label(d) + (d.decision == "partly" ? ": " + row.standing : std::string()) +
               " \u2014 " + d.decision_reason;
    }
    return {};
}

std::string dispute_counts_text(const std::vector<DisputeRow>& rows) {
    std::size_t open = 0, overturned = 0;
    for (const DisputeRow& r : rows) {
        open += r.dispute.status != "decided";
        overturned += r.dispute.status == "decided" && r.dispute.decision != "rejected";
    }
    std::string text = fmt::format("{} dispute point{}", rows.size(), rows.size() == 1 ? "" : "s");
    if (!rows.empty())
        text += fmt::format(": {} open, {} decided ({} overturned)", open, rows.size() - open,
                            overturned);
    return text;
}

DisputableVisit disputable_visit(storage::Store& store, std::int64_t visit_id) {
    const storage::StoredVisit stored = store.load_visit(visit_id);
    const forms::Visit& v = stored.visit;
    if (v.status != forms::Status::Approved)
        throw InputError("", "visit",
                         "visit " + v.uuid + " is " + std::string(forms::to_string(v.status)) +
                             ": only a released (approved) visit is disputed");
    DisputableVisit out;
    out.uuid = v.uuid;
    out.tpl = stored.tpl;
    const forms::Template& tpl = *stored.tpl;
    out.label = v.visited_at.substr(0, 10) + " \u00b7 " + v.branch +
                (v.branch_name.empty() ? "" : " " + v.branch_name) + " \u00b7 " +
                (tpl.name.empty() ? tpl.id : tpl.name) + " v" + std::to_string(tpl.version);
    const std::vector<storage::Dispute> points = store.disputes({"", "", v.uuid});
    out.points = points.size();
    out.max_points = services::dispute_max_per_visit(store);
    for (const forms::Question& q : tpl.questions) {
        DisputableQuestion dq;
        dq.question = &q;
        if (q.section >= 0 && static_cast<std::size_t>(q.section) < tpl.sections.size())
            dq.section = tpl.sections[static_cast<std::size_t>(q.section)].title;
        const auto it = v.answers.find(q.id);
        dq.answer_json = it == v.answers.end() || it->is_null() ? std::string() : it->dump();
        dq.answer = answer_label(&q, dq.answer_json);
        dq.open_point = std::any_of(points.begin(), points.end(), [&](const storage::Dispute& d) {
            return d.question == q.id && d.status == "open";
        });
        out.questions.push_back(std::move(dq));
    }
    return out;
}

std::string decide_refusal_text(storage::Store& store, const storage::Dispute& d,
                                const std::string& who) {
    if (d.status == "decided")
        return "This point was decided already (" + decision_label(d) + " by " + d.decided_by +
               " on " + d.decided_at.substr(0, 10) + ").";
    const std::string approver = store.approver(d.visit_uuid);
    if (!approver.empty() && approver == who)
        return "You (" + who + ") approved this visit: a dispute on it is decided by someone " +
               "who did not review it. Ask another reviewer or an admin to decide it.";
    return "";
}

std::vector<std::string> dispute_stats_titles(services::DisputeGroup group) {
    return {group == services::DisputeGroup::Client   ? "Client"
            : group == services::DisputeGroup::Branch ? "Branch"
                                                      : "Shopper",
            "Released visits",
            "Dispute rate",
            "Points decided",
            "Overturned",
            "Visits changed",
            "Median days to decide"};
}

std::vector<DisputeStatsRow> dispute_stats_rows(storage::Store& store, const std::string& client,
                                                services::DisputeGroup group) {
    std::vector<DisputeStatsRow> rows;
    std::vector<scoring::DisputeStats> stats = services::dispute_statistics(store, client, group);
    // The groups with points first (most disputed first), then the rest by key.
    std::stable_sort(stats.begin(), stats.end(), [](const auto& a, const auto& b) {
        return a.dispute_rate.value_or(0) > b.dispute_rate.value_or(0);
    });
    for (const scoring::DisputeStats& s : stats) {
        DisputeStatsRow r;
        r.key = s.key;
        r.released = std::to_string(s.released);
        r.rate = percent(s.dispute_rate);
        r.decided = std::to_string(s.decided);
        r.overturned = s.overturned_rate
                           ? fmt::format("{} ({})", s.overturned, percent(s.overturned_rate))
                           : std::to_string(s.overturned);
        r.changed = fmt::format("{} ({})", s.changed_visits, percent(s.changed_rate));
        r.median_days = s.median_days ? fmt::format("{:.1f}", *s.median_days) : "\u2014";
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace vs::app

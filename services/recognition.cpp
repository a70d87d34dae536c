#include "services/recognition.h"

#include "exports/pseudonym.h"
#include "exports/recognition_redact.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "services/recognition_view.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

namespace vs::services {

std::optional<std::string> checked_recognition_setting(const std::string& key,
                                                       const std::string& value) {
    if (key != kRecognitionSectionsSetting && key != kRecognitionWordsSetting)
        return std::nullopt;
    const std::vector<std::string> items = scoring::recognition_word_list(value);
    std::string out;
    for (const std::string& item : items) {
        if (key == kRecognitionSectionsSetting) {
            const bool id =
                item == "*" || (item[0] >= 'a' && item[0] <= 'z' &&
                                item.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                       "0123456789_") == std::string::npos);
            if (!id)
                throw InputError("", key,
                                 "\"" + item +
                                     "\" is not a section id ([a-z][a-z0-9_]*) or * for every "
                                     "section");
        } else if (std::none_of(item.begin(), item.end(), [](unsigned char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
                   })) {
            throw InputError("", key, "\"" + item + "\" is not a word of praise");
        }
        out += (out.empty() ? "" : ",") + item;
    }
    return out;
}

scoring::RecognitionRules recognition_rules(const std::map<std::string, std::string>& stored) {
    const auto value = [&](const char* key) {
        const auto it = stored.find(key);
        return it == stored.end() ? std::string() : it->second;
    };
    scoring::RecognitionRules rules;
    rules.sections = scoring::recognition_word_list(value(kRecognitionSectionsSetting));
    rules.praise_words = scoring::recognition_word_list(value(kRecognitionWordsSetting));
    return rules;
}

scoring::RecognitionRules recognition_rules(storage::Store& store) {
    return recognition_rules(
        store.settings({kRecognitionSectionsSetting, kRecognitionWordsSetting}));
}

std::vector<scoring::Recognition> recognition(storage::Store& store,
                                              const storage::VisitFilter& filter,
                                              const std::set<std::string>& branches) {
    return recognition(store, filter, recognition_rules(store), branches);
}

namespace {

/// The staff recognition matches comments against, per client: each member at each branch
/// once, in the order placed; a name learned from any source fills the member's.
class StaffBook {
  public:
    void place(const std::string& client, const std::string& code, std::string name,
               const std::string& branch) {
        if (code.empty())
            return;
        auto [it, added] = m_names.try_emplace({client, code}, name);
        if (!added && name.empty())
            name = it->second;
        else if (it->second.empty())
            it->second = name;
        if (m_placed.insert({client, code, branch}).second)
            m_staff[client].push_back({code, name, branch});
    }

    /// The clients' employees as the store keeps them, with their branches.
    void place_employees(storage::Store& store, const std::set<std::string>& clients) {
        if (clients.empty())
            return;
        for (const storage::OrgEntity& c :
             store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
            if (clients.count(c.name))
                for (const storage::OrgEntity& e :
                     store.org_list(storage::OrgKind::Employee, c.id, true, false))
                    place(c.name, e.code, e.name, e.parent);
    }

    /// Each client's staff, with the names learned after a member was placed.
    std::map<std::string, std::vector<scoring::RecognitionStaff>> take() {
        for (auto& [client, list] : m_staff)
            for (scoring::RecognitionStaff& member : list)
                if (member.name.empty())
                    member.name = m_names[{client, member.code}];
        return std::move(m_staff);
    }

  private:
    std::map<std::string, std::vector<scoring::RecognitionStaff>> m_staff;
    std::map<std::pair<std::string, std::string>, std::string> m_names;   // (client, code) -> name
    std::set<std::tuple<std::string, std::string, std::string>> m_placed; // client, code, branch
};

/// A stored visit as recognition reads it: each section's score (`scores`, in the
/// scorecard's order) and how many of its visible scored questions were answered, or NA.
scoring::RecognitionVisit
recognition_visit(const forms::Template* tpl, const forms::VisitHeader& visit,
                  const nlohmann::json& answers, const std::map<std::string, std::string>& comments,
                  const std::string& summary, const std::vector<std::optional<double>>& scores) {
    scoring::RecognitionVisit v;
    v.uuid = visit.uuid;
    v.visited_at = visit.visited_at;
    v.client = visit.client;
    v.branch = visit.branch;
    v.employee = visit.employee;
    v.comments = comments;
    v.summary = summary;
    if (!tpl)
        return v;
    for (std::size_t s = 0; s < tpl->sections.size(); ++s) {
        const forms::Section& sec = tpl->sections[s];
        scoring::RecognitionSection rs;
        rs.id = sec.id;
        rs.title = sec.title;
        if (s < scores.size())
            rs.score = scores[s];
        // A stored visit's answers leave hidden questions out.
        for (int q = sec.first; q < sec.last; ++q) {
            const forms::Question& question = tpl->questions[static_cast<std::size_t>(q)];
            if (!question.scored() || question.points <= 0 || !answers.contains(question.id))
                continue;
            const nlohmann::json& a = answers[question.id];
            if (a.is_string() && a.get<std::string>() == "na")
                ++rs.na;
            else if (!a.is_null())
                ++rs.answered;
        }
        v.sections.push_back(std::move(rs));
    }
    return v;
}

bool has_perfect_section(const scoring::RecognitionVisit& v,
                         const scoring::RecognitionScreen& screen) {
    return std::any_of(v.sections.begin(), v.sections.end(),
                       [&](const scoring::RecognitionSection& s) { return screen.perfect(s); });
}

/// Gives the sections of visit `v`, one with a perfect section, the staff its record attributes
/// them to (`section_employees`).
void attribute_sections(scoring::RecognitionVisit& v,
                        const std::map<std::string, std::string>& section_employees,
                        StaffBook& staff) {
    for (scoring::RecognitionSection& s : v.sections)
        if (auto it = section_employees.find(s.id); it != section_employees.end()) {
            s.employee = it->second;
            staff.place(v.client, it->second, "", v.branch);
        }
}

} // namespace

std::vector<scoring::Recognition> recognition(storage::Store& store,
                                              const storage::VisitFilter& filter,
                                              const scoring::RecognitionRules& rules,
                                              const std::set<std::string>& branches) {
    storage::VisitFilter approved = filter;
    approved.statuses = {forms::Status::Approved};
    approved.calibration = false;

    const scoring::RecognitionScreen screen(rules);

    // Every stored scorecard version, read before the visits stream (the store is asked nothing
    // while they do: a server store reads them in a snapshot transaction of its connection, and
    // another statement cannot start then).
    std::map<std::pair<std::string, int>, std::shared_ptr<const forms::Template>> templates;
    for (const auto& [id, version] : store.template_versions())
        templates.emplace(std::make_pair(id, version), store.find_template(id, version));

    // Staff: each client's employees with their branches, then the staff the visits name, at
    // the visits' branches (an employee stored without a branch is of the branches where they
    // were seen). Codes are a client's own: each client is recognised on its own.
    StaffBook staff;

    // The visits stream past: only those the rules may recognise are kept, with their
    // comments (memory follows the recognitions, not the visits).
    std::set<std::string> clients;
    std::vector<scoring::RecognitionVisit> visits;
    store.visit_details(approved, [&](const storage::VisitDetail& d) {
        if (!branches.empty() && !branches.count(d.branch))
            return;
        clients.insert(d.client);
        staff.place(d.client, d.employee, d.employee_name, d.branch);
        const auto t = templates.find({d.template_id, d.template_version});
        const std::shared_ptr<const forms::Template> tpl =
            t == templates.end() ? nullptr : t->second;
        if (tpl && forms::is_survey(*tpl))
            return; // customer survey responses are not mystery visits
        scoring::RecognitionVisit v =
            recognition_visit(tpl.get(), d, d.answers, d.comments, d.summary, d.section_scores);
        if (screen.may_recognise(v))
            visits.push_back(std::move(v));
    });

    // Then what the store knows: the clients' staff, and the section attributions of the
    // visits kept with a perfect section.
    staff.place_employees(store, clients);
    for (scoring::RecognitionVisit& v : visits) {
        if (!has_perfect_section(v, screen))
            continue;
        const auto id = store.visit_id_of(v.uuid);
        if (!id)
            continue;
        attribute_sections(v, store.load_visit(*id).visit.section_employees, staff);
    }
    std::map<std::string, std::vector<scoring::RecognitionStaff>> staff_of = staff.take();
    std::map<std::string, std::vector<scoring::RecognitionVisit>> visits_of;
    for (scoring::RecognitionVisit& v : visits)
        visits_of[v.client].push_back(std::move(v));
    std::vector<scoring::Recognition> out;
    for (const auto& [client, list] : visits_of)
        for (scoring::Recognition& r : scoring::recognise(list, staff_of[client], rules))
            out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(),
                     [](const scoring::Recognition& a, const scoring::Recognition& b) {
                         return std::tie(a.visited_at, a.visit) < std::tie(b.visited_at, b.visit);
                     });
    return out;
}

std::vector<scoring::Recognition> visit_recognition(storage::Store& store,
                                                    const storage::StoredVisit& stored,
                                                    const scoring::VisitResult& result,
                                                    const scoring::RecognitionRules& rules) {
    const forms::Visit& visit = stored.visit;
    if (visit.status != forms::Status::Approved || !visit.calibration.empty() || !stored.tpl ||
        forms::is_survey(*stored.tpl))
        return {};
    std::vector<std::optional<double>> scores;
    for (const scoring::SectionResult& s : result.sections)
        scores.push_back(s.score);
    std::vector<scoring::RecognitionVisit> visits;
    visits.push_back(recognition_visit(stored.tpl.get(), visit, visit.answers, visit.comments,
                                       visit.summary, scores));
    const scoring::RecognitionScreen screen(rules);
    if (!screen.may_recognise(visits.front()))
        return {};
    StaffBook staff;
    staff.place(visit.client, visit.employee, visit.employee_name, visit.branch);
    staff.place_employees(store, {visit.client});
    if (has_perfect_section(visits.front(), screen))
        attribute_sections(visits.front(), visit.section_employees, staff);
    return scoring::recognise(visits, staff.take()[visit.client], rules);
}

std::vector<scoring::Recognition> client_recognition(storage::Store& store,
                                                     const storage::VisitFilter& filter,
                                                     const std::string* pseudonym_key,
                                                     const std::set<std::string>& branches) {
    std::vector<scoring::Recognition> rows = recognition(store, filter, branches);
    exports::Redactor redact;
    // The shoppers of the recognised visits' clients, and each recognised visit's own.
    std::set<std::string> clients, visits;
    for (const scoring::Recognition& r : rows) {
        clients.insert(r.client);
        visits.insert(r.visit);
    }
    try {
        for (const std::string& uuid : visits)
            if (const auto id = store.visit_id_of(uuid)) {
                const storage::StoredVisit stored = store.load_visit(*id);
                redact.add(stored.visit.shopper, "[shopper]");
                redact.add(stored.visit.shopper_name, "[shopper]");
            }
    } catch (const std::exception&) {
        // An account that may not read a visit's shopper learns no name here; on a server, a
        // client's account reads the texts already redacted (pg_server.cpp's client views).
    }
    try {
        for (const storage::OrgEntity& c :
             store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
            if (clients.count(c.name))
                for (const storage::OrgEntity& s :
                     store.org_list(storage::OrgKind::Shopper, c.id, true, false)) {
                    redact.add(s.code, "[shopper]");
                    redact.add(s.name, "[shopper]");
                }
    } catch (const std::exception&) {
        // An account that may not read the shoppers learns no name here: for a client's account
        // on a server (which reads only the placeholder shopper and, where it is set so,
        // pseudonymised staff), the server's client views give the texts with the client's
        // shoppers' codes and names as '[shopper]' and its staff's as their pseudonyms.
    }
    auto pseudonym = [&](const std::string& client, const std::string& code) {
        return exports::staff_pseudonym(*pseudonym_key, client, code);
    };
    if (pseudonym_key)
        exports::add_recognised_staff(redact, rows, pseudonym);
    for (scoring::Recognition& r : rows) {
        const std::string p =
            pseudonym_key && !r.employee.empty() ? pseudonym(r.client, r.employee) : "";
        r = exports::redacted_recognition(std::move(r), redact, p.empty() ? nullptr : &p);
    }
    return rows;
}

} // namespace vs::services

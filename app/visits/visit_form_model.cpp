#include "app/visits/visit_form_model.h"

#include "forms/answer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <tuple>

namespace vs::app {

VisitFormModel::VisitFormModel(std::shared_ptr<const forms::Template> tpl, forms::Visit visit)
    : m_tpl(std::move(tpl)), m_visit(std::move(visit)) {
    m_answers = forms::typed_answers(*m_tpl, m_visit.answers, "", "visit " + m_visit.uuid);
    update();
}

forms::Visit VisitFormModel::to_visit() const {
    forms::Visit v = m_visit;
    v.answers = forms::answers_to_json(*m_tpl, m_answers);
    return v;
}

bool VisitFormModel::set_answer(int qi, forms::Answer answer) {
    auto& slot = m_answers.at(static_cast<std::size_t>(qi));
    if (slot == answer)
        return false;
    slot = std::move(answer);
    if (m_visit.evidence.first_answer_at.empty())
        m_visit.evidence.first_answer_at = clock();
    ++m_revision;
    update();
    return true;
}

std::string VisitFormModel::utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

void VisitFormModel::mark_opened() {
    if (!m_visit.evidence.opened_at.empty())
        return;
    m_visit.evidence.opened_at = clock();
    ++m_revision;
}

void VisitFormModel::mark_submitted() {
    m_visit.evidence.submitted_at = clock();
    ++m_revision;
}

std::string VisitFormModel::comment(int qi) const {
    auto it = m_visit.comments.find(m_tpl->questions.at(static_cast<std::size_t>(qi)).id);
    return it == m_visit.comments.end() ? std::string() : it->second;
}

bool VisitFormModel::set_comment(int qi, const std::string& text) {
    const std::string& id = m_tpl->questions.at(static_cast<std::size_t>(qi)).id;
    if (comment(qi) == text)
        return false;
    if (text.empty())
        m_visit.comments.erase(id);
    else
        m_visit.comments[id] = text;
    ++m_revision;
    return true;
}

bool VisitFormModel::set_summary(const std::string& text) {
    if (m_visit.summary == text)
        return false;
    m_visit.summary = text;
    ++m_revision;
    return true;
}

bool VisitFormModel::set_header(const forms::Visit& header) {
    auto key = [](auto& v) {
        return std::tie(v.branch, v.branch_name, v.employee, v.employee_name, v.shopper,
                        v.shopper_name, v.visited_at);
    };
    if (key(m_visit) == key(header))
        return false;
    key(m_visit) = key(header);
    ++m_revision;
    return true;
}

bool VisitFormModel::section_visible(int si) const {
    const forms::Section& s = m_tpl->sections.at(static_cast<std::size_t>(si));
    for (int q = s.first; q < s.last; ++q)
        if (visible(q))
            return true;
    return false;
}

bool VisitFormModel::required(int qi) const {
    return m_tpl->questions.at(static_cast<std::size_t>(qi)).type != forms::QuestionType::Text;
}

SectionProgress VisitFormModel::progress(int si) const {
    SectionProgress p;
    const forms::Section& s = m_tpl->sections.at(static_cast<std::size_t>(si));
    p.visible = section_visible(si);
    for (int q = s.first; q < s.last; ++q) {
        if (!visible(q) || !required(q))
            continue;
        ++p.required;
        if (answer(q).answered())
            ++p.answered;
    }
    return p;
}

std::vector<int> VisitFormModel::missing() const {
    std::vector<int> out;
    for (int q = 0; q < static_cast<int>(m_tpl->questions.size()); ++q)
        if (visible(q) && required(q) && !answer(q).answered())
            out.push_back(q);
    return out;
}

std::optional<std::string> VisitFormModel::submit_problem() const {
    std::vector<int> miss = missing();
    if (!miss.empty()) {
        std::string text = std::to_string(miss.size()) +
                           (miss.size() == 1 ? " question is" : " questions are") +
                           " not answered yet:";
        for (std::size_t i = 0; i < miss.size() && i < 5; ++i) {
            const forms::Question& q = m_tpl->questions[static_cast<std::size_t>(miss[i])];
            text += "\n• " + m_tpl->sections[static_cast<std::size_t>(q.section)].title + ": " +
                    (q.text.empty() ? q.id : q.text);
        }
        if (miss.size() > 5)
            text += "\n• … and " + std::to_string(miss.size() - 5) + " more";
        text += "\nAnswer them (N/A where the question allows it), then submit again.";
        return text;
    }
    if (!m_result.meets_min_applicable(*m_tpl)) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "Only %.0f%% of the scorecard applied to this visit; \"%s\" needs at least "
                      "%.0f%%. Too many questions are N/A or hidden: check the scenario answers, "
                      "or ask your coordinator whether the visit should be repeated.",
                      100 * m_result.applicable.value_or(0), m_tpl->name.c_str(),
                      100 * m_tpl->min_applicable);
        return std::string(buf);
    }
    return std::nullopt;
}

void VisitFormModel::update() {
    m_visible = forms::visible_questions(*m_tpl, m_answers);
    m_result = scoring::score_visit(*m_tpl, m_answers);
}

std::chrono::milliseconds AutosaveSchedule::on_change(Clock::time_point now) {
    if (!m_pending) {
        m_pending = true;
        m_first = now;
    }
    auto deadline = std::min(now + m_debounce, m_first + m_limit);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    return std::max(wait, std::chrono::milliseconds(0));
}

std::string format_score(const std::optional<double>& value) {
    if (!value)
        return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", scoring::round1(*value));
    return buf;
}

std::string status_label(forms::Status status) {
    switch (status) {
    case forms::Status::Draft:
        return "Draft";
    case forms::Status::Submitted:
        return "Submitted";
    case forms::Status::Approved:
        return "Approved";
    case forms::Status::Returned:
        return "Returned";
    case forms::Status::Excluded:
        return "Excluded";
    }
    return "";
}

int score_standing(double score, double target) {
    if (score >= target)
        return 1;
    return score >= target - 5 ? 0 : -1;
}

} // namespace vs::app

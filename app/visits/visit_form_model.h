#pragma once
// The scorecard form without windows: answers, comments and summary of one visit, live
// visibility (show_if), completion per section, the live score and the checks before submitting.
// The form widgets (visit_page.cpp and answer_inputs/) only draw this model and forward edits
// to it; tests drive it directly.

#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::app {

/// Answered and required questions of one section, as the section index shows them.
struct SectionProgress {
    int answered = 0;
    int required = 0;
    bool visible = true;
    bool complete() const { return answered >= required; }
};

class VisitFormModel {
  public:
    /// Starts from a stored visit; its answers are typed against `tpl` (InputError when wrong).
    VisitFormModel(std::shared_ptr<const forms::Template> tpl, forms::Visit visit);

    const forms::Template& tpl() const { return *m_tpl; }
    std::shared_ptr<const forms::Template> tpl_ptr() const { return m_tpl; }
    /// The visit as it should be stored: the header with the current answers, comments, summary.
    forms::Visit to_visit() const;
    /// The visit's header fields (client, branch, …), as loaded.
    const forms::Visit& header() const { return m_visit; }

    const forms::Answers& answers() const { return m_answers; }
    const forms::Answer& answer(int qi) const { return m_answers[static_cast<std::size_t>(qi)]; }
    /// Sets an answer; returns true when it changed (visibility and score are updated).
    bool set_answer(int qi, forms::Answer answer);
    /// The comment on a question ("" when none).
    std::string comment(int qi) const;
    /// Sets a question's comment; returns true when it changed.
    bool set_comment(int qi, const std::string& text);
    /// Takes the branch, employee, shopper (codes and names) and visited_at of `header`;
    /// returns true when any changed. The scorecard, client and answers stay.
    bool set_header(const forms::Visit& header);
    const std::string& summary() const { return m_visit.summary; }
    /// Sets the summary; returns true when it changed.
    bool set_summary(const std::string& text);

    /// True when the question is shown given the answers so far.
    bool visible(int qi) const { return m_visible[static_cast<std::size_t>(qi)]; }
    /// True when the section is shown given the answers so far.
    bool section_visible(int si) const;
    /// True when a question must be answered before submitting (every type but free text).
    bool required(int qi) const;
    /// Completion of a section.
    SectionProgress progress(int si) const;
    /// The live score (SCORING.md §3) of the current answers.
    const scoring::VisitResult& result() const { return m_result; }

    /// Visible required questions without an answer, in form order.
    std::vector<int> missing() const;
    /// Why the visit cannot be submitted yet (missing answers, min_applicable), or nullopt.
    std::optional<std::string> submit_problem() const;

    /// Evidence of how the form was filled (UTC, ISO 8601 with Z), kept with the draft: when it
    /// was first opened for answering (set once), first answered (set by the first answer)
    /// and last submitted. Each counts as a change, so the autosave keeps it.
    void mark_opened();
    void mark_submitted();
    const forms::Evidence& evidence() const { return m_visit.evidence; }
    /// The clock the evidence reads (tests set their own).
    std::function<std::string()> clock = utc_now;
    static std::string utc_now();

    /// Grows by one with every change; the autosave compares it with the saved revision.
    std::uint64_t revision() const { return m_revision; }

  private:
    void update();

    std::shared_ptr<const forms::Template> m_tpl;
    forms::Visit m_visit;
    forms::Answers m_answers;
    std::vector<bool> m_visible;
    scoring::VisitResult m_result;
    std::uint64_t m_revision = 0;
};

/// When to save after edits: `debounce` after the last change, but never later than `limit`
/// after the first unsaved one. Pure timing logic; the form drives a wxTimer with it.
class AutosaveSchedule {
  public:
    using Clock = std::chrono::steady_clock;
    explicit AutosaveSchedule(std::chrono::milliseconds debounce = std::chrono::milliseconds(300),
                              std::chrono::milliseconds limit = std::chrono::milliseconds(1000))
        : m_debounce(debounce), m_limit(limit) {}

    /// Records a change at `now`; returns how long to wait before saving.
    std::chrono::milliseconds on_change(Clock::time_point now);
    /// Records that everything was saved.
    void on_saved() { m_pending = false; }
    /// True when a change is waiting to be saved.
    bool pending() const { return m_pending; }

  private:
    std::chrono::milliseconds m_debounce;
    std::chrono::milliseconds m_limit;
    Clock::time_point m_first{};
    bool m_pending = false;
};

/// "85.3", or "—" when NA (rounded half away from zero, SCORING.md §3).
std::string format_score(const std::optional<double>& value);
/// "Draft", "Submitted", … for people.
std::string status_label(forms::Status status);
/// How a score stands against a target: 1 above, 0 near (within 5 points), -1 below.
int score_standing(double score, double target);

} // namespace vs::app

#include "tests/app/scripted_typing.h"

#include "app/shell/main_frame.h"
#include "app/visits/visit_page.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <wx/timer.h>

namespace vs::app {

forms::Answer scripted_answer(const forms::Question& q, int n) {
    using forms::Answer;
    using forms::QuestionType;
    switch (q.type) {
    case QuestionType::YesNo:
        return Answer::text(n % 3 == 2 ? "no" : "yes");
    case QuestionType::Scale:
        return Answer::number(q.min + n % (q.max - q.min + 1));
    case QuestionType::Choice:
        return Answer::text(q.options[static_cast<std::size_t>(n) % q.options.size()].id);
    case QuestionType::Checklist:
        return Answer::list({q.options[static_cast<std::size_t>(n) % q.options.size()].id});
    case QuestionType::Number:
        return Answer::number(1 + n % 7);
    case QuestionType::Nps:
        return Answer::number(n % 11);
    case QuestionType::Text:
        return Answer::text("typed note " + std::to_string(n));
    }
    return {};
}

namespace {

long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class Typist : public wxTimer {
  public:
    Typist(MainFrame* frame, std::FILE* log) : m_frame(frame), m_log(log) {}
    ~Typist() override { std::fclose(m_log); }

    void Notify() override {
        VisitPage* page = m_frame->visit_page();
        VisitFormModel* model = page->model();
        if (!model)
            return;
        const auto& tpl = model->tpl();
        for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
            if (!model->visible(qi) || model->answer(qi).answered())
                continue;
            const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
            if (m_step % 4 == 3 && model->comment(qi).empty()) {
                std::string text = "comment " + std::to_string(m_step);
                page->comment_from_ui(qi, text);
                std::fprintf(m_log, "%lld\tcomment:%s\t%s\n", unix_ms(), q.id.c_str(),
                             text.c_str());
            } else {
                forms::Answer a = scripted_answer(q, m_step);
                page->answer_from_ui(qi, a);
                std::fprintf(m_log, "%lld\t%s\t%s\n", unix_ms(), q.id.c_str(),
                             a.to_json().dump().c_str());
            }
            std::fflush(m_log);
            ++m_step;
            return;
        }
        Stop(); // everything answered
        std::fprintf(m_log, "%lld\tdone\t\n", unix_ms());
        std::fflush(m_log);
    }

  private:
    MainFrame* m_frame;
    std::FILE* m_log;
    int m_step = 0;
};

} // namespace

void start_test_typing(MainFrame* frame) {
    const char* path = std::getenv("VISITSCORE_TEST_TYPING");
    if (!path || !*path)
        return;
    std::FILE* log = std::fopen(path, "a");
    if (!log)
        return;
    int interval = 120;
    if (const char* i = std::getenv("VISITSCORE_TEST_INTERVAL"))
        interval = std::max(10, std::atoi(i));
    auto* typist = new Typist(frame, log);
    frame->Bind(wxEVT_DESTROY, [typist, frame](wxWindowDestroyEvent& e) {
        if (e.GetEventObject() == frame)
            delete typist;
        e.Skip();
    });
    std::fprintf(log, "%lld\tstart\t\n", unix_ms());
    std::fflush(log);
    typist->Start(interval);
}

} // namespace vs::app

#include "storage/prepare.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/survey.h"
#include "scoring/facts.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <utility>

namespace vs::storage {

namespace {

/// FNV-1a over typed, length-prefixed fields: a canonical hash without serialising to text.
class Fnv {
  public:
    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            m_h ^= p[i];
            m_h *= 1099511628211ULL;
        }
    }
    void tag(char t) { bytes(&t, 1); }
    void u64(std::uint64_t v) { bytes(&v, sizeof v); }
    void str(std::string_view s) {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void json(const nlohmann::json& j) {
        using T = nlohmann::json::value_t;
        switch (j.type()) {
        case T::object:
            tag('o');
            u64(j.size());
            for (const auto& [key, value] : j.items()) {
                str(key);
                json(value);
            }
            break;
        case T::array:
            tag('a');
            u64(j.size());
            for (const auto& value : j)
                json(value);
            break;
        case T::string:
            tag('s');
            str(j.get_ref<const std::string&>());
            break;
        case T::boolean:
            tag(j.get<bool>() ? 't' : 'f');
            break;
        case T::number_integer:
        case T::number_unsigned:
        case T::number_float: {
            // 4 and 4.0 are the same answer
            tag('n');
            double d = j.get<double>();
            bytes(&d, sizeof d);
            break;
        }
        default:
            tag('z');
        }
    }
    void map(const std::map<std::string, std::string>& m) {
        u64(m.size());
        for (const auto& [k, v] : m) {
            str(k);
            str(v);
        }
    }
    std::int64_t value() const { return static_cast<std::int64_t>(m_h); }

  private:
    std::uint64_t m_h = 1469598103934665603ULL;
};

void append_answer(std::string& out, const forms::Answer& a) {
    switch (a.kind()) {
    case forms::Answer::Kind::None:
        out += "null";
        break;
    case forms::Answer::Kind::Na:
        out += "\"na\"";
        break;
    case forms::Answer::Kind::Text:
        forms::append_json_string(out, a.str());
        break;
    case forms::Answer::Kind::Number: {
        char buf[32];
        double v = a.num();
        auto res = (v == std::floor(v) && std::abs(v) < 9e15)
                       ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v))
                       : std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, res.ptr);
        break;
    }
    case forms::Answer::Kind::List:
        out += '[';
        for (std::size_t i = 0; i < a.items().size(); ++i) {
            if (i)
                out += ',';
            forms::append_json_string(out, a.items()[i]);
        }
        out += ']';
        break;
    }
}

} // namespace

std::int64_t visit_hash(const forms::Visit& v) {
    Fnv h;
    for (const std::string* s :
         {&v.uuid, &v.template_id, &v.client, &v.region, &v.branch, &v.branch_name, &v.employee,
          &v.employee_name, &v.shopper, &v.shopper_name, &v.visited_at, &v.summary, &v.calibration})
        h.str(*s);
    h.u64(static_cast<std::uint64_t>(v.template_version));
    h.u64(static_cast<std::uint64_t>(v.status));
    h.u64(v.reference ? 1 : 0);
    h.map(v.section_employees);
    h.map(v.comments);
    h.json(v.answers);
    // Hashed only when set, so that a visit stored before visits had them keeps its hash.
    if (!v.assignment.empty() || !v.evidence.empty())
        for (const std::string* s : {&v.assignment, &v.evidence.opened_at,
                                     &v.evidence.first_answer_at, &v.evidence.submitted_at})
            h.str(*s);
    return h.value();
}

std::string answers_json(const forms::Template& tpl, const forms::Answers& answers) {
    std::string out = "{";
    out.reserve(32 * tpl.questions.size());
    for (std::size_t i = 0; i < tpl.questions.size() && i < answers.size(); ++i) {
        if (!answers[i].answered())
            continue;
        if (out.size() > 1)
            out += ',';
        forms::append_json_string(out, tpl.questions[i].id);
        out += ':';
        append_answer(out, answers[i]);
    }
    out += '}';
    return out;
}

std::string string_map_json(const std::map<std::string, std::string>& m) {
    std::string out = "{";
    for (const auto& [k, v] : m) {
        if (out.size() > 1)
            out += ',';
        forms::append_json_string(out, k);
        out += ':';
        forms::append_json_string(out, v);
    }
    out += '}';
    return out;
}

PreparedVisit prepare_visit(const forms::Template& tpl, const forms::Visit& visit,
                            const std::string& file, const std::string& where) {
    PreparedVisit p;
    p.visit = &visit;
    p.answers = forms::check_visit(tpl, visit, file, where);
    p.result = scoring::score_visit(tpl, p.answers);
    if (visit.status != forms::Status::Draft && !p.result.meets_min_applicable(tpl)) {
        char share[32];
        std::snprintf(share, sizeof share, "%.0f%%", 100 * p.result.applicable.value_or(0));
        char need[32];
        std::snprintf(need, sizeof need, "%.0f%%", 100 * tpl.min_applicable);
        throw InputError(file, where,
                         std::string("only ") + share + " of the scorecard applied; \"" + tpl.id +
                             "\" needs at least " + need + " (min_applicable)");
    }
    p.day = *forms::parse_day(visit.visited_at);
    p.source_hash = visit_hash(visit);
    p.answers_json = answers_json(tpl, p.answers);
    p.comments_json = string_map_json(visit.comments);
    p.critical_failures_json = nlohmann::json(p.result.critical_failures).dump();
    // The visit's rating: a customer survey's is its scorecard's first nps question, answered
    // or not (SCORING.md §10: a response that skipped it gives no rating); a mystery visit's is
    // its first answered nps question.
    const bool survey = forms::is_survey(tpl);
    for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
        if (tpl.questions[i].type != forms::QuestionType::Nps)
            continue;
        if (p.answers[i].answered() && !p.answers[i].is_na())
            p.nps = static_cast<int>(p.answers[i].num());
        if (p.nps >= 0 || survey)
            break;
    }
    p.section_values.reserve(tpl.sections.size() * kSectionValues);
    for (const auto& s : p.result.sections) {
        p.section_values.push_back(s.raw.value_or(scoring::kNa));
        p.section_values.push_back(s.score.value_or(scoring::kNa));
        p.section_values.push_back(s.earned);
        p.section_values.push_back(s.possible);
        p.section_values.push_back(s.critical_failure ? 1.0 : 0.0);
    }
    const std::vector<bool> visible = forms::visible_questions(tpl, p.answers);
    p.question_values.resize(tpl.questions.size(), scoring::kNa);
    for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
        const forms::Question& q = tpl.questions[i];
        if (!visible[i] || !q.scored() || !p.answers[i].answered())
            continue;
        p.question_values[i] = p.answers[i].is_na()
                                   ? scoring::kAnswerNa
                                   : scoring::fraction(q, p.answers[i]).value_or(scoring::kNa);
    }
    return p;
}

namespace {

constexpr std::size_t kBatch = 256;      // visits handed over at once
constexpr std::size_t kQueueBatches = 4; // batches prepared ahead of the consumer at most

/// Unwinds the source when the consumer has gone (an error or Cancelled on its side).
struct Stopped {};

} // namespace

struct PreparedStream::State {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::vector<std::unique_ptr<ImportItem>>> queue;
    std::vector<std::vector<std::unique_ptr<ImportItem>>> spent; ///< stored: the worker frees them
    bool ended = false;                                          ///< the worker has finished
    bool discard = false;              ///< finish(): read to the end, hand nothing out
    std::atomic<bool> stop = false;    ///< the consumer has gone: stop as soon as possible
    std::atomic<std::size_t> done = 0; ///< the source's progress
    std::exception_ptr error;
};

PreparedStream::PreparedStream(forms::VisitSource source, TemplateFinder find, std::string file)
    : m_find(std::move(find)), m_file(std::move(file)), m_state(std::make_unique<State>()) {
    m_worker = std::thread([this, source = std::move(source)] { run(source); });
}

PreparedStream::~PreparedStream() {
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stop = true;
    }
    m_state->changed.notify_all();
    m_worker.join();
}

void PreparedStream::run(const forms::VisitSource& source) {
    std::exception_ptr error;
    try {
        source([this](forms::Visit&& visit, std::size_t done) { accept(std::move(visit), done); });
        if (m_check_error)
            error = std::make_exception_ptr(*m_check_error);
        else if (!m_batch.empty())
            deliver(std::exchange(m_batch, {}));
    } catch (const Stopped&) {
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard lock(m_state->mutex);
        m_state->error = error;
        m_state->ended = true;
    }
    m_state->changed.notify_all();
}

void PreparedStream::accept(forms::Visit&& visit, std::size_t done) {
    if (m_state->stop)
        throw Stopped{};
    const std::size_t index = m_count++;
    m_state->done = done;
    if (m_check_error)
        return; // only the source's own errors can still rank before it
    auto item = std::make_unique<ImportItem>();
    item->visit = std::move(visit);
    item->index = index;
    item->done = done;
    const forms::Visit& v = item->visit;
    const std::string where = "visits[" + std::to_string(index) + "] (" + v.uuid + ")";
    try {
        item->tmpl = m_find(v.template_id, v.template_version);
        if (!item->tmpl.tpl)
            throw InputError(m_file, where + ".template",
                             "unknown scorecard \"" + v.template_id + "\" version " +
                                 std::to_string(v.template_version) +
                                 " (import the scorecard first: template import FILE)");
        item->visit.status = forms::import_status(*item->tmpl.tpl, v);
        forms::check_channel_rules(*item->tmpl.tpl, v, m_file, where);
        item->prepared = prepare_visit(*item->tmpl.tpl, v, m_file, where);
        item->visit.answers = nlohmann::json();
        item->prepared.answers = {};
    } catch (const InputError& e) {
        m_check_error = e;
        m_batch.clear();
        return;
    }
    m_batch.push_back(std::move(item));
    if (m_batch.size() == kBatch)
        deliver(std::exchange(m_batch, {}));
}

void PreparedStream::deliver(std::vector<std::unique_ptr<ImportItem>>&& batch) {
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [&] {
        return m_state->stop || m_state->discard || m_state->queue.size() < kQueueBatches;
    });
    if (m_state->stop)
        throw Stopped{};
    if (m_state->discard)
        return;
    m_state->queue.push_back(std::move(batch));
    auto spent = std::exchange(m_state->spent, {});
    lock.unlock();
    m_state->changed.notify_all();
    spent.clear(); // freed here, outside the lock
}

const ImportItem* PreparedStream::next(Progress* progress) {
    if (m_next == m_ready.size()) {
        std::unique_lock lock(m_state->mutex);
        if (!m_ready.empty())
            m_state->spent.push_back(std::exchange(m_ready, {}));
        m_next = 0;
        for (;;) {
            if (m_state->ended && m_state->error)
                std::rethrow_exception(m_state->error);
            if (!m_state->queue.empty()) {
                m_ready = std::move(m_state->queue.front());
                m_state->queue.pop_front();
                lock.unlock();
                m_state->changed.notify_all();
                break;
            }
            if (m_state->ended)
                return nullptr;
            if (m_state->changed.wait_for(lock, std::chrono::milliseconds(100)) ==
                    std::cv_status::timeout &&
                progress) {
                lock.unlock();
                if (!progress->update(m_state->done))
                    throw Cancelled{};
                lock.lock();
            }
        }
    }
    return m_ready[m_next++].get();
}

void PreparedStream::finish() {
    m_ready.clear();
    m_next = 0;
    std::unique_lock lock(m_state->mutex);
    m_state->discard = true;
    m_state->queue.clear();
    m_state->changed.notify_all();
    m_state->changed.wait(lock, [&] { return m_state->ended; });
    if (m_state->error)
        std::rethrow_exception(m_state->error);
}

std::vector<scoring::SectionResult> decode_sections(const double* v, std::size_t sections) {
    std::vector<scoring::SectionResult> out(sections);
    for (std::size_t i = 0; i < sections; ++i) {
        auto opt = [](double x) { return std::isnan(x) ? std::optional<double>() : x; };
        const double* s = v + kSectionValues * i;
        out[i].raw = opt(s[0]);
        out[i].score = opt(s[1]);
        out[i].earned = s[2];
        out[i].possible = s[3];
        out[i].critical_failure = s[4] != 0;
    }
    return out;
}

} // namespace vs::storage

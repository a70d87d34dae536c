#pragma once
// Backend-independent part of saving a visit: check it against its template, score it, and
// encode the scores that aggregation reads. Every Store backend stores what this produces.

#include "forms/error.h"
#include "forms/progress.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace vs::storage {

/// Values stored per section: raw, score, earned, possible, critical failure (0/1).
inline constexpr std::size_t kSectionValues = 5;

struct PreparedVisit {
    const forms::Visit* visit = nullptr;
    forms::Answers answers;
    scoring::VisitResult result;
    int day = 0;
    int nps = -1;
    std::int64_t source_hash = 0;
    std::string answers_json;
    std::string comments_json;
    std::string critical_failures_json;
    std::vector<double> section_values;  ///< kSectionValues per section (see below)
    std::vector<double> question_values; ///< one per question (scoring/facts.h encoding)
};

/// Checks `visit` against `tpl` and scores it; throws InputError naming `file` and `where`.
/// A visit that is not a draft must reach the template's min_applicable.
PreparedVisit prepare_visit(const forms::Template& tpl, const forms::Visit& visit,
                            const std::string& file, const std::string& where);

/// A stable 64-bit hash of a visit's package form (FNV-1a over its canonical JSON).
std::int64_t visit_hash(const forms::Visit& visit);

/// The typed answers as a JSON object in question order, unanswered questions left out.
std::string answers_json(const forms::Template& tpl, const forms::Answers& answers);
/// A string map as a JSON object.
std::string string_map_json(const std::map<std::string, std::string>& m);

/// A visit's template and the backend's key for it; tpl is nullptr when unknown.
struct TemplateRef {
    const forms::Template* tpl = nullptr;
    std::int64_t pk = 0;
};

/// One visit of an import with what prepare_visit made of it. What only checking and scoring
/// need (the answers as JSON and typed) is already freed: a writer needs the header, the
/// prepared columns and the scores.
struct ImportItem {
    forms::Visit visit;
    PreparedVisit prepared; ///< prepared.visit points at `visit`: the item never moves
    std::size_t index = 0;  ///< position in the source (`visits[index]`)
    std::size_t done = 0;   ///< the source's progress once this visit is read
    TemplateRef tmpl;
};
/// Finds a template by id and version. Called on the worker thread: it must only read.
using TemplateFinder = std::function<TemplateRef(const std::string& id, int version)>;

/// Reads, checks and scores the visits of an import on a worker thread while the calling thread
/// stores them: prepared visits come out of next() in source order through a bounded queue, and
/// go back through it to be freed on the worker, which allocated them (a free on another thread
/// costs the writer, the import's critical path, several times as much).
/// Errors rank as in a sequential import: the source's own (syntax, a bad header, a repeated
/// uuid), then the first visit that fails its check or score. next() throws that error once
/// the source has been read to its end; visits after the first bad one are not handed out.
/// Destroying the stream (after an error or Cancelled in the consumer) stops the worker.
class PreparedStream {
  public:
    PreparedStream(forms::VisitSource source, TemplateFinder find, std::string file);
    ~PreparedStream();
    PreparedStream(const PreparedStream&) = delete;
    PreparedStream& operator=(const PreparedStream&) = delete;

    /// The next prepared visit, or nullptr after the last one; throws the worker's error. The
    /// visit stays valid until the next call. While it waits, calls `progress->update` with the
    /// source's progress now and then, and throws Cancelled when that returns false.
    const ImportItem* next(Progress* progress);
    /// Waits for the source to be read to its end and throws the worker's error if there is one
    /// (a consumer calls this before reporting an error of its own, which ranks after).
    void finish();

  private:
    struct State;
    void run(const forms::VisitSource& source);
    void accept(forms::Visit&& visit, std::size_t done);
    void deliver(std::vector<std::unique_ptr<ImportItem>>&& batch);

    TemplateFinder m_find;
    std::string m_file;
    std::unique_ptr<State> m_state;
    std::vector<std::unique_ptr<ImportItem>> m_batch; ///< being filled by the worker
    std::size_t m_count = 0;                          ///< visits the source has produced
    std::optional<InputError> m_check_error;          ///< first visit that failed prepare_visit
    std::vector<std::unique_ptr<ImportItem>> m_ready; ///< consumer side: the batch being stored
    std::size_t m_next = 0;                           ///< consumer side: next in m_ready
    std::thread m_worker;
};

/// Decodes a section_values array back into results.
std::vector<scoring::SectionResult> decode_sections(const double* values, std::size_t sections);

} // namespace vs::storage

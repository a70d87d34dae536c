// The exports' part of SqliteStore (store.h, "Exports"): visit details streamed in date order
// for the client workbook and the CSV export. Every value is bound; no SQL is built from input.

#include "storage/prepare.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <cstring>

namespace vs::storage {
namespace {

std::optional<double> real(const SQLite::Column& c) {
    return c.isNull() ? std::optional<double>() : c.getDouble();
}

} // namespace

void SqliteStore::visit_details(const VisitFilter& filter,
                                const std::function<void(const VisitDetail&)>& row) {
    load_templates();
    FilterSql f = filter_sql(filter, FilterUse::InOrder);
    SQLite::Statement st(
        m_db, std::string("SELECT ") + kVisitPeopleColumns +
                  ", v.day, v.status, v.raw, v.score, v.critical_failures, sc.section_scores, "
                  "v.answers, v.comments, v.summary, " +
                  kVisitEvidenceColumns +
                  " FROM visits v JOIN visit_scores sc ON sc.client_id = v.client_id AND "
                  "sc.visit_id = v.id" +
                  kVisitPeopleJoins + f.where + " ORDER BY v.day, v.visited_at, v.id");
    f.bind(st);
    VisitDetail d;
    std::vector<double> values;
    while (st.executeStep()) {
        d.uuid = text_or_empty(st.getColumn(0));
        const TemplateRow* t = template_by_pk(st.getColumn(1).getInt64());
        if (!t)
            throw StorageError("visit " + d.uuid + ": its scorecard is not stored");
        d.template_id = t->tpl->id;
        d.template_version = t->tpl->version;
        read_visit_people(st, d);
        d.day = st.getColumn(11).getInt();
        d.status = forms::status_from_string(text_or_empty(st.getColumn(12)))
                       .value_or(forms::Status::Draft);
        d.raw = real(st.getColumn(13));
        d.score = real(st.getColumn(14));
        d.critical_failures =
            nlohmann::json::parse(text_or_empty(st.getColumn(15))).get<std::vector<std::string>>();
        const SQLite::Column blob = st.getColumn(16);
        values.resize(static_cast<std::size_t>(blob.getBytes()) / sizeof(double));
        if (!values.empty())
            std::memcpy(values.data(), blob.getBlob(), values.size() * sizeof(double));
        if (values.size() != t->tpl->sections.size() * kSectionValues)
            throw StorageError("visit " + d.uuid +
                               ": stored section scores do not match its scorecard");
        d.section_scores.clear();
        for (const scoring::SectionResult& s :
             decode_sections(values.data(), t->tpl->sections.size()))
            d.section_scores.push_back(s.score);
        d.answers = nlohmann::json::parse(text_or_empty(st.getColumn(17)));
        d.comments = nlohmann::json::parse(text_or_empty(st.getColumn(18)))
                         .get<std::map<std::string, std::string>>();
        d.summary = text_or_empty(st.getColumn(19));
        read_visit_evidence(st, 20, d);
        row(d);
    }
}

} // namespace vs::storage

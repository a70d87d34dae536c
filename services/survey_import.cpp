#include "services/survey_import.h"

#include "forms/answer.h"
#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/survey.h"
#include "forms/template.h"
#include "forms/trim.h"
#include "forms/visit.h"
#include "storage/prepare.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace vs::services {

namespace {

using ojson = nlohmann::ordered_json;

using forms::trim;

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

/// Reads the mapping's keys, naming the key of every error.
struct MappingReader {
    const std::string& file;

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw InputError(file, key, message);
    }
    std::string text(const ojson& obj, const char* name, const std::string& path,
                     bool required) const {
        const std::string key = path.empty() ? name : path + "." + name;
        auto it = obj.find(name);
        if (it == obj.end() || it->is_null()) {
            if (required)
                fail(key, "is missing");
            return {};
        }
        if (!it->is_string())
            fail(key, "must be text");
        std::string s(trim(it->get<std::string>()));
        if (s.empty() && required)
            fail(key, "is empty");
        return s;
    }
    std::vector<std::string> texts(const ojson& obj, const char* name) const {
        std::vector<std::string> out;
        auto it = obj.find(name);
        if (it == obj.end() || it->is_null())
            return out;
        if (!it->is_array())
            fail(name, "must be a list of texts");
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string())
                fail(std::string(name) + "[" + std::to_string(i) + "]", "must be text");
            out.emplace_back(trim((*it)[i].get<std::string>()));
        }
        return out;
    }
    void only(const ojson& obj, const std::string& path,
              std::initializer_list<std::string_view> keys) const {
        for (const auto& [k, v] : obj.items()) {
            bool known = false;
            for (std::string_view key : keys)
                known = known || k == key;
            if (!known)
                fail(path.empty() ? k : path + "." + k,
                     "is not a key of a survey mapping (docs/survey-import.md)");
        }
    }
};

/// The date format's fields: a day, a month and a year are needed.
void check_date_format(const std::string& format, const MappingReader& r) {
    auto has = [&](std::initializer_list<const char*> specs) {
        for (const char* s : specs)
            if (format.find(s) != std::string::npos)
                return true;
        return false;
    };
    if (!has({"%d", "%e"}) || !has({"%m", "%b", "%B"}) || !has({"%Y", "%y"}))
        r.fail("date_format",
               in_quotes(format) + " needs a day (%d), a month (%m) and a year (%Y)");
    for (std::size_t i = 0; i + 1 < format.size(); ++i)
        if (format[i] == '%') {
            if (std::string_view("dembBYyHMSpI%").find(format[i + 1]) == std::string_view::npos)
                r.fail("date_format", in_quotes(format) + " has %" + format[i + 1] +
                                          ", which is not one of %d %m %b %Y %y %H %I %p %M %S");
            ++i;
        }
}

/// `cell` read with `format` as "YYYY-MM-DDTHH:MM:SS"; std::nullopt when it does not fit or is no
/// plausible date.
std::optional<std::string> parse_survey_date(const std::string& cell, const std::string& format) {
    std::tm tm{};
    tm.tm_mday = 0;
    const char* end = strptime(cell.c_str(), format.c_str(), &tm);
    if (!end || !trim(end).empty())
        return std::nullopt;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (!forms::parse_plausible_day(std::string_view(buf, 10)))
        return std::nullopt;
    return std::string(buf);
}

/// A name-based (version 5, SHA-1) uuid of `name` in VisitScore's survey response namespace.
std::string response_uuid(const std::string& name) {
    static const unsigned char kNamespace[16] = {0x8f, 0x2b, 0x4c, 0x1e, 0x6d, 0x3a, 0x4b, 0x7f,
                                                 0x9e, 0x21, 0x4c, 0x0d, 0x5a, 0x6b, 0x7e, 0x83};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, kNamespace, sizeof kNamespace) == 1 &&
                    EVP_DigestUpdate(ctx, name.data(), name.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, digest, &size) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || size < 16)
        throw std::runtime_error("cannot compute a survey response's uuid (SHA-1)");
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::int64_t client_id(storage::Store& store, const std::string& client, const std::string& field) {
    for (const auto& c : store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == client)
            return c.id;
    throw InputError("", field, "no client named " + in_quotes(client));
}

/// The stored survey scorecard of a mapping; InputError naming `file`'s scorecard key.
std::shared_ptr<const forms::Template>
survey_template(storage::Store& store, const SurveyMapping& m, const std::string& file) {
    auto tpl = store.find_template(m.scorecard, m.version);
    if (!tpl)
        throw InputError(file, "scorecard",
                         "no scorecard " + in_quotes(m.scorecard) + " version " +
                             std::to_string(m.version) +
                             " is stored (import it first: template import FILE)");
    if (!forms::is_survey(*tpl))
        throw InputError(file, "scorecard",
                         in_quotes(m.scorecard) + " is not a survey scorecard (its channel is " +
                             in_quotes(tpl->channel) + ", not \"survey\")");
    return tpl;
}

/// Every question of the mapping is one of the scorecard's, and every value maps to an answer.
void check_against(const forms::Template& tpl, const SurveyMapping& m, const std::string& file) {
    for (const SurveyQuestionMap& q : m.questions) {
        const std::string key = "questions." + q.question;
        const int qi = tpl.find_question(q.question);
        if (qi < 0)
            throw InputError(file, key,
                             in_quotes(q.question) + " is not a question of " + in_quotes(tpl.id) +
                                 " version " + std::to_string(tpl.version));
        const forms::Question& question = tpl.questions[static_cast<std::size_t>(qi)];
        for (const auto& [from, to] : q.values)
            forms::answer_from_text(question, to, file, key + ".values." + from); // throws
    }
}

const char* kSettingPrefix = "survey_mapping.";

} // namespace

SurveyMapping parse_survey_mapping(std::string_view json_text, const std::string& file) {
    ojson doc;
    try {
        doc = ojson::parse(json_text);
    } catch (const ojson::parse_error& e) {
        throw InputError(file, "", std::string("is not JSON: ") + e.what());
    }
    const MappingReader r{file};
    if (!doc.is_object())
        r.fail("", "must be a JSON object");
    r.only(doc, "",
           {"format", "scorecard", "columns", "date_format", "not_answered", "na", "questions"});
    const std::string format = r.text(doc, "format", "", true);
    if (format != kSurveyMappingFormat)
        r.fail("format", in_quotes(format) + " is not " + in_quotes(kSurveyMappingFormat));
    SurveyMapping m;
    auto sc = doc.find("scorecard");
    if (sc == doc.end() || !sc->is_object())
        r.fail("scorecard", "must be an object with the scorecard's id and version");
    r.only(*sc, "scorecard", {"id", "version"});
    m.scorecard = r.text(*sc, "id", "scorecard", true);
    auto ver = sc->find("version");
    if (ver == sc->end() || !ver->is_number_integer() || ver->get<long long>() < 1 ||
        ver->get<long long>() > forms::kMaxVersion)
        r.fail("scorecard.version", "must be a whole number from 1");
    m.version = ver->get<int>();
    auto cols = doc.find("columns");
    if (cols == doc.end() || !cols->is_object())
        r.fail("columns", "must be an object naming the branch and date columns");
    r.only(*cols, "columns", {"branch", "date", "employee", "response_id"});
    m.branch_column = r.text(*cols, "branch", "columns", true);
    m.date_column = r.text(*cols, "date", "columns", true);
    m.employee_column = r.text(*cols, "employee", "columns", false);
    m.response_id_column = r.text(*cols, "response_id", "columns", false);
    m.date_format = r.text(doc, "date_format", "", false);
    if (m.date_format.empty())
        m.date_format = kDefaultSurveyDateFormat;
    check_date_format(m.date_format, r);
    m.not_answered = r.texts(doc, "not_answered");
    m.na = r.texts(doc, "na");
    for (const std::string& v : m.na)
        for (const std::string& w : m.not_answered)
            if (v == w)
                r.fail("na", in_quotes(v) + " is also in not_answered");
    auto qs = doc.find("questions");
    if (qs == doc.end() || !qs->is_object() || qs->empty())
        r.fail("questions", "must be an object with a column for each question id");
    for (const auto& [id, spec] : qs->items()) {
        const std::string key = "questions." + id;
        SurveyQuestionMap q;
        q.question = id;
        if (spec.is_string()) {
            q.column = std::string(trim(spec.get<std::string>()));
            if (q.column.empty())
                r.fail(key, "is empty");
        } else if (spec.is_object()) {
            r.only(spec, key, {"column", "values"});
            q.column = r.text(spec, "column", key, true);
            if (auto vals = spec.find("values"); vals != spec.end() && !vals->is_null()) {
                if (!vals->is_object())
                    r.fail(key + ".values", "must be an object: the tool's value -> the answer");
                for (const auto& [from, to] : vals->items()) {
                    if (to.is_number())
                        q.values[std::string(trim(from))] = to.dump();
                    else if (to.is_string())
                        q.values[std::string(trim(from))] =
                            std::string(trim(to.get<std::string>()));
                    else
                        r.fail(key + ".values." + from, "must be an option id, a number or \"na\"");
                }
            }
        } else {
            r.fail(key, "must be a column name or an object with \"column\" and \"values\"");
        }
        m.questions.push_back(std::move(q));
    }
    return m;
}

std::string survey_mapping_json(const SurveyMapping& m) {
    ojson doc;
    doc["format"] = kSurveyMappingFormat;
    doc["scorecard"] = {{"id", m.scorecard}, {"version", m.version}};
    ojson cols = {{"branch", m.branch_column}, {"date", m.date_column}};
    if (!m.employee_column.empty())
        cols["employee"] = m.employee_column;
    if (!m.response_id_column.empty())
        cols["response_id"] = m.response_id_column;
    doc["columns"] = cols;
    doc["date_format"] = m.date_format;
    if (!m.not_answered.empty())
        doc["not_answered"] = m.not_answered;
    if (!m.na.empty())
        doc["na"] = m.na;
    ojson qs = ojson::object();
    for (const SurveyQuestionMap& q : m.questions) {
        if (q.values.empty()) {
            qs[q.question] = q.column;
            continue;
        }
        ojson vals = ojson::object();
        for (const auto& [from, to] : q.values)
            vals[from] = to;
        qs[q.question] = {{"column", q.column}, {"values", vals}};
    }
    doc["questions"] = qs;
    return doc.dump(2);
}

std::string survey_mapping_key(const std::string& client) {
    return kSettingPrefix + client;
}

std::optional<SurveyMapping> saved_survey_mapping(storage::Store& store,
                                                  const std::string& client) {
    const std::string text = store.setting(survey_mapping_key(client), "");
    if (text.empty())
        return std::nullopt;
    return parse_survey_mapping(text, "the saved survey mapping of " + in_quotes(client));
}

void save_survey_mapping(storage::Store& store, const std::string& client,
                         const SurveyMapping& mapping, const std::string& file) {
    client_id(store, client, "--client");
    check_against(*survey_template(store, mapping, file), mapping, file);
    store.set_setting(survey_mapping_key(client), survey_mapping_json(mapping));
}

bool remove_survey_mapping(storage::Store& store, const std::string& client) {
    if (store.setting(survey_mapping_key(client), "").empty())
        return false;
    store.set_setting(survey_mapping_key(client), "");
    return true;
}

namespace {

std::string refusal_text(const std::vector<SurveyProblem>& problems, std::size_t total) {
    std::string s = total == 1 ? "1 problem; nothing was imported:"
                               : std::to_string(total) + " problems; nothing was imported:";
    for (const SurveyProblem& p : problems)
        s += "\n  " + p.where + ": " + p.message;
    if (total > problems.size())
        s += "\n  … and " + std::to_string(total - problems.size()) + " more";
    return s;
}

} // namespace

SurveyRefused::SurveyRefused(const std::string& file, std::vector<SurveyProblem> problems,
                             std::size_t total)
    : InputError(file, "", refusal_text(problems, total)), m_problems(std::move(problems)),
      m_total(total) {}

namespace {

/// Reads the export row by row into visits, collecting every problem.
class SurveyRows {
  public:
    SurveyRows(storage::Store& store, const std::string& client, const SurveyMapping& m,
               const forms::Template& tpl, std::string_view text, const std::string& file)
        : m_m(m), m_tpl(tpl), m_client(client), m_file(file), m_reader(text, file) {
        const std::int64_t cid = client_id(store, client, "--client");
        for (const auto& b : store.org_list(storage::OrgKind::Branch, cid, true, false))
            m_branches.emplace(b.code, b.parent);
        if (!m.employee_column.empty())
            for (const auto& e : store.org_list(storage::OrgKind::Employee, cid, true, false))
                m_employees.insert(e.code);
        for (const SurveyQuestionMap& q : m.questions)
            m_questions.push_back(
                &tpl.questions[static_cast<std::size_t>(tpl.find_question(q.question))]);
    }

    /// Reads every row; each good one goes to `sink` while no problem has been found. Throws
    /// SurveyRefused at the end when there were problems.
    void run(const forms::VisitSink& sink) {
        read_header();
        forms::CsvRow row;
        while (m_reader.next(row)) {
            ++m_rows;
            std::optional<forms::Visit> v = visit_of(row);
            if (v && m_total == 0) {
                m_lines.push_back(row.line);
                sink(std::move(*v), m_reader.offset());
            }
        }
        if (m_total > 0)
            throw SurveyRefused(m_file, std::move(m_problems), m_total);
    }

    std::size_t rows() const { return m_rows; }
    /// The line of the i-th visit handed to the sink.
    std::size_t line_of(std::size_t index) const {
        return index < m_lines.size() ? m_lines[index] : 0;
    }

  private:
    void problem(std::size_t line, const std::string& column, std::string message) {
        if (m_problems.size() < kMaxSurveyProblems) {
            std::string where = "line " + std::to_string(line);
            if (!column.empty())
                where += ", column " + in_quotes(column);
            m_problems.push_back({std::move(where), std::move(message)});
        }
        ++m_total;
    }

    std::size_t column_of(const std::vector<std::string>& header, const std::string& name,
                          const std::string& key) {
        std::size_t found = header.size();
        for (std::size_t c = 0; c < header.size(); ++c)
            if (trim(header[c]) == name) {
                if (found != header.size())
                    throw InputError(m_file, "line 1",
                                     "the header has the column " + in_quotes(name) +
                                         " twice (the mapping's " + key + " names it)");
                found = c;
            }
        if (found == header.size())
            throw InputError(m_file, "line 1",
                             "the header has no column " + in_quotes(name) + " (the mapping's " +
                                 key + " names it)");
        return found;
    }

    void read_header() {
        forms::CsvRow header;
        if (!m_reader.next(header))
            throw InputError(m_file, "line 1", "the file is empty (a header row is needed)");
        m_width = header.fields.size();
        m_header = header.fields;
        m_branch = column_of(header.fields, m_m.branch_column, "columns.branch");
        m_date = column_of(header.fields, m_m.date_column, "columns.date");
        if (!m_m.employee_column.empty())
            m_employee = column_of(header.fields, m_m.employee_column, "columns.employee");
        if (!m_m.response_id_column.empty())
            m_response = column_of(header.fields, m_m.response_id_column, "columns.response_id");
        for (const SurveyQuestionMap& q : m_m.questions)
            m_question_columns.push_back(
                column_of(header.fields, q.column, "questions." + q.question));
    }

    bool listed(const std::vector<std::string>& list, std::string_view cell) const {
        for (const std::string& s : list)
            if (s == cell)
                return true;
        return false;
    }

    std::optional<forms::Visit> visit_of(const forms::CsvRow& row) {
        const std::size_t line = row.line;
        if (row.fields.size() != m_width) {
            problem(line, "",
                    "has " + std::to_string(row.fields.size()) + " fields; the header has " +
                        std::to_string(m_width));
            return std::nullopt;
        }
        const std::size_t before = m_total;
        forms::Visit v;
        v.template_id = m_tpl.id;
        v.template_version = m_tpl.version;
        v.client = m_client;
        v.status = forms::Status::Approved;

        const std::string branch(trim(row.fields[m_branch]));
        if (branch.empty()) {
            problem(line, m_m.branch_column, "no branch code");
        } else if (auto b = m_branches.find(branch); b == m_branches.end()) {
            problem(line, m_m.branch_column,
                    in_quotes(branch) + " is not a branch code of " + in_quotes(m_client));
        } else {
            v.branch = branch;
            v.region = b->second;
        }

        const std::string date(trim(row.fields[m_date]));
        if (auto d = parse_survey_date(date, m_m.date_format))
            v.visited_at = *d;
        else
            problem(line, m_m.date_column,
                    in_quotes(date) + " is not a plausible date written as " +
                        in_quotes(m_m.date_format));

        if (m_employee) {
            const std::string code(trim(row.fields[*m_employee]));
            if (!code.empty() && !listed(m_m.not_answered, code)) {
                if (m_employees.count(code))
                    v.employee = code;
                else
                    problem(line, m_m.employee_column,
                            in_quotes(code) + " is not an employee code of " + in_quotes(m_client));
            }
        }

        std::string& uuid_name = m_uuid_name;
        uuid_name.assign(m_client).append(1, '\n').append(m_tpl.id).append(1, '\n');
        if (m_response) {
            const std::string id(trim(row.fields[*m_response]));
            if (id.empty()) {
                problem(line, m_m.response_id_column, "no response id");
            } else if (auto [it, fresh] = m_response_lines.emplace(id, line); !fresh) {
                problem(line, m_m.response_id_column,
                        in_quotes(id) + " is also the response id of line " +
                            std::to_string(it->second));
            }
            uuid_name.append("id\n").append(id);
        } else {
            uuid_name += "row";
            for (const std::string& f : row.fields) {
                uuid_name += '\x1f';
                uuid_name += f;
            }
        }
        v.uuid = response_uuid(uuid_name);
        if (!m_response) {
            // Without a response id, identical rows are two customers who answered alike: the
            // second and later copies are told apart by their occurrence number, so that the
            // same file imported again names the same responses.
            const std::size_t seen = m_row_occurrences[v.uuid]++;
            if (seen > 0) {
                uuid_name.append("\x1f#").append(std::to_string(seen));
                v.uuid = response_uuid(uuid_name);
            }
        }

        const std::string where = "line " + std::to_string(line);
        for (std::size_t k = 0; k < m_questions.size(); ++k) {
            const SurveyQuestionMap& qm = m_m.questions[k];
            const forms::Question& q = *m_questions[k];
            std::string_view cell = trim(row.fields[m_question_columns[k]]);
            if (cell.empty() || listed(m_m.not_answered, cell))
                continue;
            std::string_view text;
            if (listed(m_m.na, cell)) {
                text = "na";
            } else if (!qm.values.empty()) {
                auto it = qm.values.find(cell);
                if (it == qm.values.end()) {
                    problem(line, qm.column,
                            in_quotes(cell) + " is not mapped to " +
                                (q.options.empty() && q.type != forms::QuestionType::YesNo
                                     ? std::string("a value")
                                     : std::string("an option")) +
                                " of " + q.id + " (the mapping's questions." + q.id + ".values)");
                    continue;
                }
                text = it->second;
            } else {
                text = cell;
            }
            try {
                v.answers[q.id] = forms::answer_from_text(q, text, m_file, where).to_json();
            } catch (const InputError& e) {
                problem(line, qm.column, e.message());
            }
        }
        if (m_total != before)
            return std::nullopt;
        return v;
    }

    const SurveyMapping& m_m;
    const forms::Template& m_tpl;
    std::string m_client;
    std::string m_file;
    forms::CsvReader m_reader;
    std::unordered_map<std::string, std::string> m_branches; ///< code -> region name
    std::unordered_set<std::string> m_employees;
    std::vector<const forms::Question*> m_questions; ///< per mapping question
    std::vector<std::string> m_header;
    std::size_t m_width = 0;
    std::size_t m_branch = 0;
    std::size_t m_date = 0;
    std::optional<std::size_t> m_employee;
    std::optional<std::size_t> m_response;
    std::vector<std::size_t> m_question_columns;
    std::unordered_map<std::string, std::size_t> m_response_lines;
    /// With no response id column: how many rows so far had each row's content (by its uuid).
    std::unordered_map<std::string, std::size_t> m_row_occurrences;
    std::vector<SurveyProblem> m_problems;
    std::size_t m_total = 0;
    std::size_t m_rows = 0;
    std::vector<std::size_t> m_lines;
    std::string m_uuid_name; ///< reused for each row
};

/// The store's "visits[N] (uuid)…" as "line L…" of the export; a conflict on the uuid (the
/// response stored before with other answers) names the response id column.
InputError with_line(const InputError& e, const SurveyRows& rows, const SurveyMapping& m) {
    const std::string& where = e.where();
    if (where.rfind("visits[", 0) != 0)
        return e;
    std::size_t close = where.find(']');
    if (close == std::string::npos)
        return e;
    std::size_t index = 0;
    try {
        index = std::stoul(where.substr(7, close - 7));
    } catch (const std::exception&) {
        return e;
    }
    std::string rest = where.substr(close + 1);
    if (rest.rfind(" (", 0) == 0) {
        const std::size_t end = rest.find(')');
        rest = end == std::string::npos ? std::string() : rest.substr(end + 1);
    }
    std::string message = e.message();
    if (rest == ".uuid") {
        rest = m.response_id_column.empty() ? "" : ", column " + in_quotes(m.response_id_column);
        message += " (this response was imported before with other answers or another mapping)";
    }
    return InputError(e.file(), "line " + std::to_string(rows.line_of(index)) + rest, message);
}

} // namespace

SurveyImportReport import_survey_csv(storage::Store& store, const std::string& client,
                                     const SurveyMapping& mapping, std::string_view csv_text,
                                     const std::string& file, bool dry_run, Progress* progress) {
    const std::string mapping_file = "the survey mapping";
    const auto tpl = survey_template(store, mapping, mapping_file);
    check_against(*tpl, mapping, mapping_file);
    SurveyRows rows(store, client, mapping, *tpl, csv_text, file);
    SurveyImportReport report;
    if (dry_run) {
        std::vector<SurveyProblem> problems;
        std::size_t total = 0;
        std::size_t index = 0;
        try {
            rows.run([&](forms::Visit&& v, std::size_t) {
                try {
                    storage::prepare_visit(*tpl, v, file, "");
                } catch (const InputError& e) {
                    if (problems.size() < kMaxSurveyProblems)
                        problems.push_back(
                            {"line " + std::to_string(rows.line_of(index)), e.message()});
                    ++total;
                }
                ++index;
            });
        } catch (const SurveyRefused&) {
            throw; // ranks first: rows the mapping refuses
        }
        if (total > 0)
            throw SurveyRefused(file, std::move(problems), total);
        report.rows = rows.rows();
        return report;
    }
    try {
        const storage::ImportReport r = store.import_visit_stream(
            [&](const forms::VisitSink& sink) { rows.run(sink); }, csv_text.size(), file, progress);
        report.rows = rows.rows();
        report.added = r.added;
        report.unchanged = r.unchanged;
    } catch (const SurveyRefused&) {
        throw;
    } catch (const InputError& e) {
        throw with_line(e, rows, mapping);
    }
    return report;
}

} // namespace vs::services

#include "exports/visits_csv.h"

#include "exports/output_file.h"
#include "exports/redact.h"
#include "exports/xlsx.h"

#include <fstream>
#include <map>
#include <ostream>
#include <set>

namespace vs::exports {

namespace {

/// An answer as the CSV form of a package writes it (append_csv_field guards it).
std::string answer_cell(const nlohmann::json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer() || v.is_number_unsigned())
        return v.dump();
    if (v.is_number())
        return number_text(v.get<double>());
    if (v.is_boolean())
        return v.get<bool>() ? "yes" : "no";
    if (v.is_array()) {
        if (v.empty())
            return std::string(kNoOptions); // answered with nothing: not the unanswered ""
        std::string s;
        for (const auto& item : v) {
            if (!s.empty())
                s += ';';
            s += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return s;
    }
    return {};
}

} // namespace

std::vector<std::string> unique_columns(const std::vector<std::string>& wanted) {
    std::set<std::string> taken;
    std::vector<std::string> out;
    out.reserve(wanted.size());
    for (const auto& name : wanted) {
        std::string n = name;
        for (int k = 2; !taken.insert(n).second; ++k)
            n = name + "_" + std::to_string(k);
        out.push_back(std::move(n));
    }
    return out;
}

void write_visits_csv(std::ostream& out,
                      const std::vector<std::shared_ptr<const forms::Template>>& templates,
                      const VisitSource& visits, Progress* progress, std::size_t total) {
    std::vector<std::string> questions, sections;
    std::map<std::string, std::size_t> question_col, section_col;
    for (const auto& t : templates) {
        for (const auto& q : t->questions)
            if (question_col.emplace(q.id, questions.size()).second)
                questions.push_back(q.id);
        for (const auto& s : t->sections)
            if (section_col.emplace(s.id, sections.size()).second)
                sections.push_back(s.id);
    }
    std::string line;
    auto end_line = [&] {
        line += "\r\n";
        out << line;
        line.clear();
    };
    // Names in order of precedence: the visit's fields, the questions (both read back by
    // `visits import`), then the computed results; a name already taken is never repeated.
    std::vector<std::string> header = {"uuid",       "template", "template_version", "client",
                                       "region",     "branch",   "employee",         "shopper",
                                       "visited_at", "status"};
    header.insert(header.end(), questions.begin(), questions.end());
    header.push_back("raw");
    header.push_back("score");
    for (const auto& s : sections)
        header.push_back(s + "_score");
    header = unique_columns(header);
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i > 0)
            line += ',';
        append_csv_field(line, header[i]);
    }
    end_line();

    std::map<std::pair<std::string, int>, const forms::Template*> by_version;
    for (const auto& t : templates)
        by_version[{t->id, t->version}] = t.get();
    if (progress)
        progress->start("Writing CSV", total);
    std::size_t done = 0;
    std::vector<std::string> qcells(questions.size()), scells(sections.size());
    Redactor redact;
    visits([&](const VisitRecord& v) {
        auto text = [&](std::string_view s) {
            append_csv_field(line, s);
            line += ',';
        };
        text(v.uuid);
        text(v.template_id);
        line += std::to_string(v.template_version) + ',';
        // Shoppers are named only in their own column: their names and codes, in any case or
        // Unicode form, become "[shopper]" everywhere else (answers typed by people included).
        redact.add(v.shopper_name, "[shopper]");
        redact.add(v.shopper, "[shopper]");
        text(redact.apply(v.client));
        text(redact.apply(v.region));
        text(redact.apply(v.branch));
        text(redact.apply(v.employee));
        text(v.shopper);
        text(v.visited_at);
        text(forms::to_string(v.status));
        for (auto& c : qcells)
            c.clear();
        for (auto& c : scells)
            c.clear();
        for (const auto& [id, value] : v.answers.items())
            if (auto it = question_col.find(id); it != question_col.end())
                qcells[it->second] = redact.apply(answer_cell(value));
        for (const auto& c : qcells) {
            append_csv_field(line, c);
            line += ',';
        }
        line += v.raw ? number_text(*v.raw) : std::string();
        line += ',';
        line += v.score ? number_text(*v.score) : std::string();
        auto t = by_version.find({v.template_id, v.template_version});
        if (t == by_version.end())
            throw ExportError("visit " + v.uuid + ": scorecard " + v.template_id + " version " +
                              std::to_string(v.template_version) + " was not given to the export");
        for (std::size_t s = 0; s < t->second->sections.size() && s < v.section_scores.size(); ++s)
            if (v.section_scores[s])
                scells[section_col.at(t->second->sections[s].id)] =
                    number_text(*v.section_scores[s]);
        for (const auto& c : scells) {
            line += ',';
            line += c;
        }
        end_line();
        if (progress && ++done % 1024 == 0 && !progress->update(done))
            throw Cancelled{};
    });
    if (progress)
        progress->finish();
    if (!out)
        throw ExportError("the CSV could not be written");
}

void write_visits_csv_file(const std::string& path,
                           const std::vector<std::shared_ptr<const forms::Template>>& templates,
                           const VisitSource& visits, Progress* progress, std::size_t total) {
    OutputFile file(path);
    {
        std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
        if (!out)
            throw ExportError(file.temp_path() + ": cannot write");
        write_visits_csv(out, templates, visits, progress, total);
        out.flush();
        if (!out)
            throw ExportError(path + ": cannot write (disk full?)");
    }
    file.commit();
}

} // namespace vs::exports

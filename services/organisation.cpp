#include "services/organisation.h"

#include "forms/csv.h"
#include "forms/error.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace vs::services {

using storage::OrgKind;

std::vector<std::string> required_org_columns(OrgKind kind) {
    switch (kind) {
    case OrgKind::Client:
        return {"name"};
    case OrgKind::Region:
        return {"client", "name"};
    case OrgKind::Branch:
    case OrgKind::Employee:
    case OrgKind::Shopper:
        return {"client", "code"};
    }
    return {};
}

std::vector<storage::OrgImportRow> parse_organisation_csv(OrgKind kind, std::string_view csv_text,
                                                          const std::string& file) {
    std::vector<forms::CsvRow> rows = forms::parse_csv(csv_text, file);
    if (rows.empty())
        throw InputError(file, "line 1", "the file is empty; expected a header row");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i) {
        std::string h = rows[0].fields[i];
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        col[h] = i;
    }
    const std::vector<std::string> need = required_org_columns(kind);
    for (const auto& n : need)
        if (!col.count(n))
            throw InputError(file, "line 1", "no \"" + n + "\" column in the header");
    auto cell = [&](const forms::CsvRow& r, const char* name) {
        auto it = col.find(name);
        return it == col.end() || it->second >= r.fields.size() ? std::string()
                                                                : r.fields[it->second];
    };
    std::vector<storage::OrgImportRow> out;
    out.reserve(rows.size() - 1);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const forms::CsvRow& r = rows[i];
        const std::string where = "line " + std::to_string(r.line);
        for (const auto& n : need)
            if (cell(r, n.c_str()).empty())
                throw InputError(file, where, "the \"" + n + "\" cell is empty");
        storage::OrgImportRow row;
        if (kind == OrgKind::Client) {
            row.name = cell(r, "name");
        } else {
            row.client = cell(r, "client");
            row.name = cell(r, "name");
            if (kind != OrgKind::Region)
                row.code = cell(r, "code");
            if (kind == OrgKind::Branch)
                row.parent = cell(r, "region");
            else if (kind == OrgKind::Employee)
                row.parent = cell(r, "branch");
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::size_t import_organisation_csv(storage::Store& store, OrgKind kind, std::string_view csv_text,
                                    const std::string& file) {
    return store.org_import(kind, parse_organisation_csv(kind, csv_text, file));
}

} // namespace vs::services

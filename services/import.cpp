#include "services/import.h"

#include "forms/json_io.h"
#include "forms/visit.h"

#include <algorithm>
#include <cctype>

namespace vs::services {
namespace {

std::string lower_extension(const std::string& path) {
    auto dot = path.rfind('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext;
}

} // namespace

VisitFile read_visit_file(const std::string& path) {
    VisitFile file;
    file.path = path;
    file.text = forms::read_file(path);
    file.csv = lower_extension(path) == "csv";
    return file;
}

storage::ImportReport import_visit_file(storage::Store& store, const VisitFile& file,
                                        Progress* progress) {
    if (file.csv) {
        // CSV needs the templates to type its cells.
        std::vector<forms::Visit> visits =
            forms::parse_visit_csv(file.text, file.path, [&](const std::string& id, int version) {
                return store.find_template(id, version).get();
            });
        return store.import_visits(visits, file.path, progress);
    }
    // A JSON package is read visit by visit while the visits before are stored.
    return store.import_visit_stream(
        [&](const forms::VisitSink& sink) {
            forms::parse_visit_package(file.text, file.path, sink);
        },
        file.text.size(), file.path, progress);
}

std::vector<TemplateFile> read_template_files(const std::vector<std::string>& paths) {
    std::vector<TemplateFile> files;
    for (const std::string& path : paths)
        files.push_back({path, forms::parse_template(forms::read_file(path), path)});
    return files;
}

std::vector<bool> store_templates(storage::Store& store, const std::vector<TemplateFile>& files) {
    std::vector<std::pair<forms::Template, std::string>> batch;
    batch.reserve(files.size());
    for (const TemplateFile& f : files)
        batch.emplace_back(f.tpl, f.path);
    return store.add_templates(batch); // all or none
}

} // namespace vs::services

#pragma once
// Importing files into a database, as both front ends do it: a visit file (a visitscore.visits/1
// package or a visit CSV, FORMATS.md) stored all or nothing with progress, and scorecard
// template files checked together before any is stored. Reading a file is a step of its own so
// that a file that cannot be read never opens (or creates) a database.

#include "forms/progress.h"
#include "forms/template.h"
#include "storage/store.h"

#include <string>
#include <vector>

namespace vs::services {

/// A visit file read into memory; `csv` when its name ends in .csv (any case), else a package.
struct VisitFile {
    std::string path;
    std::string text;
    bool csv = false;
};

/// Reads a visit file (throws InputError when it cannot be read).
VisitFile read_visit_file(const std::string& path);

/// Checks, scores and stores every visit of `file`, all or nothing (storage::Store::
/// import_visits). A CSV is typed by the stored templates it names; a package is read visit by
/// visit while the visits before it are stored. Progress counts bytes or visits; Cancelled (or
/// any refused visit) stores nothing. Returns how many visits were added and already stored.
storage::ImportReport import_visit_file(storage::Store& store, const VisitFile& file,
                                        Progress* progress = nullptr);

/// A checked scorecard template and the file it came from.
struct TemplateFile {
    std::string path;
    forms::Template tpl;
};

/// Reads and checks every template file before any is stored; throws InputError naming the
/// first file (and place) that is refused.
std::vector<TemplateFile> read_template_files(const std::vector<std::string>& paths);

/// Stores the templates all or none, in one transaction; per template, whether it was new
/// (false: the same version was already stored).
std::vector<bool> store_templates(storage::Store& store, const std::vector<TemplateFile>& files);

} // namespace vs::services

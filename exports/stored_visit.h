#pragma once
// Where the storage and exports sides meet: a stored visit's details as the record an export
// writes. Only the programs (cli, app, tests) include this header; exports' own sources never
// see storage, and the function needs nothing linked from it.

#include "exports/visit_record.h"
#include "storage/store.h"

namespace vs::exports {

/// The export record of a stored visit: the same fields, and each section's score_s.
inline VisitRecord to_visit_record(const storage::VisitDetail& d) {
    VisitRecord r;
    r.uuid = d.uuid;
    r.template_id = d.template_id;
    r.template_version = d.template_version;
    r.client = d.client;
    r.region = d.region;
    r.branch = d.branch;
    r.branch_name = d.branch_name;
    r.employee = d.employee;
    r.employee_name = d.employee_name;
    r.shopper = d.shopper;
    r.shopper_name = d.shopper_name;
    r.visited_at = d.visited_at;
    r.day = d.day;
    r.status = d.status;
    r.raw = d.raw;
    r.score = d.score;
    r.critical_failures = d.critical_failures;
    r.section_scores.reserve(d.sections.size());
    for (const auto& s : d.sections)
        r.section_scores.push_back(s.score);
    r.answers = d.answers;
    r.comments = d.comments;
    r.summary = d.summary;
    return r;
}

} // namespace vs::exports

#pragma once
// Recognition (docs/recognition.md): a client's approved visits and staff that went beyond the
// scorecard, for the client to thank: scoring::recognise over the visits a filter covers, with
// the rules' settings (recognition.sections, recognition.praise_words) read from the database.

#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/recognition.h"
#include "scoring/visit_score.h"
#include "storage/store.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vs::services {

/// Setting keys: comma lists; empty or absent takes the defaults of scoring/recognition.h.
inline constexpr const char* kRecognitionSectionsSetting = "recognition.sections";
inline constexpr const char* kRecognitionWordsSetting = "recognition.praise_words";

/// `value` checked and normalised when `key` is a recognition setting (comma lists: section
/// ids or "*"; words or phrases of praise; "" takes the defaults); InputError naming the
/// setting when it is not valid; none for other keys.
std::optional<std::string> checked_recognition_setting(const std::string& key,
                                                       const std::string& value);

/// The rules as the database's settings give them.
scoring::RecognitionRules recognition_rules(storage::Store& store);
/// The same from settings already read (SettingsStore::settings of at least the two keys).
scoring::RecognitionRules recognition_rules(const std::map<std::string, std::string>& stored);

/// The recognitions of the approved mystery visits `filter` covers (its statuses are ignored:
/// approved only), optionally of some branches (codes; empty: all). Staff are the client's
/// employees with their branches, and the staff the visits name; a section is attributed to
/// the staff member the visit gives it (section_employees), else to the primary one.
std::vector<scoring::Recognition> recognition(storage::Store& store,
                                              const storage::VisitFilter& filter,
                                              const std::set<std::string>& branches = {});
/// The same under `rules` already read (recognition_rules).
std::vector<scoring::Recognition> recognition(storage::Store& store,
                                              const storage::VisitFilter& filter,
                                              const scoring::RecognitionRules& rules,
                                              const std::set<std::string>& branches = {});

/// The recognitions of one visit as it is stored (`stored`, scored `result` by
/// scoring::score_visit) under `rules`: what recognition() of a filter covering that visit alone
/// finds, but for the section scores, which are `result`'s (the stored ones but when the
/// scoring rules changed since it was stored). It reads the client's staff only for a visit the
/// rules may recognise (scoring::RecognitionScreen), and nothing else: an approval's praise
/// alert waits for it. None when the visit is not an approved mystery visit.
std::vector<scoring::Recognition> visit_recognition(storage::Store& store,
                                                    const storage::StoredVisit& stored,
                                                    const scoring::VisitResult& result,
                                                    const scoring::RecognitionRules& rules);

} // namespace vs::services

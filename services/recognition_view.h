#pragma once
// The recognitions (services/recognition.h) as a client may see them, as the client report's
// Recognition sheet shows them (exports/recognition_redact.h).

#include "scoring/recognition.h"
#include "storage/store.h"

#include <set>
#include <string>
#include <vector>

namespace vs::services {

/// recognition() with people hidden as the client workbook hides them: the shopper's codes and
/// names (the client's shoppers and the recognised visits' own) are "[shopper]" in every text;
/// with a `pseudonym_key` (pseudonymised staff; exports/pseudonym.h), each recognised staff
/// member is their pseudonym in place of their code, their name and the words that named them,
/// and has no name. nullptr: staff by code and name.
std::vector<scoring::Recognition> client_recognition(storage::Store& store,
                                                     const storage::VisitFilter& filter,
                                                     const std::string* pseudonym_key,
                                                     const std::set<std::string>& branches = {});

} // namespace vs::services

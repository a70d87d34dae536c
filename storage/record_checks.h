#pragma once
// Checks of records before they are stored, the same for every backend: what an organisation
// entry and a training record must hold whatever stores them. Checks that need stored data
// (a known client, a code not yet used) stay with the backend's write.

#include "storage/fact_store.h"
#include "storage/organisation_store.h"

#include <string>

namespace vs::storage {

/// An entry of the organisation as org_save takes it: a code for branches, employees and
/// shoppers, a name for clients and regions, a client for all but clients, and text that every
/// file it reaches can carry. InputError naming the field otherwise.
void check_org_entity(const OrgEntity& entity);

/// A training record as add_trainings takes it: a plausible YYYY-MM-DD date and text every
/// file can carry. InputError naming `file` and `where`.field otherwise; returns its local day.
int check_training(const Training& training, const std::string& file, const std::string& where);

} // namespace vs::storage

#pragma once
// What the exports read, as plain data: the visits with their details, streamed in date order
// by whoever owns the database (a Store's visit_details streams exactly these records). exports
// never talks to storage itself.

#include "forms/visit.h"

#include <functional>

namespace vs::exports {

/// One visit as an export writes it: the stored visit record itself (forms/visit.h), the same
/// type storage streams, so nothing converts between them.
using VisitRecord = forms::VisitRecord;

/// Receives one visit at a time.
using VisitSink = std::function<void(const VisitRecord&)>;
/// Calls the sink once per visit, in visit date order; may be called once only.
using VisitSource = std::function<void(const VisitSink&)>;

} // namespace vs::exports

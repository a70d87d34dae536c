#include "services/assignment_json.h"

namespace vs::services {

nlohmann::ordered_json assignment_to_json(const storage::Assignment& a) {
    nlohmann::ordered_json j = {{"uuid", a.uuid},
                                {"client", a.client},
                                {"branch", a.branch},
                                {"template", a.template_id},
                                {"template_version", a.template_version},
                                {"scenario", a.scenario},
                                {"window_from", a.window_from},
                                {"window_to", a.window_to},
                                {"shopper", a.shopper},
                                {"status", a.status},
                                {"note", a.note}};
    if (a.fee_cents)
        j["fee_cents"] = *a.fee_cents;
    return j;
}

} // namespace vs::services

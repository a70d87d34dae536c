#include "app/insights/voice_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vs::app {

services::VoiceQuery voice_query(const ViewFilter& filter) {
    services::VoiceQuery q;
    q.client = filter.client;
    q.from_day = filter.from_day;
    q.to_day = filter.to_day;
    return q;
}

services::VoiceFacts VoiceFactsCache::get(storage::Store& store, const ViewFilter& filter,
                                          std::shared_ptr<const scoring::FactTable> mystery) {
    // Taken before reading: a write during the read makes the next get read again.
    const storage::DataVersion version = store.data_version();
    m_read = !m_client || m_client->query.client != filter.client || !(m_version == version);
    if (m_read) {
        m_client.reset(); // a failed read keeps nothing stale
        m_client = services::read_survey_facts(store, {filter.client, std::nullopt, std::nullopt});
        m_version = version;
    }
    if (!mystery) {
        if (!m_client->mystery) {
            ViewFilter every_day = filter;
            every_day.from_day = every_day.to_day = std::nullopt;
            m_client->mystery = std::make_shared<const scoring::FactTable>(
                store.load_facts(every_day.visit_filter(), false, false));
            m_read = true;
        }
        mystery = m_client->mystery;
    }
    services::VoiceFacts f = *m_client; // the tables shared, not copied
    f.query = voice_query(filter);
    f.mystery = std::move(mystery);
    return f;
}

scoring::VoicePeriodRow voice_summary(const services::VoiceFacts& facts) {
    const std::vector<scoring::VoicePeriodRow> rows =
        services::voice_periods(facts, forms::Period::None, false);
    return rows.empty() ? scoring::VoicePeriodRow{} : rows.front();
}

std::vector<scoring::VoicePeriodRow> branch_voice_months(const services::VoiceFacts& facts,
                                                         const std::string& branch) {
    std::vector<scoring::VoicePeriodRow> out;
    for (scoring::VoicePeriodRow& r : services::voice_periods(facts, forms::Period::None, true))
        if (r.branch == branch) {
            r.period.clear();
            out.push_back(std::move(r));
        }
    const std::size_t months = out.size();
    for (scoring::VoicePeriodRow& r : services::voice_periods(facts, forms::Period::Month, true))
        if (r.branch == branch)
            out.push_back(std::move(r));
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(months), out.end(),
                     [](const scoring::VoicePeriodRow& a, const scoring::VoicePeriodRow& b) {
                         return a.period_index > b.period_index;
                     });
    return out;
}

std::string measure_name(scoring::VoiceMeasure measure) {
    return measure == scoring::VoiceMeasure::Nps ? "NPS" : "survey score";
}

std::string why_no_r(const scoring::VoiceDriver& driver, const scoring::VoiceOptions& options) {
    if (driver.r)
        return {};
    if (driver.k < 4)
        return "fewer than 4 branches (k = " + std::to_string(driver.k) + ")";
    std::optional<double> x, y;
    bool x_varies = false, y_varies = false;
    for (const scoring::VoicePoint& p : driver.points) {
        if (!p.part)
            continue;
        x_varies = x_varies || (x && *x != p.x);
        y_varies = y_varies || (y && *y != p.voice);
        x = p.x;
        y = p.voice;
    }
    if (!x_varies)
        return "no variance in the mystery-shop score";
    if (!y_varies)
        return "no variance in the " + measure_name(options.measure);
    return "no variance";
}

Drivers build_drivers(const services::VoiceFacts& facts, const scoring::VoiceOptions& options) {
    const services::CustomerVoice cv = services::customer_voice(facts, options);
    Drivers d;
    d.options = cv.options;
    d.branches = cv.voice.branches;
    d.branch_names = facts.branch_names;
    d.responses = services::survey_responses(facts);
    for (const scoring::VoiceDriver& driver : cv.voice.drivers) {
        DriverRow row;
        row.driver = driver;
        if (driver.visit) {
            row.title = "Visit score (all behaviours)";
        } else {
            const auto t = cv.section_titles.find(driver.section);
            row.title =
                t != cv.section_titles.end() && !t->second.empty() ? t->second : driver.section;
        }
        row.why_none = why_no_r(driver, d.options);
        if (driver.r && driver.slope) {
            double sx = 0, sy = 0, k = 0;
            for (const scoring::VoicePoint& p : driver.points)
                if (p.part) {
                    sx += p.x;
                    sy += p.voice;
                    ++k;
                }
            if (k > 0)
                row.line = std::make_pair(sy / k - *driver.slope * sx / k, *driver.slope);
        }
        d.rows.push_back(std::move(row));
    }
    return d;
}

std::string fmt_nps(const std::optional<double>& nps) {
    if (!nps)
        return "—";
    const long v = std::lround(*nps);
    return v > 0 ? "+" + std::to_string(v) : std::to_string(v);
}

std::string fmt_r(const std::optional<double>& r) {
    if (!r)
        return "—";
    const double v = std::round(*r * 100) / 100 + 0.0; // no "-0.00"
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v == 0 ? 0.0 : v);
    return buf;
}

std::string fmt_p(const std::optional<double>& p) {
    if (!p)
        return "—";
    if (*p < 0.001)
        return "< 0.001";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", *p);
    return buf;
}

} // namespace vs::app

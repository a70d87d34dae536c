#include "services/voice.h"

#include "forms/error.h"
#include "services/int_settings.h"

#include <memory>
#include <vector>

namespace vs::services {

namespace {

constexpr int kMaxThreshold = 100000;

/// One client's approved visits of a kind (no calibration visits) in the query's days.
storage::VisitFilter kind_filter(const VoiceQuery& query, storage::VisitFilter::Kind kind) {
    storage::VisitFilter filter;
    filter.client = query.client;
    filter.from_day = query.from_day;
    filter.to_day = query.to_day;
    filter.kind = kind;
    return filter;
}

} // namespace

std::optional<scoring::VoiceMeasure> voice_measure_from_string(const std::string& text) {
    if (text == "nps")
        return scoring::VoiceMeasure::Nps;
    if (text == "score")
        return scoring::VoiceMeasure::Score;
    return std::nullopt;
}

std::string to_string(scoring::VoiceMeasure measure) {
    return measure == scoring::VoiceMeasure::Nps ? "nps" : "score";
}

scoring::VoiceOptions voice_settings(storage::SettingsStore& store) {
    scoring::VoiceOptions o;
    if (const auto m = voice_measure_from_string(store.setting(kVoiceMeasureKey, "")))
        o.measure = *m;
    const auto threshold = [&](const char* key, std::size_t fallback) {
        const std::optional<int> v = whole_number(store.setting(key, ""));
        return v && *v >= 1 && *v <= kMaxThreshold ? static_cast<std::size_t>(*v) : fallback;
    };
    o.min_responses = threshold(kVoiceMinResponsesKey, o.min_responses);
    o.min_n = threshold(kVoiceMinNKey, o.min_n);
    return o;
}

std::optional<std::string> checked_voice_setting(const std::string& key, const std::string& value) {
    if (key == kVoiceMeasureKey) {
        if (!voice_measure_from_string(value))
            throw InputError("", key, "\"" + value + "\" is not a measure (use nps or score)");
        return value;
    }
    if (key == kVoiceMinResponsesKey)
        return checked_int_setting(key, value, 1, kMaxThreshold, "responses");
    if (key == kVoiceMinNKey)
        return checked_int_setting(key, value, 1, kMaxThreshold, "visits");
    return std::nullopt;
}

void set_voice_setting(storage::SettingsStore& store, const std::string& key,
                       const std::string& value) {
    const std::optional<std::string> stored = checked_voice_setting(key, value);
    if (!stored)
        throw InputError("", key,
                         std::string("not a customer voice setting (use ") + kVoiceMeasureKey +
                             ", " + kVoiceMinResponsesKey + " or " + kVoiceMinNKey + ")");
    store.set_setting(key, *stored);
}

VoiceFacts read_survey_facts(storage::Store& store, const VoiceQuery& query, const char* field) {
    const auto clients =
        store.org_list(storage::OrgKind::Client, std::nullopt, true, /*count_visits=*/false);
    const storage::OrgEntity* client = nullptr;
    std::string names;
    for (const storage::OrgEntity& c : clients) {
        if (c.name == query.client)
            client = &c;
        names += (names.empty() ? "" : ", ") + c.name;
    }
    if (!client)
        throw InputError(
            "", field,
            (query.client.empty() ? std::string("no client given")
                                  : "no client named \"" + query.client + "\" in the database") +
                (names.empty() ? " (it has no clients)" : " (clients: " + names + ")"));

    VoiceFacts f;
    f.query = query;
    f.survey = std::make_shared<const scoring::FactTable>(store.load_facts(
        kind_filter(query, storage::VisitFilter::Kind::Survey), /*with_questions=*/false,
        /*with_attributions=*/false));
    for (const storage::OrgEntity& b :
         store.org_list(storage::OrgKind::Branch, client->id, true, /*count_visits=*/false))
        f.branch_names[b.code] = b.name;
    return f;
}

VoiceFacts read_voice_facts(storage::Store& store, const VoiceQuery& query, const char* field) {
    VoiceFacts f = read_survey_facts(store, query, field);
    f.mystery = std::make_shared<const scoring::FactTable>(
        store.load_facts(kind_filter(query, storage::VisitFilter::Kind::Mystery),
                         /*with_questions=*/false, /*with_attributions=*/false));
    return f;
}

scoring::VoiceDays voice_days(const VoiceQuery& query) {
    return {query.from_day, query.to_day};
}

std::size_t survey_responses(const VoiceFacts& facts) {
    return scoring::voice_responses(*facts.survey, voice_days(facts.query));
}

CustomerVoice customer_voice(const VoiceFacts& facts, const scoring::VoiceOptions& options) {
    CustomerVoice v;
    v.options = options;
    const std::vector<scoring::VoiceBranchInput> inputs =
        scoring::voice_inputs(*facts.survey, *facts.mystery, voice_days(facts.query));
    v.voice = scoring::customer_voice(inputs, options);
    v.section_titles = scoring::voice_section_titles(*facts.mystery);
    return v;
}

CustomerVoice customer_voice(storage::Store& store, const VoiceQuery& query,
                             const scoring::VoiceOptions& options) {
    return customer_voice(read_voice_facts(store, query), options);
}

std::vector<scoring::VoicePeriodRow> voice_periods(const VoiceFacts& facts, forms::Period period,
                                                   bool per_branch) {
    return scoring::voice_periods(*facts.survey, *facts.mystery, period, per_branch,
                                  voice_days(facts.query));
}

} // namespace vs::services

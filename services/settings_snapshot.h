#pragma once
// Settings read once for a job that consults several of them at different steps.

#include "storage/settings_store.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vs::services {

/// A job's view of the settings (an approval: the self-approval flag, the action plans'
/// threshold, the alert and recognition rules): the keys it names when it starts are read
/// together in one SettingsStore::settings call (on a server, one round trip instead of one per
/// step) and answered from that read for the rest of the job; any other key is read from the
/// store. Writes go to the store and to the copy.
class SettingsSnapshot final : public storage::SettingsStore {
  public:
    SettingsSnapshot(storage::SettingsStore& store, const std::vector<std::string>& keys)
        : m_store(store), m_keys(keys.begin(), keys.end()), m_values(store.settings(keys)) {}

    std::string setting(const std::string& key, const std::string& fallback) override {
        if (!m_keys.count(key))
            return m_store.setting(key, fallback);
        const auto it = m_values.find(key);
        return it == m_values.end() ? fallback : it->second;
    }
    std::map<std::string, std::string> settings(const std::vector<std::string>& keys) override {
        std::map<std::string, std::string> out;
        std::vector<std::string> rest;
        for (const std::string& key : keys) {
            if (!m_keys.count(key)) {
                rest.push_back(key);
                continue;
            }
            const auto it = m_values.find(key);
            if (it != m_values.end())
                out.insert(*it);
        }
        if (!rest.empty())
            out.merge(m_store.settings(rest));
        return out;
    }
    void set_setting(const std::string& key, const std::string& value) override {
        m_store.set_setting(key, value);
        m_values[key] = value;
        m_keys.insert(key);
    }
    void set_settings(const std::vector<std::pair<std::string, std::string>>& values) override {
        m_store.set_settings(values);
        for (const auto& [key, value] : values) {
            m_values[key] = value;
            m_keys.insert(key);
        }
    }
    std::string pseudonym_key() override { return m_store.pseudonym_key(); }
    bool read_only() const override { return m_store.read_only(); }

  private:
    storage::SettingsStore& m_store;
    std::set<std::string> m_keys;                ///< the keys read when the job started
    std::map<std::string, std::string> m_values; ///< those of them that have a setting
};

} // namespace vs::services

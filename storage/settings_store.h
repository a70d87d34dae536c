#pragma once
// Storage role: settings kept in the database, its pseudonym secret, and whether it may be
// written at all.

#include "storage/types.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// Settings stored with the data (so that every user of a database shares them).
class SettingsStore {
  public:
    virtual ~SettingsStore() = default;

    /// A stored setting (e.g. "user"), or `fallback`.
    virtual std::string setting(const std::string& key, const std::string& fallback) = 0;
    /// The settings stored under `keys`, by key (a key with no setting is left out): one read
    /// for a job that needs several (a server answers it in one round trip).
    virtual std::map<std::string, std::string> settings(const std::vector<std::string>& keys) = 0;
    /// Stores a setting.
    virtual void set_setting(const std::string& key, const std::string& value) = 0;
    /// Stores several settings in one transaction: all of them or, on an error, none.
    virtual void set_settings(const std::vector<std::pair<std::string, std::string>>& values) = 0;
    /// The database's secret for staff pseudonyms: random, generated and stored on first use;
    /// "" on a read-only database that has none yet.
    virtual std::string pseudonym_key() = 0;
    /// Whether the store was opened read-only (OpenMode::ReadOnly).
    virtual bool read_only() const = 0;
};

} // namespace vs::storage

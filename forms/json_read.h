#pragma once
// Internal to forms: typed field access on JSON objects that throws InputError with the path.

#include "forms/error.h"
#include "forms/json_io.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vs::forms::detail {

using json = nlohmann::json;

/// The longest text value read from any file (a summary, a comment, a free-text answer, a
/// template's guidance): 64 KiB. Longer values are refused, never stored or echoed back.
inline constexpr std::size_t kMaxTextBytes = 65536;

std::string describe(const json& value);

/// Reads fields of JSON objects within one file, naming the path of every error.
class Reader {
  public:
    explicit Reader(const std::string& file) : m_file(file) {}

    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw InputError(m_file, path, message);
    }
    const std::string& file() const { return m_file; }

    const json& object(const json& value, const std::string& path) const;
    const json& array(const json& value, const std::string& path) const;
    /// The member or nullptr; `obj` must be an object.
    const json* find(const json& obj, const char* key) const;
    const json& require(const json& obj, const char* key, const std::string& path) const;

    std::string string(const json& obj, const char* key, const std::string& path,
                       std::optional<std::string> fallback = std::nullopt) const;
    double number(const json& obj, const char* key, const std::string& path,
                  std::optional<double> fallback = std::nullopt) const;
    int integer(const json& obj, const char* key, const std::string& path,
                std::optional<int> fallback = std::nullopt) const;
    bool boolean(const json& obj, const char* key, const std::string& path, bool fallback) const;

    /// A string of at most kMaxTextBytes that files can carry (forms::text_problem).
    std::string string_value(const json& value, const std::string& path) const;
    /// Refuses text that holds a character files cannot carry, naming `path`.
    void check_chars(std::string_view text, const std::string& path) const;

    /// A finite number (NaN and infinities refused).
    double number_value(const json& value, const std::string& path) const;
    /// A number with an integral value that fits an int.
    int integer_value(const json& value, const std::string& path) const;

  private:
    const std::string& m_file;
};

/// True when `id` matches [a-z][a-z0-9_]* (or [a-z][a-z0-9_-]* with `allow_dash`).
bool valid_id(const std::string& id, bool allow_dash = false);

} // namespace vs::forms::detail

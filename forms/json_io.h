#pragma once
// Strict JSON reading shared by every file format: duplicate keys, invalid UTF-8 and syntax
// errors are refused with the line and column.

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace vs::forms {

/// Parses JSON text strictly (a UTF-8 BOM is skipped); throws InputError(file, "line L, column C").
nlohmann::json parse_json_strict(std::string_view text, const std::string& file);

/// Called with each element of a streamed array and the offset just past it in the text.
using JsonElementFn = std::function<void(nlohmann::json&& element, std::size_t end)>;

/// Parses as parse_json_strict does, but when the top level is an object whose member `key` is
/// an array, hands each element of that array to `element` as soon as it is complete and frees
/// it: the returned document holds that array empty. An exception from `element` stops the
/// parse and propagates unchanged.
nlohmann::json parse_json_strict(std::string_view text, const std::string& file,
                                 std::string_view key, const JsonElementFn& element);

/// Reads a whole file into a string; throws InputError when it cannot be read.
std::string read_file(const std::string& path);

/// Appends `s` as a JSON string literal (quotes, escapes; UTF-8 passes through).
void append_json_string(std::string& out, std::string_view s);

/// `base.key` / `base[index]`: JSON paths for messages.
std::string json_path(const std::string& base, std::string_view key);
std::string json_path(const std::string& base, std::size_t index);

} // namespace vs::forms

#include "forms/json_read.h"

#include "forms/text.h"

#include <limits>

namespace vs::forms::detail {

std::string describe(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::string:
        return "a string";
    case json::value_t::array:
        return "an array";
    case json::value_t::object:
        return "an object";
    default:
        return "a number";
    }
}

const json& Reader::object(const json& value, const std::string& path) const {
    if (!value.is_object())
        fail(path, "must be an object, not " + describe(value));
    return value;
}

const json& Reader::array(const json& value, const std::string& path) const {
    if (!value.is_array())
        fail(path, "must be an array, not " + describe(value));
    return value;
}

const json* Reader::find(const json& obj, const char* key) const {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

const json& Reader::require(const json& obj, const char* key, const std::string& path) const {
    const json* v = find(obj, key);
    if (!v)
        fail(json_path(path, key), "is missing");
    return *v;
}

std::string Reader::string(const json& obj, const char* key, const std::string& path,
                           std::optional<std::string> fallback) const {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (fallback)
            return *fallback;
        fail(json_path(path, key), "is missing");
    }
    return string_value(*v, json_path(path, key));
}

std::string Reader::string_value(const json& value, const std::string& path) const {
    if (!value.is_string())
        fail(path, "must be a string, not " + describe(value));
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() > kMaxTextBytes)
        fail(path, "is longer than " + std::to_string(kMaxTextBytes) + " bytes");
    check_chars(s, path);
    return s;
}

void Reader::check_chars(std::string_view text, const std::string& path) const {
    // The JSON parser has checked the UTF-8 already; what is left is what XML cannot carry.
    if (std::string problem = forbidden_character(text); !problem.empty())
        fail(path, problem);
}

double Reader::number_value(const json& value, const std::string& path) const {
    if (!value.is_number())
        fail(path, "must be a number, not " + describe(value));
    double d = value.get<double>();
    if (!std::isfinite(d))
        fail(path, "must be a finite number");
    return d;
}

int Reader::integer_value(const json& value, const std::string& path) const {
    double d = number_value(value, path);
    if (d != std::floor(d) || d < std::numeric_limits<int>::min() ||
        d > std::numeric_limits<int>::max())
        fail(path, "must be a whole number, not " + value.dump());
    return static_cast<int>(d);
}

double Reader::number(const json& obj, const char* key, const std::string& path,
                      std::optional<double> fallback) const {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (fallback)
            return *fallback;
        fail(json_path(path, key), "is missing");
    }
    return number_value(*v, json_path(path, key));
}

int Reader::integer(const json& obj, const char* key, const std::string& path,
                    std::optional<int> fallback) const {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (fallback)
            return *fallback;
        fail(json_path(path, key), "is missing");
    }
    return integer_value(*v, json_path(path, key));
}

bool Reader::boolean(const json& obj, const char* key, const std::string& path,
                     bool fallback) const {
    const json* v = find(obj, key);
    if (!v || v->is_null())
        return fallback;
    if (!v->is_boolean())
        fail(json_path(path, key), "must be true or false, not " + describe(*v));
    return v->get<bool>();
}

bool valid_id(const std::string& id, bool allow_dash) {
    if (id.empty() || id[0] < 'a' || id[0] > 'z')
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              (allow_dash && c == '-')))
            return false;
    return true;
}

} // namespace vs::forms::detail

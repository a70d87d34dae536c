#include "forms/json_io.h"

#include "forms/error.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <sstream>
#include <vector>

namespace vs {

InputError::InputError(std::string file, std::string where, std::string message)
    : std::runtime_error((file.empty() ? std::string() : file + ": ") +
                         (where.empty() ? std::string() : where + ": ") + message),
      m_file(std::move(file)), m_where(std::move(where)), m_message(std::move(message)) {}

namespace forms {
namespace {

constexpr int kMaxDepth = 64;

std::string line_column(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// The parser's message without its "[json.exception.parse_error.101] parse error at …:" prefix.
std::string plain_message(const std::string& what) {
    auto pos = what.find(": ");
    std::string msg = pos == std::string::npos ? what : what.substr(pos + 2);
    // nlohmann says "syntax error while parsing value - invalid literal; last read: 'x'"
    if (auto dash = msg.find(" - "); dash != std::string::npos)
        msg = msg.substr(0, dash) + ": " + msg.substr(dash + 3);
    return msg;
}

/// A char iterator that records how far the parser has read, so that errors raised from the
/// parser callback (duplicate keys, nesting) can name a line and column as syntax errors do.
class TrackingIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackingIterator(const char* p, const char** furthest) : m_p(p), m_furthest(furthest) {}
    reference operator*() const { return *m_p; }
    TrackingIterator& operator++() {
        ++m_p;
        if (m_p > *m_furthest)
            *m_furthest = m_p;
        return *this;
    }
    TrackingIterator operator++(int) {
        TrackingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const TrackingIterator& other) const { return m_p == other.m_p; }
    bool operator!=(const TrackingIterator& other) const { return m_p != other.m_p; }

  private:
    const char* m_p;
    const char** m_furthest;
};

/// The offset of the opening quote of the string whose closing quote is at `close`.
std::size_t string_start(std::string_view text, std::size_t close) {
    for (std::size_t i = close; i-- > 0;) {
        if (text[i] != '"')
            continue;
        std::size_t backslashes = 0;
        while (backslashes < i && text[i - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return i;
    }
    return close;
}

/// Builds the document from the parser's SAX events (nlohmann's own DOM builder with a callback
/// costs a std::function call and a copy per token), refusing duplicate keys and deep nesting.
/// `depth` is called with the nesting depth of every event, as nlohmann's parser callback counts
/// it, so that a refusal names the same place; `duplicate` is called with a repeated key.
/// With stream(), the elements of one top-level array member go to a callback instead.
class StrictDomBuilder {
  public:
    using json = nlohmann::json;

    StrictDomBuilder(std::function<void(int)> depth,
                     std::function<void(const std::string&)> duplicate)
        : m_depth(std::move(depth)), m_duplicate(std::move(duplicate)) {}

    /// Hands each element of the top-level array member `key` to `element`, with `position()`.
    void stream(std::string_view key, const JsonElementFn* element,
                std::function<std::size_t()> position) {
        m_stream_key = key;
        m_element = element;
        m_position = std::move(position);
    }

    /// The document; rethrows what the element callback threw.
    json take() {
        if (m_element_error)
            std::rethrow_exception(m_element_error);
        return std::move(m_root);
    }

    bool null() { return value(json(nullptr)); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t&) { return value(json(v)); }
    bool string(json::string_t& v) { return value(json(std::move(v))); }
    bool binary(json::binary_t& v) { return value(json::binary(std::move(v))); }

    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& k) {
        check_depth(0);
        if (m_element && m_open.size() == 1)
            m_key_streams = k == m_stream_key;
        auto [it, fresh] = m_open.back()->get_ref<json::object_t&>().try_emplace(std::move(k));
        if (!fresh)
            m_duplicate(k); // try_emplace leaves `k` alone when the key is there
        m_slot = &it->second;
        return true;
    }

    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& e) {
        throw e;
    }

  private:
    /// The depth nlohmann's callback would see: open containers, plus `offset`.
    void check_depth(int offset) { m_depth(static_cast<int>(m_open.size()) + offset); }

    json* place(json&& v) {
        if (m_open.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        if (json& top = *m_open.back(); top.is_array()) {
            auto& array = top.get_ref<json::array_t&>();
            array.push_back(std::move(v));
            return &array.back();
        }
        *m_slot = std::move(v);
        return m_slot;
    }
    bool value(json&& v) {
        check_depth(0);
        place(std::move(v));
        return element_done();
    }
    bool open(json&& container) {
        check_depth(0);
        const bool streamed = m_key_streams && m_open.size() == 1 && container.is_array();
        m_open.push_back(place(std::move(container)));
        if (streamed)
            m_streamed = m_open.back();
        return true;
    }
    bool close() {
        check_depth(-1);
        m_open.pop_back();
        return element_done();
    }
    /// After a value or a closed container: hands a completed element of the streamed array to
    /// the callback and frees it. Returns false (stop parsing) when the callback threw.
    bool element_done() {
        if (m_streamed == nullptr || m_open.empty() || m_open.back() != m_streamed)
            return true;
        auto& array = m_streamed->get_ref<json::array_t&>();
        json element = std::move(array.back());
        array.pop_back();
        try {
            (*m_element)(std::move(element), m_position());
        } catch (...) {
            m_element_error = std::current_exception();
            return false;
        }
        return true;
    }

    std::function<void(int)> m_depth;
    std::function<void(const std::string&)> m_duplicate;
    json m_root;
    std::vector<json*> m_open; ///< open containers, innermost last
    json* m_slot = nullptr;    ///< where the value after the last key goes
    std::string_view m_stream_key;
    const JsonElementFn* m_element = nullptr;
    std::function<std::size_t()> m_position;
    bool m_key_streams = false; ///< the last top-level key is m_stream_key
    json* m_streamed = nullptr; ///< the array whose elements go to m_element
    std::exception_ptr m_element_error;
};

/// Thrown by FastHandler where it cannot be sure to read as nlohmann's parser does.
struct Unsure {};

/// The RapidJSON parse options of the fast reading: strict JSON (no comments, NaN or trailing
/// commas), numbers handed over as their text to be typed as nlohmann types them. Strings are
/// checked as UTF-8 by FastHandler.
constexpr unsigned kFastParseFlags = rapidjson::kParseNumbersAsStringsFlag;

/// Hands RapidJSON's SAX events (several times faster than nlohmann's lexer, which copies every
/// character into a token buffer and counts lines and columns as it goes) to the builder as
/// nlohmann's parser would. Where RapidJSON reads differently it throws Unsure, as the builder
/// does at a refusal, and RapidJSON's own errors end the fast reading too: the text is then read
/// again by nlohmann's parser, which words the error. So the fast reading only ever accepts what
/// nlohmann accepts, with the same values.
class FastHandler {
  public:
    using json = nlohmann::json;
    using SizeType = rapidjson::SizeType;

    explicit FastHandler(StrictDomBuilder& builder) : m_builder(builder) {}

    /// The builder stopped the parse (the element callback threw).
    bool stopped() const { return m_stopped; }

    bool Null() { return go(m_builder.null()); }
    bool Bool(bool b) { return go(m_builder.boolean(b)); }
    // With kParseNumbersAsStringsFlag every number arrives through RawNumber.
    bool Int(int) { throw Unsure{}; }
    bool Uint(unsigned) { throw Unsure{}; }
    bool Int64(std::int64_t) { throw Unsure{}; }
    bool Uint64(std::uint64_t) { throw Unsure{}; }
    bool Double(double) { throw Unsure{}; }

    /// A number, typed as nlohmann types it: an integer without fraction or exponent is
    /// unsigned, or signed with a minus; the rest a double. Overflows and underflows are left
    /// to nlohmann (it reads a too large integer as a double and refuses 1e400).
    bool RawNumber(const char* str, SizeType length, bool) {
        const char* end = str + length;
        const bool integral =
            std::find_if(str, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == end;
        if (integral) {
            if (length > 0 && *str == '-') {
                json::number_integer_t v = 0;
                if (std::from_chars(str, end, v).ec != std::errc())
                    throw Unsure{};
                return go(m_builder.number_integer(v));
            }
            json::number_unsigned_t v = 0;
            if (std::from_chars(str, end, v).ec != std::errc())
                throw Unsure{};
            return go(m_builder.number_unsigned(v));
        }
        double v = 0;
        if (std::from_chars(str, end, v).ec != std::errc() || !std::isfinite(v))
            throw Unsure{};
        return go(m_builder.number_float(v, m_text));
    }

    bool String(const char* str, SizeType length, bool) {
        take(str, length);
        return go(m_builder.string(m_text));
    }
    bool Key(const char* str, SizeType length, bool) {
        take(str, length);
        return go(m_builder.key(m_text));
    }
    bool StartObject() { return go(m_builder.start_object(static_cast<std::size_t>(-1))); }
    bool EndObject(SizeType) { return go(m_builder.end_object()); }
    bool StartArray() { return go(m_builder.start_array(static_cast<std::size_t>(-1))); }
    bool EndArray(SizeType) { return go(m_builder.end_array()); }

  private:
    bool go(bool carry_on) {
        m_stopped = !carry_on;
        return carry_on;
    }
    /// A sink for RapidJSON's UTF-8 check, which copies what it reads.
    struct Discard {
        using Ch = char;
        void Put(char) {}
    };
    /// The decoded string into m_text, checked as UTF-8 (RFC 3629, as nlohmann checks it) with
    /// RapidJSON's own check. RapidJSON checks the text during the parse one character at a time
    /// (kParseValidateEncodingFlag, half again the time of the whole reading); the decoded string
    /// is checked instead, and only when it has a byte above ASCII. An escape decodes to a whole
    /// sequence, so the decoded string is valid exactly when the text was, with one exception the
    /// check also catches: RapidJSON decodes a lone low surrogate escape ("\uDC00"), which nlohmann
    /// refuses, into the bytes ED B0 80, an encoded surrogate.
    void take(const char* str, SizeType length) {
        unsigned char high = 0;
        for (SizeType i = 0; i < length; ++i)
            high |= static_cast<unsigned char>(str[i]);
        if (high >= 0x80) {
            rapidjson::MemoryStream in(str, length);
            Discard out;
            while (in.Tell() < length)
                if (!rapidjson::UTF8<>::Validate(in, out))
                    throw Unsure{};
        }
        m_text.assign(str, length);
    }

    StrictDomBuilder& m_builder;
    json::string_t m_text; ///< the last string read
    bool m_stopped = false;
};

} // namespace

nlohmann::json parse_json_strict(std::string_view text, const std::string& file) {
    return parse_json_strict(text, file, {}, nullptr);
}

nlohmann::json parse_json_strict(std::string_view text, const std::string& file,
                                 std::string_view key, const JsonElementFn& element) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3);

    const char* furthest = text.data();
    const auto position = [&] { return static_cast<std::size_t>(furthest - text.data()); };
    // The elements the fast reading handed out: the second reading skips them.
    std::size_t handed_out = 0;
    {
        // MemoryStream, not StringStream: RapidJSON reads a StringStream through a local copy
        // while it reads a string or number, so its Tell() lags behind in the handler; and the
        // text needs no terminating NUL.
        rapidjson::MemoryStream in(text.data(), text.size());
        const auto fast_position = [&in] { return static_cast<std::size_t>(in.Tell()); };
        const JsonElementFn counted = [&](nlohmann::json&& e, std::size_t end) {
            ++handed_out;
            element(std::move(e), end);
        };
        const auto unsure = [](auto&&) { throw Unsure{}; };
        StrictDomBuilder builder(
            [](int depth) {
                if (depth > kMaxDepth)
                    throw Unsure{};
            },
            unsure);
        if (element)
            builder.stream(key, &counted, fast_position);
        try {
            FastHandler handler(builder);
            rapidjson::Reader reader;
            const rapidjson::ParseResult ok = reader.Parse<kFastParseFlags>(in, handler);
            if (handler.stopped())
                return builder.take(); // rethrows what the element callback threw
            // A NUL byte ends a MemoryStream as its end does: what follows one is left to nlohmann.
            if (!ok.IsError() && in.Tell() == text.size())
                return builder.take();
        } catch (const Unsure&) {
        }
    }
    furthest = text.data();
    // The offset of the last character the parser has read.
    auto last_read = [&] { return position() - (furthest > text.data() ? 1 : 0); };
    StrictDomBuilder builder(
        [&](int depth) {
            if (depth > kMaxDepth)
                throw InputError(file, line_column(text, last_read()),
                                 "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        },
        [&](const std::string& duplicate) {
            throw InputError(file, line_column(text, string_start(text, last_read())),
                             "duplicate key \"" + duplicate + "\"");
        });
    const JsonElementFn rest = [&](nlohmann::json&& e, std::size_t end) {
        if (handed_out > 0)
            --handed_out;
        else
            element(std::move(e), end);
    };
    if (element)
        builder.stream(key, &rest, position);
    try {
        nlohmann::json::sax_parse(TrackingIterator(text.data(), &furthest),
                                  TrackingIterator(text.data() + text.size(), &furthest), &builder);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(file, line_column(text, e.byte == 0 ? 0 : e.byte - 1),
                         "invalid JSON: " + plain_message(e.what()));
    } catch (const nlohmann::json::exception& e) {
        // e.g. a number too large for a double (1e400): name the place as for syntax errors.
        throw InputError(file, line_column(text, last_read()),
                         "invalid JSON: " + plain_message(e.what()));
    }
    return builder.take();
}

std::string read_file(const std::string& path) {
    // Checked before opening: a folder opens as a stream that then fails to read.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (path.empty())
        throw InputError(path, "", "no file named");
    if (status.type() == std::filesystem::file_type::not_found)
        throw InputError(path, "", "there is no such file");
    if (status.type() == std::filesystem::file_type::directory)
        throw InputError(path, "", "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "",
                         std::string("cannot open the file for reading (") + std::strerror(errno) +
                             ")");
    // Read in one piece when the size is known: a stringstream grows by doubling, copying a
    // large package several times over and touching fresh pages each time.
    std::string text;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0 && in) {
        text.resize(static_cast<std::size_t>(size));
        in.read(text.data(), size);
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (in.bad())
            throw InputError(path, "", "cannot read the file");
        if (in.gcount() < size)
            return text; // shorter than its size said (changed while read): what is there
    }
    in.clear();
    // A stream without a size (a pipe), or a file that grew meanwhile: the rest as it comes.
    std::ostringstream rest;
    rest << in.rdbuf();
    if (in.bad())
        throw InputError(path, "", "cannot read the file");
    std::string more = std::move(rest).str();
    if (text.empty())
        return more;
    text += more;
    return text;
}

void append_json_string(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0; // start of the run of characters that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += hex[(c >> 4) & 0xF];
            out += hex[c & 0xF];
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

std::string json_path(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string json_path(const std::string& base, std::size_t index) {
    return base + "[" + std::to_string(index) + "]";
}

} // namespace forms
} // namespace vs

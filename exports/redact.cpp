#include "exports/redact.h"

#include "forms/utf8.h"

#include <algorithm>
#include <stdexcept>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace vs::exports {
namespace {

/// The folded form of one code point past ASCII (possibly empty: a combining mark, a soft
/// hyphen).
const std::u32string& fold(char32_t cp) {
    thread_local std::unordered_map<char32_t, std::u32string> cache;
    if (auto it = cache.find(cp); it != cache.end())
        return it->second;
    std::u32string out;
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(ec);
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
    if (U_FAILURE(ec))
        throw std::runtime_error(std::string("Unicode normalisation data missing: ") +
                                 u_errorName(ec));
    const icu::UnicodeString folded =
        nfd->normalize(casefold->normalize(icu::UnicodeString(static_cast<UChar32>(cp)), ec), ec);
    if (U_FAILURE(ec)) {
        out = cp;
    } else {
        for (int32_t i = 0; i < folded.length();) {
            const UChar32 c = folded.char32At(i);
            i += U16_LENGTH(c);
            const auto type = u_charType(c);
            if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
                type == U_COMBINING_SPACING_MARK)
                continue;
            out += static_cast<char32_t>(c);
        }
    }
    return cache.emplace(cp, std::move(out)).first->second;
}

bool word_char(char32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    return u_isalnum(static_cast<UChar32>(c));
}

struct Word {
    std::size_t begin = 0, end = 0; ///< bytes of the original text
    std::string folded;             ///< UTF-8
};

/// Decodes one code point at `i`; an invalid byte decodes as U+FFFD of length 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto cp = forms::decode_utf8(s, i);
    len = cp ? cp->length : 1;
    return cp ? cp->value : 0xFFFD;
}

std::vector<Word> words_of(std::string_view s) {
    std::vector<Word> words;
    bool in_word = false;
    auto add = [&](char32_t c, std::size_t i, std::size_t len) {
        if (!in_word) {
            words.push_back({i, i + len, {}});
            in_word = true;
        }
        forms::append_utf8(words.back().folded, c);
        words.back().end = i + len;
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) { // ASCII: folded here, without ICU
            if (byte >= 'A' && byte <= 'Z')
                add(byte + 32, i, 1);
            else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9'))
                add(byte, i, 1);
            else
                in_word = false;
            ++i;
            continue;
        }
        std::size_t len = 1;
        const char32_t cp = decode(s, i, len);
        const std::u32string& f = fold(cp);
        if (f.empty()) { // ignorable: joins whatever it is in
            if (in_word)
                words.back().end = i + len;
        } else {
            for (char32_t c : f) {
                if (word_char(c))
                    add(c, i, len);
                else
                    in_word = false;
            }
        }
        i += len;
    }
    return words;
}

} // namespace

std::vector<std::string> folded_words(std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : words_of(text))
        out.push_back(std::move(w.folded));
    return out;
}

void Redactor::add_words(std::vector<std::string> words, const std::string& replacement) {
    auto& list = m_terms[words.front()];
    for (const auto& t : list)
        if (t.words == words)
            return;
    list.push_back({std::move(words), replacement});
    std::stable_sort(list.begin(), list.end(),
                     [](const Term& a, const Term& b) { return a.words.size() > b.words.size(); });
}

void Redactor::add(std::string_view term, const std::string& replacement) {
    std::vector<std::string> words = folded_words(term);
    std::string joined;
    std::size_t letters = 0;
    for (const auto& w : words) {
        joined += w;
        for (unsigned char c : w)
            letters += (c & 0xC0) != 0x80;
    }
    if (letters < 2)
        return;
    if (words.size() > 1)
        add_words({joined}, replacement);
    add_words(std::move(words), replacement);
}

std::string Redactor::apply(std::string_view text) const {
    if (m_terms.empty() || text.empty())
        return std::string(text);
    const std::vector<Word> words = words_of(text);
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < words.size();) {
        const auto it = m_terms.find(words[i].folded);
        const Term* found = nullptr;
        if (it != m_terms.end())
            for (const Term& t : it->second) {
                if (i + t.words.size() > words.size())
                    continue;
                bool same = true;
                for (std::size_t k = 1; same && k < t.words.size(); ++k)
                    same = words[i + k].folded == t.words[k];
                if (same) {
                    found = &t;
                    break;
                }
            }
        if (!found) {
            ++i;
            continue;
        }
        const Word& last = words[i + found->words.size() - 1];
        out.append(text.substr(copied, words[i].begin - copied));
        out += found->replacement;
        copied = last.end;
        i += found->words.size();
    }
    if (copied == 0 && out.empty())
        return std::string(text);
    out.append(text.substr(copied));
    return out;
}

} // namespace vs::exports

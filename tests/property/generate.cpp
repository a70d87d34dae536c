#include "generate.h"

#include "forms/utf8.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <map>

namespace vs::property {

using json = nlohmann::json;

std::uint64_t Rng::next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::int64_t Rng::range(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    if (span == 0) // the whole 64-bit range
        return static_cast<std::int64_t>(next());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + next() % span);
}

double Rng::unit() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::string utf8(char32_t cp) {
    return forms::to_utf8(cp);
}

namespace {

/// Upper case and decomposition (NFD) of the letters the names below use.
struct Letter {
    const char* lower;
    const char* upper;
    const char* lower_nfd;
    const char* upper_nfd;
};
const Letter kLetters[] = {
    {"é", "É", "e\u0301", "E\u0301"},
    {"á", "Á", "a\u0301", "A\u0301"},
    {"í", "Í", "i\u0301", "I\u0301"},
    {"ó", "Ó", "o\u0301", "O\u0301"},
    {"ú", "Ú", "u\u0301", "U\u0301"},
    {"ñ", "Ñ", "n\u0303", "N\u0303"},
    {"ü", "Ü", "u\u0308", "U\u0308"},
    {"ë", "Ë", "e\u0308", "E\u0308"},
    {"ö", "Ö", "o\u0308", "O\u0308"},
    {"å", "Å", "a\u030A", "A\u030A"},
    {"ç", "Ç", "c\u0327", "C\u0327"},
    {"ş", "Ş", "s\u0327", "S\u0327"},
    {"ś", "Ś", "s\u0301", "S\u0301"},
    {"ø", "Ø", "ø", "Ø"},
    {"æ", "Æ", "æ", "Æ"},
    {"þ", "Þ", "þ", "Þ"},
    {"ð", "Ð", "ð", "Ð"},
    {"ł", "Ł", "ł", "Ł"},
    {"ß", "SS", "ß", "SS"},
    {"ί", "Ί", "\u03B9\u0301", "\u0399\u0301"},
    {"ό", "Ό", "\u03BF\u0301", "\u039F\u0301"},
    {"ν", "Ν", "ν", "Ν"},
    {"κ", "Κ", "κ", "Κ"},
    {"ο", "Ο", "ο", "Ο"},
    {"ς", "Σ", "ς", "Σ"},
    {"π", "Π", "π", "Π"},
    {"α", "Α", "α", "Α"},
    {"δ", "Δ", "δ", "Δ"},
    {"υ", "Υ", "υ", "Υ"},
    {"λ", "Λ", "λ", "Λ"},
};

std::vector<std::string> code_points(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

/// A person from a name written in lower case with capitals marked by the stored form.
Person person(const std::string& stored, const std::string& code) {
    Person p;
    p.name = stored;
    p.code = code;
    std::vector<Grapheme> word;
    for (const std::string& cp : code_points(stored)) {
        if (cp == " ") {
            p.words.push_back(std::move(word));
            word.clear();
            continue;
        }
        Grapheme g{{cp, cp, cp, cp}, false};
        if (cp.size() == 1 && std::isalpha(static_cast<unsigned char>(cp[0]))) {
            g.forms[0] = g.forms[2] = std::string(1, static_cast<char>(std::tolower(cp[0])));
            g.forms[1] = g.forms[3] = std::string(1, static_cast<char>(std::toupper(cp[0])));
            g.upper = std::isupper(static_cast<unsigned char>(cp[0])) != 0;
        } else {
            for (const Letter& l : kLetters)
                if (cp == l.lower || cp == l.upper)
                    g = {{l.lower, l.upper, l.lower_nfd, l.upper_nfd}, cp == l.upper};
        }
        word.push_back(g);
    }
    p.words.push_back(std::move(word));
    return p;
}

const char* const kShopperNames[] = {
    "José Núñez-García", "Zoë Ångström",         "Siobhán Ó Súilleabháin",
    "Þórður Ægisson",    "Günther Straßmann",    "Νίκος Παπαδόπουλος",
    "Ayşe Kaya",         "Zebedee Quillfeather",
};
const char* const kStaffNames[] = {
    "Łukasz Wiśniewski", "Søren Kierkegård",     "Amélie Poulain", "Ólafur Arnalds",
    "Françoise Hardy",   "Björk Guðmundsdóttir", "Dmitri Volkov",  "Mei Lin",
};

/// Characters that XML 1.0 forbids, all valid UTF-8 (JSON escapes them).
char32_t forbidden(Rng& rng) {
    static const char32_t kBad[] = {0x0,  0x1,  0x2,  0x7,  0x8,  0xB,    0xC,   0xE,
                                    0x10, 0x1B, 0x1F, 0x1A, 0x1E, 0xFFFE, 0xFFFF};
    return kBad[rng.range(0, std::size(kBad) - 1)];
}

std::string insert_forbidden(Rng& rng, const std::string& text) {
    auto cps = code_points(text);
    const auto at = static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(cps.size())));
    cps.insert(cps.begin() + static_cast<std::ptrdiff_t>(at), utf8(forbidden(rng)));
    std::string out;
    for (const auto& c : cps)
        out += c;
    return out;
}

const std::vector<std::string> kSpaces = {" ",      "  ",     "\t", "\u00A0", " \u00A0 ",
                                          "\u2002", "\u3000", "\n", " \t "};
const std::vector<std::string> kWords = {
    "service", "friendly",   "queue",       "=SUM(A1:A9)", "+1",  "-x",      "@cmd", "\"quoted\"",
    "a,b",     "semi;colon", "<b>bold</b>", "&amp;",       "]]>", "O'Brien", "10%",  "€5",
    "😀",       "\u200B",     "\u202Eevil",  "ﬁne",         "'",   "yes",     "no",   "ok"};

} // namespace

Generator::Generator(std::uint64_t seed) : m_rng(seed), m_seed(seed) {
    m_tier = m_rng.chance(0.3) ? Tier::Extreme : Tier::Moderate;
    std::vector<int> order(std::size(kShopperNames));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i],
                  order[static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(i)))]);
    for (int k = 0; k < 2; ++k) {
        char code[16];
        std::snprintf(code, sizeof code, "SHP%04d", static_cast<int>(m_rng.range(0, 9999)));
        m_cast.shoppers.push_back(person(kShopperNames[order[static_cast<std::size_t>(k)]], code));
    }
    std::vector<int> staff(std::size(kStaffNames));
    for (std::size_t i = 0; i < staff.size(); ++i)
        staff[i] = static_cast<int>(i);
    for (std::size_t i = staff.size() - 1; i > 0; --i)
        std::swap(staff[i],
                  staff[static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(i)))]);
    for (int k = 0; k < 4; ++k) {
        char code[16];
        std::snprintf(code, sizeof code, "EMP%03d%c", static_cast<int>(m_rng.range(0, 999)),
                      static_cast<char>('A' + k));
        m_cast.staff.push_back(person(kStaffNames[staff[static_cast<std::size_t>(k)]], code));
    }
}

std::string Generator::random_unicode(std::size_t max_chars) {
    std::string s;
    const auto n = static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(max_chars)));
    for (std::size_t i = 0; i < n; ++i) {
        char32_t cp;
        do {
            const double p = m_rng.unit();
            if (p < 0.3)
                cp = static_cast<char32_t>(m_rng.range(0x20, 0x7E));
            else if (p < 0.6)
                cp = static_cast<char32_t>(m_rng.range(0x80, 0xFFFF));
            else // planes 1-16, assigned or not
                cp = static_cast<char32_t>(m_rng.range(0x10000, 0x10FFFF));
        } while ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF);
        s += utf8(cp);
    }
    return s;
}

std::string Generator::name_variant(const Person& p) {
    // Per grapheme: random case and random composition, then random spacing between words;
    // now and then the whole name in full-width forms (NFKC folds them back).
    const int casing = static_cast<int>(m_rng.range(0, 3)); // lower, upper, as stored, mixed
    const bool nfd = m_rng.chance(0.4);
    std::string out;
    for (std::size_t w = 0; w < p.words.size(); ++w) {
        if (w)
            out += m_rng.chance(0.5) ? m_rng.pick(kSpaces) : std::string(" ");
        for (std::size_t g = 0; g < p.words[w].size(); ++g) {
            const Grapheme& gr = p.words[w][g];
            const bool upper =
                casing == 2 ? gr.upper : casing == 1 || (casing == 3 && m_rng.chance(0.5));
            out += gr.forms[(upper ? 1 : 0) + (nfd ? 2 : 0)];
        }
    }
    if (m_rng.chance(0.1)) { // full-width forms of ASCII letters
        std::string wide;
        for (const std::string& cp : code_points(out))
            wide += cp.size() == 1 && cp[0] > 0x20 && cp[0] < 0x7F
                        ? utf8(static_cast<char32_t>(0xFF01 + (cp[0] - 0x21)))
                        : cp;
        out = wide;
    }
    return out;
}

std::string Generator::code_variant(const Person& p) {
    std::string out;
    for (char c : p.code)
        out +=
            static_cast<char>(m_rng.chance(0.5) ? std::tolower(static_cast<unsigned char>(c)) : c);
    return out;
}

std::string Generator::free_text(std::size_t max_words, const Person* mention, bool* hostile) {
    std::string s;
    const auto n = static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(max_words)));
    const auto mention_at =
        mention ? static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(n))) : SIZE_MAX;
    auto sep = [&] {
        if (!s.empty())
            s += m_rng.chance(0.7) ? std::string(" ") : m_rng.pick(kSpaces);
    };
    for (std::size_t i = 0; i <= n; ++i) {
        if (i == mention_at) {
            // Word boundaries around the mention: a space or punctuation on each side.
            sep();
            const bool code = m_rng.chance(0.3);
            static const std::vector<std::string> kOpen = {"", "(", "\"", "«"};
            static const std::vector<std::string> kClose = {"", ")", ".", ",", "!", "'s", "»"};
            s += (s.empty() ? "" : " ") + m_rng.pick(kOpen) +
                 (code ? code_variant(*mention) : name_variant(*mention)) + m_rng.pick(kClose);
            s += ' ';
        }
        if (i == n)
            break;
        sep();
        if (m_rng.chance(0.5))
            s += m_rng.pick(kWords);
        else
            s += random_unicode(8);
    }
    if (hostile && m_rng.chance(0.5)) {
        s = insert_forbidden(m_rng, s);
        *hostile = true;
    }
    return s;
}

double Generator::points() {
    if (m_tier == Tier::Extreme && m_rng.chance(0.5)) {
        // The edges of the documented range (0, 1000], and now and then beyond it.
        static const std::vector<double> kExtreme = {1e-300, 1e-9, 1e-6, 999.999, 1000, 1000};
        static const std::vector<double> kBeyond = {1000.5, 1e6, 1e300};
        return m_rng.chance(0.02) ? m_rng.pick(kBeyond) : m_rng.pick(kExtreme);
    }
    static const std::vector<double> kPlain = {0.5, 1, 2, 3, 5, 10};
    return m_rng.chance(0.6) ? m_rng.pick(kPlain) : std::round(m_rng.real(0.1, 100) * 100) / 100;
}

double Generator::weight() {
    if (m_rng.chance(0.12))
        return 0;
    if (m_tier == Tier::Extreme && m_rng.chance(0.5)) {
        // The edges of the documented range [0, 1000], and now and then beyond it.
        static const std::vector<double> kExtreme = {1e-300, 1e-9, 999.999, 1000, 1000};
        static const std::vector<double> kBeyond = {1000.001, 1e9, 1e307};
        return m_rng.chance(0.02) ? m_rng.pick(kBeyond) : m_rng.pick(kExtreme);
    }
    static const std::vector<double> kPlain = {1, 10, 20, 25, 30, 40, 50, 0.5};
    return m_rng.chance(0.6) ? m_rng.pick(kPlain) : std::round(m_rng.real(0.1, 100) * 100) / 100;
}

GeneratedTemplate Generator::make_template(int version) {
    GeneratedTemplate g;
    g.tier = m_tier;
    const bool extreme = m_tier == Tier::Extreme;
    const bool hostile = m_rng.chance(0.08);
    json& t = g.doc;
    t["format"] = "visitscore.template/1";
    t["id"] = "prop-" + std::to_string(m_seed % 100000);
    t["version"] = version;
    t["name"] = "Property " + random_unicode(12);
    if (m_rng.chance(0.5))
        t["channel"] = "in_person";
    if (m_rng.chance(0.8))
        t["target"] =
            extreme ? (m_rng.chance(0.5) ? 0.0 : 100.0) : std::round(m_rng.real(0, 100) * 10) / 10;
    if (m_rng.chance(0.5))
        t["min_applicable"] = extreme ? (m_rng.chance(0.5) ? 0.0 : 1.0) : m_rng.real(0, 0.6);

    const int sections = static_cast<int>(m_rng.range(1, 5));
    int qn = 0;
    std::vector<json> earlier; // questions so far, for show_if
    json& sarr = t["sections"] = json::array();
    for (int si = 0; si < sections; ++si) {
        json s;
        s["id"] = "s" + std::to_string(si);
        if (m_rng.chance(0.8))
            s["title"] = random_unicode(15);
        if (m_rng.chance(0.3))
            s["description"] = free_text(6, nullptr, nullptr);
        if (m_rng.chance(0.85))
            s["weight"] = weight();
        const std::size_t before = static_cast<std::size_t>(qn);
        if (before > 0 && m_rng.chance(0.25)) {
            const json& ref = earlier[static_cast<std::size_t>(
                m_rng.range(0, static_cast<std::int64_t>(before) - 1))];
            json in = json::array();
            for (int k = static_cast<int>(m_rng.range(1, 3)); k > 0; --k)
                in.push_back(condition_value(ref));
            s["show_if"] = {{"question", ref["id"]}, {"in", in}};
        }
        json& qarr = s["questions"] = json::array();
        const int questions = static_cast<int>(m_rng.range(1, 6));
        for (int k = 0; k < questions; ++k) {
            json q;
            q["id"] = "q" + std::to_string(qn++);
            static const std::vector<std::string> kTypes = {
                "yes_no",    "yes_no", "scale",  "scale", "choice", "choice", "checklist",
                "checklist", "number", "number", "nps",   "text",   "text"};
            const std::string type = m_rng.pick(kTypes);
            q["type"] = type;
            if (m_rng.chance(0.9))
                q["text"] = free_text(8, nullptr, nullptr);
            if (m_rng.chance(0.3))
                q["guidance"] = random_unicode(30);
            const bool scored = type != "nps" && type != "text";
            if (scored && m_rng.chance(0.8))
                q["points"] = points();
            if (type == "nps" && m_rng.chance(0.2))
                q["points"] = 0;
            if (m_rng.chance(0.3))
                q["na"] = true;
            if (scored && m_rng.chance(0.2))
                q["critical"] = m_rng.chance(0.6) ? "section" : "visit";
            if (scored && m_rng.chance(0.4))
                q["pass_at"] = extreme ? (m_rng.chance(0.5) ? 0.0 : 1.0)
                                       : std::round(m_rng.real(0, 1) * 100) / 100;
            if (type == "yes_no") {
                if (m_rng.chance(0.4))
                    q["expect"] = m_rng.chance(0.5) ? "yes" : "no";
            } else if (type == "scale") {
                std::int64_t lo, hi;
                if (extreme && m_rng.chance(0.6)) {
                    // Documented: bounds within -1000..1000, max - min at most 100.
                    static const std::vector<std::pair<std::int64_t, std::int64_t>> kBounds = {
                        {-1000, -900}, {900, 1000}, {-50, 50}, {-1000, -999},
                        {999, 1000},   {0, 100},    {-1, 0},   {-100, 0}};
                    static const std::vector<std::pair<std::int64_t, std::int64_t>> kBeyond = {
                        {INT_MIN, INT_MAX},
                        {-1000000, 1000000},
                        {INT_MAX - 1, INT_MAX},
                        {-1000, 1000},
                        {0, 101}};
                    std::tie(lo, hi) =
                        m_rng.chance(0.03) ? m_rng.pick(kBeyond) : m_rng.pick(kBounds);
                } else {
                    lo = m_rng.range(-10, 5);
                    hi = lo + m_rng.range(1, 10);
                }
                q["min"] = lo;
                q["max"] = hi;
                if (hi - lo <= 10 && m_rng.chance(0.4)) {
                    json labels = json::array();
                    for (std::int64_t v = lo; v <= hi; ++v)
                        labels.push_back(m_rng.chance(0.5) ? random_unicode(6) : std::string());
                    q["labels"] = labels;
                }
            } else if (type == "choice" || type == "checklist") {
                json opts = json::array();
                const int n = static_cast<int>(m_rng.range(1, 6));
                double total = 0;
                for (int o = 0; o < n; ++o) {
                    json opt;
                    std::string id = m_rng.chance(0.8)
                                         ? "o" + std::to_string(o)
                                         : "o" + std::to_string(o) + " " + random_unicode(3);
                    if (type == "checklist") {
                        // Documented (README): no ';' in a checklist option id, and no space at
                        // either end.
                        std::erase(id, ';');
                        while (!id.empty() && id.back() == ' ')
                            id.pop_back();
                    }
                    opt["id"] = id;
                    if (m_rng.chance(0.6))
                        opt["label"] = random_unicode(10);
                    double score;
                    if (type == "choice") {
                        score = m_rng.chance(0.3) ? m_rng.pick(std::vector<double>{0, 0.5, 1})
                                                  : m_rng.unit();
                    } else if (extreme && m_rng.chance(0.6)) {
                        // Documented: weights in [0, 1000].
                        static const std::vector<double> kW = {0,       1e-300, 1e-12,
                                                               999.999, 1000,   1000};
                        static const std::vector<double> kBeyond = {1000.5, 1e12, 1e307};
                        score = m_rng.chance(0.02) ? m_rng.pick(kBeyond) : m_rng.pick(kW);
                    } else {
                        // Option weights: any finite number >= 0, an option may count double.
                        static const std::vector<double> kW = {0, 0.25, 0.5, 1, 1, 2, 3, 1.5};
                        score = m_rng.chance(0.7) ? m_rng.pick(kW)
                                                  : std::round(m_rng.real(0, 5) * 100) / 100;
                    }
                    if (type == "checklist" && o == n - 1 && total + score <= 0)
                        score = 2; // the weights must add up to more than 0
                    total += score;
                    opt["score"] = score;
                    opts.push_back(opt);
                }
                q["options"] = opts;
            } else if (type == "number") {
                if (m_rng.chance(0.5))
                    q["unit"] = m_rng.chance(0.5) ? "s" : random_unicode(3);
                json bands = json::array();
                const int n = static_cast<int>(m_rng.range(1, 4));
                const bool open_last = m_rng.chance(0.5);
                std::vector<double> maxes;
                if (extreme && m_rng.chance(0.6)) {
                    // Documented: |max| up to 1e15; ascending picks from the edges.
                    std::vector<double> edges = {-1e15, -1e9, -1, -1e-300, 0, 1e-300, 1, 1e9, 1e15};
                    if (m_rng.chance(0.03))
                        edges.push_back(1e300); // beyond the range: must be refused naming it
                    for (std::size_t k = 0; k < edges.size(); ++k)
                        if (m_rng.chance(0.4))
                            maxes.push_back(edges[k]);
                    if (maxes.empty())
                        maxes.push_back(m_rng.pick(edges));
                    maxes.resize(std::min<std::size_t>(maxes.size(), static_cast<std::size_t>(n)));
                } else {
                    double max = std::round(m_rng.real(-1000, 1000));
                    for (int b = 0; b < n; ++b) {
                        maxes.push_back(max);
                        max += std::round(m_rng.real(1, 500));
                    }
                }
                for (std::size_t b = 0; b <= maxes.size(); ++b) {
                    json band;
                    if (b < maxes.size())
                        band["max"] = maxes[b];
                    else if (!open_last)
                        break;
                    band["score"] = m_rng.chance(0.3) ? m_rng.pick(std::vector<double>{0, 0.5, 1})
                                                      : m_rng.unit();
                    bands.push_back(band);
                }
                q["bands"] = bands;
            }
            if (!earlier.empty() && m_rng.chance(0.25)) {
                // An earlier question: of this section or of any section before it.
                const json& ref = earlier[static_cast<std::size_t>(
                    m_rng.range(0, static_cast<std::int64_t>(earlier.size()) - 1))];
                json in = json::array();
                for (int c = static_cast<int>(m_rng.range(1, 3)); c > 0; --c)
                    in.push_back(condition_value(ref));
                q["show_if"] = {{"question", ref["id"]}, {"in", in}};
            }
            qarr.push_back(q);
            earlier.push_back(q);
        }
        sarr.push_back(s);
    }
    if (hostile) {
        // A character that XML 1.0 forbids in the template's own wording.
        const int si = static_cast<int>(m_rng.range(0, static_cast<std::int64_t>(sarr.size()) - 1));
        json& s = sarr[static_cast<std::size_t>(si)];
        const int qi =
            static_cast<int>(m_rng.range(0, static_cast<std::int64_t>(s["questions"].size()) - 1));
        json& q = s["questions"][static_cast<std::size_t>(qi)];
        const std::string base = "sections[" + std::to_string(si) + "]";
        const std::string qbase = base + ".questions[" + std::to_string(qi) + "]";
        auto spoil = [&](json& obj, const char* key, const std::string& path) {
            obj[key] = insert_forbidden(m_rng, obj.value(key, std::string("x")));
            g.hostile_paths.push_back(path);
        };
        switch (m_rng.range(0, 6)) {
        case 0:
            spoil(t, "name", "name");
            break;
        case 1:
            spoil(s, "title", base + ".title");
            break;
        case 2:
            spoil(s, "description", base + ".description");
            break;
        case 3:
            spoil(q, "guidance", qbase + ".guidance");
            break;
        case 4:
            if (q.contains("options")) {
                auto& opts = q["options"];
                const auto k = static_cast<std::size_t>(
                    m_rng.range(0, static_cast<std::int64_t>(opts.size()) - 1));
                spoil(opts[k], "label", qbase + ".options[" + std::to_string(k) + "].label");
                break;
            }
            [[fallthrough]];
        case 5:
            if (q.contains("labels")) {
                auto& labels = q["labels"];
                const auto k = static_cast<std::size_t>(
                    m_rng.range(0, static_cast<std::int64_t>(labels.size()) - 1));
                labels[k] = insert_forbidden(m_rng, labels[k].get<std::string>());
                g.hostile_paths.push_back(qbase + ".labels[" + std::to_string(k) + "]");
                break;
            }
            if (q["type"] == "number") {
                spoil(q, "unit", qbase + ".unit");
                break;
            }
            [[fallthrough]];
        default:
            spoil(q, "text", qbase + ".text");
            break;
        }
    }
    return g;
}

json Generator::condition_value(const json& q) {
    if (q.value("na", false) && m_rng.chance(0.2))
        return "na";
    json a = answer_for(q);
    if (a.is_array())
        return q["options"][static_cast<std::size_t>(
            m_rng.range(0, static_cast<std::int64_t>(q["options"].size()) - 1))]["id"];
    if (a.is_null() || (a.is_string() && a == "na"))
        return condition_value(q);
    if (q["type"] == "text")
        return m_rng.pick(std::vector<std::string>{"yes", "no", "ok"});
    return a;
}

json Generator::answer_for(const json& q) {
    const std::string type = q["type"];
    if (q.value("na", false) && m_rng.chance(0.15))
        return "na";
    if (type == "yes_no")
        return m_rng.chance(0.5) ? "yes" : "no";
    if (type == "scale") {
        const std::int64_t lo = q["min"], hi = q["max"];
        const double p = m_rng.unit();
        const std::int64_t x = p < 0.2 ? lo : p < 0.4 ? hi : m_rng.range(lo, hi);
        if (m_rng.chance(0.1))
            return static_cast<double>(x); // a whole number written as 3.0
        return x;
    }
    if (type == "nps")
        return m_rng.chance(0.1) ? json(static_cast<double>(m_rng.range(0, 10)))
                                 : json(m_rng.range(0, 10));
    if (type == "choice")
        return q["options"][static_cast<std::size_t>(
            m_rng.range(0, static_cast<std::int64_t>(q["options"].size()) - 1))]["id"];
    if (type == "checklist") {
        json items = json::array();
        if (m_rng.chance(0.15))
            return items; // answered with nothing chosen
        for (const auto& o : q["options"])
            if (m_rng.chance(0.5))
                items.push_back(o["id"]);
        return items;
    }
    if (type == "number") {
        const json& bands = q["bands"];
        std::vector<double> maxes;
        for (const auto& b : bands)
            if (b.contains("max"))
                maxes.push_back(b["max"].get<double>());
        const bool open = !bands.back().contains("max");
        double x;
        const double p = m_rng.unit();
        const double m = maxes.empty() ? 0 : m_rng.pick(maxes);
        if (p < 0.3)
            x = m; // exactly on a band's limit
        else if (p < 0.5)
            x = std::nextafter(m, -INFINITY);
        else if (p < 0.65)
            x = std::nextafter(m, INFINITY);
        else if (p < 0.8)
            x = maxes.empty() ? 0 : maxes.front() - m_rng.real(0, 1000);
        else if (p < 0.9)
            x = m + m_rng.real(-500, 500);
        else
            x = m_tier == Tier::Extreme // documented: within ±1e15
                    ? m_rng.pick(std::vector<double>{-1e15, -999999999999999.9, 1e15, 1e-300})
                    : m_rng.real(-1e6, 1e6);
        if (std::abs(x) > 1e15)
            x = std::copysign(1e15, x);
        if (!open && !maxes.empty() && x > maxes.back())
            x = maxes.back(); // above the last closed band is refused by the reader (README)
        if (std::floor(x) == x && std::abs(x) < 9e15 && m_rng.chance(0.5))
            return static_cast<std::int64_t>(x);
        return x;
    }
    return free_text(10, nullptr, nullptr); // text: the visit generator adds mentions
}

GeneratedVisit Generator::make_visit(const json& tpl, int index) {
    GeneratedVisit g;
    json& v = g.doc;
    char uuid[40];
    const std::uint64_t a = m_rng.next(), b = m_rng.next();
    std::snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    std::string u = uuid;
    if (m_rng.chance(0.2))
        std::transform(u.begin(), u.end(), u.begin(),
                       [](unsigned char c) { return std::toupper(c); });
    v["uuid"] = u;
    v["template"] = tpl["id"];
    v["template_version"] = tpl["version"];
    static const std::vector<std::string> kClients = {"Northwind Bank", "Ørsted & Søn <Ltd>"};
    v["client"] = kClients[static_cast<std::size_t>(m_rng.chance(0.3))];
    static const std::vector<std::string> kRegions = {"North", "Süd", "東京"};
    if (m_rng.chance(0.8))
        v["region"] = m_rng.pick(kRegions);
    static const std::vector<std::string> kBranches = {"B01", "B02", "LDS01", "ZRH-7"};
    v["branch"] = m_rng.pick(kBranches);
    bool hostile_name = false;
    const bool may_be_hostile = m_rng.chance(0.12);
    if (m_rng.chance(0.6)) {
        v["branch_name"] = random_unicode(12);
        if (may_be_hostile && m_rng.chance(0.2)) {
            v["branch_name"] = insert_forbidden(m_rng, v["branch_name"].get<std::string>());
            hostile_name = true;
            g.hostile_fields.push_back("branch_name");
        }
    }
    const Person* staff = nullptr;
    if (m_rng.chance(0.85)) {
        staff = &m_cast.staff[static_cast<std::size_t>(m_rng.range(0, 2))];
        v["employee"] = staff->code;
        v["employee_name"] = staff->name;
    }
    const json& sections = tpl["sections"];
    for (const auto& s : sections)
        if (m_rng.chance(0.15))
            v["section_employees"][s["id"].get<std::string>()] = m_cast.staff[3].code;
    const Person& shopper = m_cast.shoppers[static_cast<std::size_t>(m_rng.chance(0.4))];
    g.shopper = &shopper;
    v["shopper"] = shopper.code;
    // The name as people type it into the name field too, now and then.
    v["shopper_name"] = m_rng.chance(0.25) ? name_variant(shopper) : shopper.name;
    char when[32];
    std::snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d%s",
                  static_cast<int>(m_rng.range(2025, 2026)), static_cast<int>(m_rng.range(1, 12)),
                  static_cast<int>(m_rng.range(1, 28)), static_cast<int>(m_rng.range(8, 19)),
                  static_cast<int>(m_rng.range(0, 59)), m_rng.chance(0.5) ? ":30" : "");
    v["visited_at"] = when;
    if (m_rng.chance(0.04)) // the ends of the plausible range (README: 1990 to 2100)
        v["visited_at"] = m_rng.pick(std::vector<std::string>{
            "1990-01-01T00:00", "2100-12-31T23:59:59", "2000-02-29 12:00", "2024-12-30T08:00"});
    const double st = m_rng.unit();
    v["status"] = st < 0.8 ? "approved" : st < 0.9 ? "submitted" : st < 0.95 ? "draft" : "excluded";

    // Mentions: the visit's shopper always; its staff member now and then (scrubbed only when
    // staff are pseudonymised).
    auto mention = [&]() -> const Person* {
        const double p = m_rng.unit();
        if (p < 0.45)
            return &shopper;
        if (p < 0.6 && staff)
            return staff;
        return nullptr;
    };
    bool used_hostile = hostile_name;
    auto text = [&](std::size_t words, const std::string& field) {
        bool h = false;
        std::string s = free_text(words, mention(), may_be_hostile && !used_hostile ? &h : nullptr);
        if (h) {
            used_hostile = true;
            g.hostile_fields.push_back(field);
        }
        return s;
    };
    json answers = json::object();
    for (const auto& s : sections)
        for (const auto& q : s["questions"]) {
            if (m_rng.chance(0.12))
                continue; // unanswered
            const std::string id = q["id"];
            if (q["type"] == "text" && !(q.value("na", false) && m_rng.chance(0.15)))
                answers[id] = m_rng.chance(0.2)
                                  ? json(m_rng.pick(std::vector<std::string>{"yes", "ok"}))
                                  : json(text(12, "answers." + id));
            else
                answers[id] = answer_for(q);
            if (m_rng.chance(0.25))
                v["comments"][id] = text(10, "comments." + id);
        }
    if (m_rng.chance(0.2))
        v["comments"]["visit"] = text(10, "comments.visit");
    v["answers"] = answers;
    if (m_rng.chance(0.8))
        v["summary"] = text(20, "summary");
    if (m_rng.chance(0.03)) {
        // Long text up to the documented limit of 64 KiB a value (README), past what one Excel
        // cell holds (32,767 characters).
        std::string longer = v.value("summary", std::string("summary"));
        const std::size_t limit = 65536 - static_cast<std::size_t>(m_rng.range(0, 8));
        while (longer.size() + 4 < limit)
            longer += m_rng.chance(0.5) ? std::string(" ok ")
                                        : utf8(static_cast<char32_t>(m_rng.range(0x4E00, 0x9FFF)));
        v["summary"] = longer;
    }
    if (may_be_hostile && !used_hostile) {
        // Codes and names of the header (not the shopper's: those are looked for in the exports).
        std::vector<std::string> keys = {"client",   "branch",        "region",
                                         "employee", "employee_name", "section_employees"};
        std::erase_if(keys, [&](const std::string& k) { return !v.contains(k); });
        if (!keys.empty()) {
            const std::string key = m_rng.pick(keys);
            if (key == "section_employees") {
                auto& se = v[key];
                auto it = se.begin();
                it.value() = insert_forbidden(m_rng, it.value().get<std::string>());
            } else {
                v[key] = insert_forbidden(m_rng, v[key].get<std::string>());
            }
            g.hostile_fields.push_back(key);
        }
    }
    (void)index;
    return g;
}

} // namespace vs::property

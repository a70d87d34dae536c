// Recognition (recognition.h): perfect sections and praise of named staff in comments.

#include "scoring/recognition.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string_view>
#include <tuple>

namespace vs::scoring {
namespace {

/// A word of a text: lower case (ASCII letters folded; other UTF-8 bytes kept as they are).
struct Word {
    std::string text;
    std::size_t begin = 0; ///< byte offsets in the text
    std::size_t end = 0;
};

bool word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/// The words of `text`: runs of letters and digits (any non-ASCII byte counts as a letter,
/// except the right single quotation mark, an apostrophe).
std::vector<Word> words_of(std::string_view text) {
    std::vector<Word> out;
    std::size_t i = 0;
    auto apostrophe_at = [&](std::size_t at) { return text.substr(at, 3) == "\xe2\x80\x99"; };
    while (i < text.size()) {
        if (!word_byte(static_cast<unsigned char>(text[i])) || apostrophe_at(i)) {
            i += apostrophe_at(i) ? 3 : 1;
            continue;
        }
        Word w;
        w.begin = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i])) &&
               !apostrophe_at(i)) {
            const char c = text[i];
            w.text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            ++i;
        }
        w.end = i;
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<std::string> word_texts(std::string_view text) {
    std::vector<std::string> out;
    for (Word& w : words_of(text))
        out.push_back(std::move(w.text));
    return out;
}

/// The sentences of a comment: split after '.', '!', '?', ';' and line breaks; trimmed.
std::vector<std::string> sentences_of(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const auto b = cur.find_first_not_of(" \t\r\n");
        if (b != std::string::npos) {
            const auto e = cur.find_last_not_of(" \t\r\n");
            out.push_back(cur.substr(b, e - b + 1));
        }
        cur.clear();
    };
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            flush();
            continue;
        }
        cur += c;
        if (c == '.' || c == '!' || c == '?' || c == ';')
            flush();
    }
    flush();
    return out;
}

/// Where `phrase` (words) occurs in `words`, from `from`; npos when it does not.
std::size_t find_words(const std::vector<Word>& words, const std::vector<std::string>& phrase,
                       std::size_t from = 0) {
    if (phrase.empty() || words.size() < phrase.size())
        return std::string::npos;
    for (std::size_t i = from; i + phrase.size() <= words.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < phrase.size() && same; ++k)
            same = words[i + k].text == phrase[k];
        if (same)
            return i;
    }
    return std::string::npos;
}

/// Whether the word before `at` negates what follows ("not", "never", "no", "hardly", or the
/// "t" of a word ending in "n't").
bool negated(const std::vector<Word>& words, std::size_t at) {
    if (at == 0)
        return false;
    const std::string& before = words[at - 1].text;
    if (before == "not" || before == "never" || before == "no" || before == "hardly" ||
        before == "nothing")
        return true;
    return before == "t" && at >= 2 && !words[at - 2].text.empty() &&
           words[at - 2].text.back() == 'n';
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool recognised_section(const RecognitionRules& rules, const RecognitionSection& s) {
    if (rules.sections.empty())
        return lower(s.id).find("complaint") != std::string::npos ||
               lower(s.title).find("complaint") != std::string::npos;
    return std::find_if(rules.sections.begin(), rules.sections.end(), [&](const std::string& id) {
               return id == "*" || id == s.id;
           }) != rules.sections.end();
}

std::string number_text(int n) {
    return std::to_string(n);
}

/// A staff member the comments of one visit may name, with the words that name them.
struct Candidate {
    const RecognitionStaff* staff = nullptr;
    std::vector<std::vector<std::string>> names; ///< full name first, then a unique first name
};

} // namespace

const std::vector<std::string>& default_praise_words() {
    static const std::vector<std::string> words = {"excellent",
                                                   "outstanding",
                                                   "exceptional",
                                                   "exemplary",
                                                   "superb",
                                                   "brilliant",
                                                   "fantastic",
                                                   "wonderful",
                                                   "amazing",
                                                   "impressive",
                                                   "impressed",
                                                   "praise",
                                                   "commend",
                                                   "commended",
                                                   "above and beyond",
                                                   "extra mile",
                                                   "went out of her way",
                                                   "went out of his way",
                                                   "went out of their way",
                                                   "a credit to",
                                                   "delighted"};
    return words;
}

std::vector<std::string> recognition_word_list(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const auto b = cur.find_first_not_of(" \t\r\n");
        if (b != std::string::npos) {
            const auto e = cur.find_last_not_of(" \t\r\n");
            out.push_back(lower(cur.substr(b, e - b + 1)));
        }
        cur.clear();
    };
    for (char c : text) {
        if (c == ',') {
            flush();
            continue;
        }
        cur += c;
    }
    flush();
    return out;
}

RecognitionScreen::RecognitionScreen(const RecognitionRules& rules) : m_rules(rules) {
    for (const std::string& p :
         m_rules.praise_words.empty() ? default_praise_words() : m_rules.praise_words)
        if (auto w = word_texts(p); !w.empty())
            m_praise.push_back(std::move(w));
}

bool RecognitionScreen::perfect(const RecognitionSection& s) const {
    return recognised_section(m_rules, s) && s.score && *s.score >= 100.0 - 1e-9 && s.na == 0 &&
           s.answered >= std::max(1, m_rules.min_answered);
}

std::string RecognitionScreen::praise_in(const std::string& sentence) const {
    const std::vector<Word> words = words_of(sentence);
    for (const auto& p : m_praise)
        for (std::size_t at = find_words(words, p); at != std::string::npos;
             at = find_words(words, p, at + 1))
            if (!negated(words, at))
                return sentence.substr(words[at].begin,
                                       words[at + p.size() - 1].end - words[at].begin);
    return {};
}

bool RecognitionScreen::may_recognise(const RecognitionVisit& v) const {
    for (const RecognitionSection& s : v.sections)
        if (perfect(s))
            return true;
    auto praised = [&](const std::string& text) {
        for (const std::string& sentence : sentences_of(text))
            if (!praise_in(sentence).empty())
                return true;
        return false;
    };
    for (const auto& [question, text] : v.comments)
        if (praised(text))
            return true;
    return praised(v.summary);
}

std::vector<Recognition> recognise(const std::vector<RecognitionVisit>& visits,
                                   const std::vector<RecognitionStaff>& staff,
                                   const RecognitionRules& rules) {
    const RecognitionScreen screen(rules);
    std::map<std::string, const RecognitionStaff*> by_code;
    std::map<std::string, std::vector<const RecognitionStaff*>> by_branch;
    for (const RecognitionStaff& s : staff) {
        by_code.emplace(s.code, &s);
        by_branch[s.branch].push_back(&s);
    }
    auto name_of = [&](const std::string& code) {
        auto it = by_code.find(code);
        return it == by_code.end() ? std::string() : it->second->name;
    };

    std::vector<const RecognitionVisit*> order;
    for (const RecognitionVisit& v : visits)
        order.push_back(&v);
    std::stable_sort(order.begin(), order.end(),
                     [](const RecognitionVisit* a, const RecognitionVisit* b) {
                         return std::tie(a->visited_at, a->uuid) < std::tie(b->visited_at, b->uuid);
                     });

    std::vector<Recognition> out;
    for (const RecognitionVisit* v : order) {
        auto base = [&] {
            Recognition r;
            r.visit = v->uuid;
            r.visited_at = v->visited_at;
            r.client = v->client;
            r.branch = v->branch;
            return r;
        };
        // 1. Perfect sections.
        for (const RecognitionSection& s : v->sections) {
            if (!screen.perfect(s))
                continue;
            Recognition r = base();
            r.kind = "perfect_section";
            r.section = s.id;
            r.employee = s.employee.empty() ? v->employee : s.employee;
            r.employee_name = name_of(r.employee);
            r.reason = (s.title.empty() ? s.id : s.title) + " at 100: all " +
                       number_text(s.answered) + " scored questions answered and passed, none NA";
            out.push_back(std::move(r));
        }

        // 2. Praise of a named staff member of the branch in a comment.
        std::vector<const RecognitionStaff*> here;
        std::set<std::string> seen;
        auto consider = [&](const RecognitionStaff* s) {
            if (s && !s->name.empty() && seen.insert(s->code).second)
                here.push_back(s);
        };
        if (auto it = by_branch.find(v->branch); it != by_branch.end())
            for (const RecognitionStaff* s : it->second)
                consider(s);
        if (auto it = by_code.find(v->employee); it != by_code.end())
            consider(it->second);
        for (const RecognitionSection& s : v->sections)
            if (auto it = by_code.find(s.employee); it != by_code.end())
                consider(it->second);
        if (here.empty())
            continue;
        std::map<std::string, int> first_names; // how many staff here share each
        for (const RecognitionStaff* s : here)
            if (auto w = word_texts(s->name); w.size() >= 2)
                ++first_names[w.front()];
        std::vector<Candidate> candidates;
        for (const RecognitionStaff* s : here) {
            Candidate c{s, {}};
            auto w = word_texts(s->name);
            if (w.empty())
                continue;
            c.names.push_back(w);
            if (w.size() >= 2 && w.front().size() >= 3 && first_names[w.front()] == 1)
                c.names.push_back({w.front()});
            candidates.push_back(std::move(c));
        }
        std::vector<std::pair<std::string, const std::string*>> comments; // question, text
        for (const auto& [question, text] : v->comments)
            comments.emplace_back(question, &text);
        comments.emplace_back("summary", &v->summary);
        std::set<std::string> praised;
        for (const auto& [question, text] : comments) {
            for (const std::string& sentence : sentences_of(*text)) {
                const std::string word_found = screen.praise_in(sentence);
                if (word_found.empty())
                    continue;
                const std::vector<Word> words = words_of(sentence);
                for (const Candidate& c : candidates) {
                    if (praised.count(c.staff->code))
                        continue;
                    for (const auto& name : c.names) {
                        const std::size_t at = find_words(words, name);
                        if (at == std::string::npos)
                            continue;
                        Recognition r = base();
                        r.kind = "praise";
                        r.question = question;
                        r.employee = c.staff->code;
                        r.employee_name = c.staff->name;
                        r.comment = sentence;
                        r.named_as = sentence.substr(
                            words[at].begin, words[at + name.size() - 1].end - words[at].begin);
                        r.reason =
                            std::string(question == "summary" ? "the visit's summary"
                                                              : "the comment on " + question) +
                            " names " + c.staff->name + " with praise (\"" + word_found + "\")";
                        praised.insert(c.staff->code);
                        out.push_back(std::move(r));
                        break;
                    }
                }
            }
        }
    }
    return out;
}

} // namespace vs::scoring

#pragma once
// Recognition (docs/recognition.md): the approved visits and the staff that went beyond the
// scorecard, for the client to thank, as readily as failures are listed. Two rules:
//
// - a perfect section: a recognised section (complaint handling by default) with a score of
//   100, at least `min_answered` scored questions answered and none answered "na"; the staff
//   member the section is attributed to is recognised;
// - praise in a comment: a sentence of a comment (or of the summary) that names a staff member
//   of the visit's branch (full name, or a first name no other staff member of the branch
//   shares) and holds a praise word not negated ("not", "never", "no", "hardly" or a word
//   ending in "n't" just before it).
//
// Pure: the caller gives the visits (approved ones, normally of one client and period), each
// section's score and how many of its questions were answered or NA, the comments, and the
// staff with their branches.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// A staff member who may be named in a comment.
struct RecognitionStaff {
    std::string code;
    std::string name;
    std::string branch; ///< branch code; "" when the staff member has no branch
};

/// One section of a visit, as recognition reads it.
struct RecognitionSection {
    std::string id;
    std::string title;
    std::optional<double> score; ///< score_s; none when the section is NA
    int answered = 0;            ///< visible scored questions answered with a value
    int na = 0;                  ///< visible scored questions answered "na"
    std::string employee;        ///< code of the staff member it is attributed to; "" none
};

/// One approved visit.
struct RecognitionVisit {
    std::string uuid;
    std::string visited_at; ///< local, YYYY-MM-DDTHH:MM[:SS]
    std::string client;
    std::string branch;   ///< code
    std::string employee; ///< the primary staff member's code; "" none
    std::vector<RecognitionSection> sections;
    std::map<std::string, std::string> comments; ///< question id -> comment
    std::string summary;
};

/// What counts. Empty lists take the defaults.
struct RecognitionRules {
    /// Section ids whose perfect score is recognised; "*" for every section. Empty: sections
    /// whose id or title says "complaint".
    std::vector<std::string> sections;
    /// Words and phrases of praise (compared without case, whole words). Empty:
    /// default_praise_words().
    std::vector<std::string> praise_words;
    int min_answered = 2; ///< scored questions a perfect section must have answered
};

/// One recognition of a visit and, when known, a staff member.
struct Recognition {
    std::string visit; ///< uuid
    std::string visited_at;
    std::string client;
    std::string branch;
    std::string employee;      ///< code; "" when the visit names no one for it
    std::string employee_name; ///< "" when unknown
    std::string kind;          ///< "perfect_section" or "praise"
    std::string section;       ///< perfect_section: the section id
    std::string question;      ///< praise: the comment's question id, or "summary"
    std::string comment;       ///< praise: the sentence that praises
    std::string named_as;      ///< praise: the words of the comment that name the staff member
    std::string reason;        ///< in plain words
};

/// The praise words used when the settings give none.
const std::vector<std::string>& default_praise_words();

/// A comma-separated list as words: trimmed, lower case, empty items dropped.
std::vector<std::string> recognition_word_list(const std::string& text);

/// What the rules let through before staff are known: a caller that reads many visits keeps only
/// those that may be recognised (and their comments), and reads the section attributions of
/// those with a perfect section only.
class RecognitionScreen {
  public:
    explicit RecognitionScreen(const RecognitionRules& rules);
    /// A recognised section at 100 with enough questions answered and none NA.
    bool perfect(const RecognitionSection& section) const;
    /// A sentence of a comment or of the summary that holds a praise word not negated; the
    /// word or phrase as written ("" when none).
    std::string praise_in(const std::string& sentence) const;
    /// A perfect section, or a comment or summary with praise: the visit may be recognised.
    bool may_recognise(const RecognitionVisit& visit) const;

  private:
    RecognitionRules m_rules;
    std::vector<std::vector<std::string>> m_praise; ///< each phrase as lower-case words
};

/// The recognitions of `visits`, by visit date, visit, then perfect sections (in section
/// order) before praise (in comment order: question ids, then the summary); each staff member
/// is recognised for praise once per visit.
std::vector<Recognition> recognise(const std::vector<RecognitionVisit>& visits,
                                   const std::vector<RecognitionStaff>& staff,
                                   const RecognitionRules& rules = {});

} // namespace vs::scoring

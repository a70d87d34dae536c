#pragma once
// Finding people's names and codes in text whatever their case, spacing or Unicode form, and
// replacing them (the shopper in a client report; staff when they are pseudonymised).
//
// Text and names are compared in a folded form: Unicode NFKC case folding (ICU's
// NFKC_Casefold: every case, full-width and compatibility forms, ligatures, default-ignorable
// characters such as soft hyphens and zero-width joiners dropped), then accents removed
// (canonical decomposition without combining marks, so that composed and decomposed forms, and
// "José" typed as "Jose", compare equal). Words are runs of letters and digits; anything else
// (spaces of any kind, no-break spaces, line breaks, punctuation) only separates words, so that
// "Zebedee   QUILLFEATHER" and "zebedee\u00a0quillfeather" both mention "Zebedee Quillfeather".
// A name also matches written as one word ("ZebedeeQuillfeather"). Whole words only: "Ann" is
// not found in "Annual".

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vs::exports {

class Redactor {
  public:
    /// Adds a name or code to find, replaced by `replacement`. A term of fewer than two letters
    /// or digits is ignored (it would hide ordinary words); the first replacement given for a
    /// term is kept.
    void add(std::string_view term, const std::string& replacement);
    /// `text` (UTF-8) with every mention of a term replaced, the longest term first.
    std::string apply(std::string_view text) const;
    /// True when no term was added.
    bool empty() const { return m_terms.empty(); }

  private:
    struct Term {
        std::vector<std::string> words; ///< folded, UTF-8
        std::string replacement;
    };
    void add_words(std::vector<std::string> words, const std::string& replacement);
    /// First word -> the terms starting with it, longest first.
    std::unordered_map<std::string, std::vector<Term>> m_terms;
};

/// The folded words of `text` (UTF-8), as Redactor compares them.
std::vector<std::string> folded_words(std::string_view text);

} // namespace vs::exports

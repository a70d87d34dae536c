#pragma once
// Errors raised on bad input: every one names the file, the place within it and what is wrong.

#include <stdexcept>
#include <string>

namespace vs {

/// Bad input: a file, a place in it (JSON path, line, column, visit) and what is wrong.
class InputError : public std::runtime_error {
  public:
    InputError(std::string file, std::string where, std::string message);

    /// The file the input came from ("" when none).
    const std::string& file() const { return m_file; }
    /// Where in the file: a JSON path such as `sections[1].questions[3].options`, or `line 4`.
    const std::string& where() const { return m_where; }
    /// What is wrong, without the file and place.
    const std::string& message() const { return m_message; }

  private:
    std::string m_file;
    std::string m_where;
    std::string m_message;
};

} // namespace vs

// Command lines for the recogniser tests: words as if written literally on one line,
// separated by single spaces, so expected spans are easy to state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/word.h"

namespace dl::commands::testing {

inline std::vector<Word> words_on_one_line(FileId file,
                                           const std::vector<std::string_view>& texts) {
  std::vector<Word> words;
  std::uint32_t offset = 0;
  for (std::string_view text : texts) {
    Word w;
    w.text = std::string(text);
    w.span = Span{file, offset, static_cast<std::uint32_t>(offset + text.size())};
    words.push_back(w);
    offset += static_cast<std::uint32_t>(text.size()) + 1;
  }
  return words;
}

// The bytes [from, to) of word i (to = the end of the word by default).
inline Span bytes_of(const std::vector<Word>& words, std::size_t i, std::size_t from = 0,
                     std::size_t to = std::string::npos) {
  const Span& s = words[i].span;
  const std::uint32_t end =
      to == std::string::npos ? s.end : s.begin + static_cast<std::uint32_t>(to);
  return Span{s.file, s.begin + static_cast<std::uint32_t>(from), end};
}

}  // namespace dl::commands::testing

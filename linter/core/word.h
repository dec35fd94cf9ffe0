// Command-line words with the exact place each was written, shared by every format that
// starts dockerd (systemd ExecStart=, env files, shell scripts).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "linter/core/span.h"

namespace dl {

// One argument after unquoting and expansion. `span` covers the bytes the text came from:
// for a word produced by a variable, the span of that part of the variable's value (which
// may be in another file); `via` is then the reference (`$DOCKER_OPTS`) that brought it in.
struct Word {
  std::string text;
  Span span;
  Span via;           // invalid unless the word came through a variable
  bool known = true;  // false when part of it is unknowable (a variable defined nowhere in
                      // the scanned tree, template syntax)
};

// Text assembled from bytes of one file (quotes removed, continuations joined, escapes
// decoded): offsets[i] is the file offset that produced text[i].
struct SourcedText {
  FileId file = kNoFile;
  std::string text;
  std::vector<std::uint32_t> offsets;
  bool known = true;

  void append(char c, std::uint32_t offset) {
    text.push_back(c);
    offsets.push_back(offset);
  }
  // The file span covering text[begin, end). Expansion can put bytes out of file order
  // (B="y$A"), so it runs from the lowest to just past the highest offset.
  Span span_of(std::size_t begin, std::size_t end) const {
    if (begin >= end || end > offsets.size()) return Span{file, 0, 0};
    const auto [low, high] =
        std::minmax_element(offsets.begin() + static_cast<std::ptrdiff_t>(begin),
                            offsets.begin() + static_cast<std::ptrdiff_t>(end));
    return Span{file, *low, *high + 1};
  }
};

// A word's text with a file offset per byte: exact when the word's bytes are its text (no
// quotes or escapes were removed), else every byte at the word's first byte.
inline SourcedText sourced_text(const Word& word) {
  SourcedText out;
  out.file = word.span.file;
  out.known = word.known;
  const bool exact = word.span.end - word.span.begin == word.text.size();
  for (std::size_t k = 0; k < word.text.size(); ++k) {
    out.append(word.text[k],
               exact ? word.span.begin + static_cast<std::uint32_t>(k) : word.span.begin);
  }
  return out;
}

}  // namespace dl

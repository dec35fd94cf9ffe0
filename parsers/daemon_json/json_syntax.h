// Where Go's encoding/json (and so dockerd) first rejects a JSON document, and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dl::json {

struct SyntaxProblem {
  std::uint32_t begin = 0;  // the offending token
  std::uint32_t end = 0;
  std::string message;  // worded like Go's errors ("invalid character '}' looking for …")
};

// Go's maximum nesting depth (encoding/json scanner.go maxNestingDepth).
inline constexpr int kGoMaxNestingDepth = 10000;

// The first problem in text[begin, end), or nullopt when dockerd would accept it as JSON.
// Empty and whitespace-only documents are accepted (dockerd trims before decoding).
// Invalid UTF-8 inside strings is accepted (Go replaces it with U+FFFD).
std::optional<SyntaxProblem> first_syntax_error(std::string_view text, std::uint32_t begin,
                                                std::uint32_t end);

// A same-length copy that nlohmann accepts wherever Go does: each invalid UTF-8 byte
// becomes '?', and a lone UTF-16 surrogate escape (`\ud800` without its pair, which Go
// decodes to U+FFFD) becomes `\ufffd`.
std::string mask_go_leniencies(std::string_view text);

// Go's quoting of one offending character: 'x', '\n', '\x00'.
std::string quote_go_char(std::string_view text, std::uint32_t offset);

}  // namespace dl::json

// Minimal UTF-8 helpers (validation, replacement of invalid bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dl::utf8 {

// Length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not one.
std::size_t sequence_length(std::string_view text, std::size_t i);
void append(std::string& out, std::uint32_t code_point);
// Replaces every invalid byte with U+FFFD, as Go's encoding/json does inside strings.
std::string sanitize(std::string_view text);
bool is_valid(std::string_view text);

}  // namespace dl::utf8

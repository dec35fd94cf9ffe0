#include "linter/engine/fingerprint.h"

#include <algorithm>

namespace dl {

std::uint64_t fnv1a(std::initializer_list<std::string_view> parts) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const std::string_view part : parts) {
    for (const char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xff;  // separator: never a byte of UTF-8 text
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string hex64(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kHex[value & 15];
  return out;
}

FindingKey finding_key(const SourceFile& file, const Finding& finding) {
  FindingKey key;
  key.value = std::string(file.slice(finding.span));
  const std::uint32_t line = file.position(finding.span.begin).line;
  const std::uint32_t start = file.lines.line_start(line);
  const std::string_view text = file.lines.line_text(file.text, line);
  const std::uint32_t end = start + static_cast<std::uint32_t>(text.size());
  for (std::uint32_t offset = start; offset < end; ++offset) {
    if (offset >= finding.span.begin && offset < finding.span.end) continue;
    const char c = file.text[offset];
    if (c == ' ' || c == '\t' || c == '\r') continue;
    key.context.push_back(c);
  }
  return key;
}

std::string stable_fingerprint(const SourceFile& file, std::string_view path,
                               const Finding& finding) {
  const FindingKey key = finding_key(file, finding);
  return hex64(fnv1a({finding.rule_id, path, key.value, key.context}));
}

}  // namespace dl

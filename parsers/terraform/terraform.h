// Terraform (*.tf) values that carry boot scripts or cloud-init to a machine: `user_data`,
// `user_data_base64` (only under base64encode(…) or filebase64(…)), `custom_data`,
// `metadata_startup_script`, and `metadata = { startup-script = …, user-data = … }`, given
// as heredocs (`<<EOF`, `<<-EOF`), quoted strings, or `file(…)`/`templatefile(…)` of a path
// relative to the module (`${path.module}/…`, `./…`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::terraform {

struct Payload {
  std::string attribute;  // "user_data", "metadata.startup-script", …
  Span attribute_span;    // the name as written (a quoted metadata key with its quotes)
  // Inline content: decoded (quoted-string escapes, `<<-` indentation removed, `$${` → `${`,
  // `%%{` → `%{`), one file offset per byte; interpolations `${…}` and directives `%{…}` are
  // kept as written and listed in `unknown` (their values are not known when linting).
  // Offsets: `\"`, `\\` and `$${` map to the byte they stand for; bytes decoded from `\n`,
  // `\uNNNN`… map to their backslash. Strip markers (`~}`, `${~`) and trimspace()/chomp()
  // inside base64encode() are applied. content.known is false when `unknown` is not empty.
  SourcedText content;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown;  // ranges of content.text
  bool inline_content = false;
  // file("${path.module}/boot.sh") / templatefile("./cloud-init.yaml", {…}): the path relative
  // to the .tf file's directory ("boot.sh", "cloud-init.yaml"); empty when none or unknown.
  std::string referenced_path;
  bool referenced_is_template = false;  // templatefile: ${…} in that file is interpolated
  Span reference_span;  // the path argument as written (a quoted path with its quotes)
};

// Scans the HCL text for the payload attributes in any block (resource, module, launch
// template…); other attributes and blocks are skipped with HCL's bracket, string and heredoc
// rules, so a `user_data` inside a heredoc or a comment is never taken. Only values that are
// wholly such a literal or reference count (not `var.x`, conditionals, data sources);
// base64gzip() or double base64 encoding yields no payload; file(var.x) yields one with an
// empty referenced_path. Unterminated or malformed values yield nothing; linear time.
// Expressions nested more than 200 levels deep stop the scan: `too_deep` (when given) says
// so, and the payloads found before are returned.
std::vector<Payload> find_payloads(std::string_view text, FileId file, bool* too_deep = nullptr);

}  // namespace dl::terraform

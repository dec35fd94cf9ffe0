// Reads a JSON document (a daemon.json file or one embedded in another file) into a
// JsonValue tree with exact spans, and finds the first token Go's encoding/json rejects.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "linter/core/model.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"

namespace dl::json {

struct ReadResult {
  std::optional<SyntaxError> first_error;  // dockerd reports the first one only; so do we
  bool has_root = false;                   // a top-level object (possibly recovered)
  JsonValue root;
};

// Values nested deeper than this are kept as Kind::Unknown (no recursion past it).
inline constexpr int kMaxDepth = 200;

// Parses text[begin, end) of `text`, whose spans are reported in `file`. Template regions
// (already blanked in `text` by the caller) make the values they touch `templated`; those
// keep their text from `original` (the unblanked file) so messages show what was written.
ReadResult read(ts::Parser& parser, std::string_view text, FileId file, std::uint32_t begin,
                std::uint32_t end, const std::vector<tmpl::Region>& template_regions = {},
                std::string_view original = {});

}  // namespace dl::json

// daemon.json: parse a file (or a template of one) and lower it into the model.
#pragma once

#include "linter/core/model.h"
#include "linter/core/source_file.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"

namespace dl::daemon_json {

// Parses text[begin, end) of `file` as daemon.json. Template syntax is blanked first when
// `is_template`; syntax errors are then reported only for templates without any.
DaemonJsonDocument parse(ts::Parser& json_parser, const SourceFile& file, bool is_template);

// A daemon.json that a script writes with shell expansions in it (`cat <<EOF` with $VAR):
// the bytes in `opaque` (offsets into file.text) are unknown when linting. Values they touch
// are `templated`; a syntax error in or right after one is not reported (the expansion may
// supply the missing value).
DaemonJsonDocument parse_with_opaque(ts::Parser& json_parser, const SourceFile& file,
                                     const std::vector<tmpl::Region>& opaque);

// Adds the document's settings (hosts, tls*, cert paths) to `inputs` the way Go's
// encoding/json would decode them: the last duplicate wins, null counts as "set".
void lower(const DaemonJsonDocument& document, DaemonInputs& inputs);

}  // namespace dl::daemon_json

// Shell scripts that may start dockerd (init scripts, entrypoints, provisioning scripts):
// every simple command with its words after quote removal and constant propagation of the
// script's own variables, mapped byte by byte to the file.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"
#include "parsers/common/tree_sitter.h"

namespace dl::shell {

struct Command {
  // Words after quote removal and expansion of variables assigned earlier in the script.
  // Each Word's span covers the literal bytes it came from (for a variable: the bytes of the
  // assignment's value, `via` = the reference). A part that cannot be known (command
  // substitution, positional parameters, a variable never assigned in the script, read
  // input, an assignment on only some paths) makes the word known=false.
  std::vector<Word> argv;
  std::vector<SourcedText> argv_text;  // argv[i] with a file offset per byte
  Span span;                           // the whole command
  // false: after a top-level unconditional `exit`, or in a function that is never called.
  bool reachable = true;
  bool background = false;  // trailing `&`
};

struct Script {
  // Every simple command in source order (by start offset), including those in functions,
  // pipelines, lists, compound commands, `$( )`/backtick substitutions, and the script
  // argument of `sh -c '…'`/`bash -c "…"` (re-parsed; spans map into the file).
  std::vector<Command> commands;
  std::vector<Span> syntax_errors;  // tree-sitter ERROR/MISSING nodes
};

// Analyses text[begin, end) as a shell script. A UTF-8 BOM at `begin` is skipped; CRLF line
// ends read like LF.
Script analyze_script(ts::Parser& bash, std::string_view text, FileId file, std::uint32_t begin = 0,
                      std::uint32_t end = UINT32_MAX);

}  // namespace dl::shell

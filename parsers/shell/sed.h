// sed invocations that edit files in place (`sed -i 's/^ExecStart=.*/ExecStart=…/' unit`):
// the lines the sed script writes, with each byte mapped to the script word it came from, so a
// finding in a written ExecStart= or DOCKER_OPTS= points into the shell script.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::shell {

// Text a sed command puts into the output: the replacement of `s`, or the text of `c`, `a`,
// `i`. `text.offsets` point into the file (through the script word's offsets).
struct SedText {
  enum class Kind { Substitute, Change, Append, Insert };
  Kind kind = Kind::Substitute;
  SourcedText text;  // after sed's unescaping: "\/" → "/", "\n" → newline, "\&" → "&"; c/a/i
                     // text without the line terminator sed adds
  // [begin, end) ranges of `text` that are copied from the edited input (`&`, `\1`…`\9`) or
  // otherwise not knowable (`\L`, `\U` case conversion): their bytes in `text` are the escape
  // as written.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown;
  std::string pattern;  // s: the regex as written (delimiter escapes removed); c/a/i: the
                        // address regex, "" when none
};

struct SedEdit {
  bool in_place = false;       // -i, -i.bak, --in-place[=SUF]; without it sed writes to stdout
  std::vector<Word> files;     // the operands (files edited)
  std::vector<SedText> texts;  // in script order
  bool complete = true;        // false when a script could not be read (-f FILE, unknown word),
                               // or sed would refuse the command line or script (texts then
                               // stop before the faulty command)
};

// `argv` is the whole command (the program may sit behind sudo/env/…: the same wrappers as
// dockerd::find_daemon_invocation); `texts[i]` is argv[i] with per-byte file offsets.
// nullopt when the command is not sed.
std::optional<SedEdit> parse_sed(std::span<const Word> argv, std::span<const SourcedText> texts);

}  // namespace dl::shell

// Shell scripts that may start dockerd (init scripts, entrypoints, provisioning scripts):
// every simple command with its words after quote removal and constant propagation of the
// script's own variables, mapped byte by byte to the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
  // false: after a top-level unconditional `exit` or `exec cmd`, or in a function that is
  // never called.
  bool reachable = true;
  bool background = false;  // trailing `&`
};

// Bytes a command writes (a heredoc, echo or printf output), with the file offset of each.
struct WrittenText {
  SourcedText text;
  // [begin, end) ranges of `text` whose value cannot be known when linting (an unquoted
  // heredoc's `$VAR` or `$(cmd)`, an echo argument's unknown variable): their bytes are the
  // expression as written.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown;
};

// `cat > path <<EOF`, `echo … >> path`, `… | sudo tee [-a] path`, `printf … > path`.
struct FileWrite {
  Word target;  // the path as written, after expansion
  WrittenText content;
  bool append = false;  // >>, tee -a
  Span span;            // the command that writes
  bool reachable = true;
};

// NAME=value: plain, exported (export, declare -x, readonly -x…), or a command's prefix
// (`DOCKER_HOST=tcp://… docker ps`). Array assignments are not listed.
struct VariableAssignment {
  std::string name;
  Word value;  // after expansion, one word (no splitting)
  Span span;   // NAME=value as written
  bool exported = false;
  bool prefix = false;
  Span command;  // prefix: the command it applies to
  bool reachable = true;
};

struct Script {
  // Every simple command in source order (by start offset), including those in functions,
  // pipelines, lists, compound commands, `$( )`/backtick substitutions, and the script
  // argument of `sh -c '…'`/`bash -c "…"` (re-parsed; spans map into the file).
  std::vector<Command> commands;
  std::vector<FileWrite> writes;                // in source order
  std::vector<VariableAssignment> assignments;  // in source order
  std::vector<Span> syntax_errors;              // tree-sitter ERROR/MISSING nodes
  // Constructs nested deeper than the analysis goes (kMaxDepth levels): not analysed, so
  // the engine reports them instead of passing them over in silence.
  std::vector<Span> too_deep;
};

// Analyses text[begin, end) as a shell script. A UTF-8 BOM at `begin` is skipped; CRLF line
// ends read like LF.
Script analyze_script(ts::Parser& bash, std::string_view text, FileId file, std::uint32_t begin = 0,
                      std::uint32_t end = UINT32_MAX);

// Analyses a script embedded in another file (a CI `run:` block, a Dockerfile RUN, cloud-init
// runcmd): `text.offsets` maps each byte to the file. `environment` holds the variables the
// script starts with (a CI job's variables), with where each value was written.
Script analyze_text(ts::Parser& bash, const SourcedText& text,
                    const std::vector<std::pair<std::string, SourcedText>>& environment = {});

}  // namespace dl::shell

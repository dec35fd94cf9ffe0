// Dockerfiles (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile): instructions with
// exact byte spans, following BuildKit's parser (moby/buildkit frontend/dockerfile/parser):
// the `# escape=` and `# syntax=` directives, line continuations with the escape character,
// comment lines inside continuations, heredocs (`RUN <<EOF`), and the JSON exec form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::dockerfile {

struct Instruction {
  std::string keyword;  // upper case: "RUN", "CMD", "ENTRYPOINT", "ENV", "FROM", "EXPOSE", …
                        // (ASCII upper-casing of what was written, unknown keywords too)
  Span keyword_span;
  Span span;  // the whole instruction, continuations included (and heredoc bodies with their
              // delimiter lines); ends before the last line's CR/LF
  // Exec form (`CMD ["dockerd", "-H", "…"]`): the decoded JSON strings, each span exactly
  // its bytes between the quotes (the whole string when escapes make that impossible).
  // As BuildKit: RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY, VOLUME, and HEALTHCHECK after its
  // type word (`HEALTHCHECK CMD ["…"]`). Text that is not valid JSON (`CMD ["a", 'b']`) is
  // shell form; a valid array with a non-string element is a problem, and not exec form.
  // Strings decode as Go's encoding/json does (invalid UTF-8 and lone surrogates → U+FFFD).
  bool exec_form = false;
  std::vector<Word> exec_args;
  // Shell form and every other instruction: the arguments after the keyword with line
  // continuations (escape char + newline) and comment lines inside them removed, one file
  // offset per byte; leading whitespace dropped. For `RUN <<EOF` heredocs, the heredoc
  // bodies follow the first line, newline-separated, as a shell would see the script.
  //  - Trailing white space is dropped too; CRs before a LF never appear.
  //  - Exec form: the JSON text. HEALTHCHECK: the type word included ("CMD curl …").
  //    ONBUILD: the triggered instruction as written ("RUN …").
  //  - Heredocs (RUN/COPY/ADD and ONBUILD of those, shell form only), as dockerfile2llb
  //    hands them on:
  //    * RUN whose whole command is one heredoc word (`RUN <<EOF`, `RUN <<-"EOF"`): the body
  //      alone, each line with its LF (`<<-` strips leading tabs). A body starting with `#!`
  //      is run as an executable file by BuildKit; it is given here all the same.
  //    * anything else (`RUN cat <<EOF > f`, several heredocs, COPY <<EOF /dst): the command,
  //      then for each heredoc "\n", its body lines and its delimiter, so a shell sees
  //      `cat <<EOF > f\nbody\nEOF`. The "\n" maps to the LF ending the line before;
  //      `<<-` bodies keep their tabs (the shell strips them).
  //    An unterminated heredoc is a problem; its body runs to the end of the file.
  SourcedText arguments;
  // The file's escape character (`# escape=`), for the helpers below.
  char escape = '\\';
  // RUN/COPY flags before the command (`--mount=…`, `--network=…`), as written.
  // BuildKit takes leading `--` words as flags for every instruction (FROM --platform,
  // COPY --from, HEALTHCHECK --interval). text is what BuildKit reads (quotes and `\`
  // removed; `--network host` becomes "--network=host"); span covers the written bytes.
  std::vector<Word> flags;
};

struct Dockerfile {
  char escape = '\\';
  std::vector<Instruction> instructions;  // in file order
  std::vector<SyntaxError> problems;      // what BuildKit would refuse (unknown instruction,
                                          // bad JSON is not one: it falls back to shell form)
  // Reported: unknown instructions (ONBUILD triggers too, and ONBUILD ONBUILD/FROM/
  // MAINTAINER), a repeated or invalid parser directive, an unterminated heredoc, a JSON
  // array with non-strings, SHELL not in JSON form, ENV/LABEL/ARG without arguments or
  // without `=` in the key=value form, FROM without one or three (`… AS name`) arguments
  // or with an invalid stage name. A continuation at the end of the file is fine.
};

// text[begin, end) of `file`; a UTF-8 BOM at `begin` is skipped; CRLF reads like LF.
// Parser directives (`# escape=\` or a backtick, `# syntax=…`, `# check=…`, any case, blanks
// around `=`) count only on the lines before the first other line (a blank line or a
// comment ends them).
// A line ending in the escape char (blanks after it allowed; not when the char before it is
// the escape char too) continues on the next; comment and blank lines in between are skipped;
// continuation lines keep their leading white space. Offsets index `text`.
Dockerfile parse(std::string_view text, FileId file, std::uint32_t begin = 0,
                 std::uint32_t end = UINT32_MAX);

// ENV key=value … (quotes and escapes as BuildKit's shell lexer removes them) and the legacy
// `ENV key value with spaces`; `ARG name=default` too. Values keep per-byte offsets.
// LABEL reads like ENV; other instructions give nothing. Variable references (`$X`, `${X}`)
// stay as written and make the word known=false, as does an unterminated quote. Spans run
// over the bytes the text came from (`"d e"` → between the quotes); an empty value has an
// empty span after the `=` (between the quotes for `""`).
// Limitation: the escape character is taken to be `\` (an Instruction does not carry the
// file's `# escape=` directive); parse() itself checks ENV/ARG/FROM with the right one.
struct KeyValue {
  Word key;
  Word value;
  bool has_value = true;  // `ARG name` without a default
};
std::vector<KeyValue> parse_key_values(const Instruction& instruction);

// FROM [--platform=…] image [AS name]: the image word and the stage name ("" if none).
// nullopt unless FROM with one or three (`AS` in any case) arguments. The image is lexed like
// ENV values (quotes removed, `$BASE` → known=false); the stage name is lower-cased, as
// BuildKit does. The platform stays in Instruction::flags.
struct From {
  Word image;
  std::string stage_name;
};
std::optional<From> parse_from(const Instruction& instruction);

// EXPOSE 2375 2376/tcp 8000-8010: each port word with its range.
// The word's text keeps the protocol ("2376/tcp", "53/udp"; tcp, udp and sctp), and the
// range is the container port: `[ip:][hostPort:]port[/proto]` as BuildKit accepts it.
// A word with a variable ($PORT) is known=false with range {0, 0}; words BuildKit would
// reject (bad number, bad protocol, reversed range) are left out.
std::vector<std::pair<Word, PortRange>> parse_expose(const Instruction& instruction);

}  // namespace dl::dockerfile

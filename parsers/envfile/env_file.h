// Shell-sourced environment files (/etc/default/docker DOCKER_OPTS, /etc/sysconfig/docker
// OPTIONS/other_args/DOCKER_NETWORK_OPTIONS…, OpenRC /etc/conf.d/docker): the variables they
// assign at top level, with each value after shell quote removal and expansion of earlier
// assignments, mapped byte by byte to the file (dockerd-semantics.md §6).
//
// tree-sitter-bash gives the structure (compound commands, functions and syntax errors); the
// words of simple commands are lexed here with shell rules, because the grammar merges
// assignment-only lines across newlines, splits words at backslash-newline and loses
// `NAME=value` pairs inside ERROR nodes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"
#include "parsers/common/tree_sitter.h"

namespace dl::envfile {

struct Variable {
  std::string name;  // "DOCKER_OPTS"
  Span name_span;
  // NAME=value; for the first assignment of `export`/`declare`/`typeset`/`readonly`, from the
  // keyword on.
  Span assignment_span;
  // The value after quote removal. offsets map each byte to the file (into an earlier
  // assignment's value for the part an expansion brought in). known=false when it contains
  // an expansion of a variable not assigned earlier in the file, a command substitution,
  // arithmetic, a tilde, an array, or another non-literal shell construct; the literal parts
  // are kept.
  SourcedText value;
};

struct EnvFile {
  FileId file = kNoFile;
  // Every top-level assignment in file order (later ones override earlier ones): `X=…`,
  // `X+=…`, and the assignments of `export`/`declare`/`typeset`/`readonly`. Not recorded:
  // assignments inside compound commands and functions, prefix assignments of a command
  // (`X=1 cmd`), pipeline or background elements, assignments after `&&`/`||`, array-element
  // assignments, and statements with an unterminated quote or substitution.
  std::vector<Variable> variables;
  // tree-sitter ERROR and MISSING nodes. The file is still usable: later lines are read.
  std::vector<Span> syntax_errors;
};

// Reads text[begin, end) as a shell-sourced environment file. A UTF-8 byte order mark at
// `begin` is skipped; a CR before LF is not part of any value (CRLF files read like LF files).
EnvFile parse_env_file(ts::Parser& bash, std::string_view text, FileId file,
                       std::uint32_t begin = 0, std::uint32_t end = UINT32_MAX);

// The last assignment of `name`, or nullptr.
const Variable* find(const EnvFile& env, std::string_view name);

// Shell word splitting of an unquoted `$VAR` use: the value split at spaces, tabs and
// newlines (default IFS). Each Word's span covers the file bytes of that word (via
// SourcedText::span_of; from the lowest to just past the highest offset when an expansion put
// the bytes out of file order), `via` is the given reference, `known` is value.known.
std::vector<Word> split_words(const SourcedText& value, Span via = {});

}  // namespace dl::envfile

// Shared pieces of the YAML carrier lowerings (yaml_carriers.cpp, ci_carriers.cpp,
// provisioning_carriers.cpp): template regions, tolerant node access, text that remembers
// which bytes are unknowable, compose-style word splitting, port specs and environments.
// Internal to parsers/carriers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/source_file.h"
#include "parsers/carriers/carrier.h"
#include "parsers/carriers/yaml_carriers.h"
#include "parsers/common/template_text.h"
#include "parsers/yaml/yaml_document.h"

namespace dl::carriers::detail {

using yaml::Node;

// Unknowable bytes in a script become a reference to a variable no script sets, so the shell
// analysis marks every word built from them unknown (the engine uses the same placeholder).
inline constexpr std::string_view kUnknownPlaceholder = "${__DOCKERD_LINT_UNKNOWN__}";

// Nesting caps: carriers are walked along known paths, and these bound what odd or hostile
// input (extends chains, nested blocks, List items) can make us do.
inline constexpr int kMaxDepth = 32;

// A file with the template regions that apply to it.
struct Source {
  const SourceFile* file = nullptr;
  std::vector<tmpl::Region> regions;  // sorted, disjoint

  FileId id() const { return file != nullptr ? file->id : kNoFile; }
  bool templated(std::uint32_t begin, std::uint32_t end) const {
    return !regions.empty() && tmpl::overlaps(regions, begin, end);
  }
};

// Jinja/Helm/Go `{{ }}`, `{% %}`, `{# #}` and GitHub `${{ }}` within [begin, end). Unlike
// tmpl::find_regions, shell and compose `${VAR}` is not template syntax here, `${#x}` is not
// a Jinja comment, and an unterminated tag is literal text.
std::vector<tmpl::Region> jinja_regions(std::string_view text, std::uint32_t begin,
                                        std::uint32_t end);
// Only GitHub's `${{ }}`.
std::vector<tmpl::Region> github_regions(std::string_view text, std::uint32_t begin,
                                         std::uint32_t end);

// A YAML file read for lowering. When plain parsing fails and the file has template tags
// (a Helm chart's `{{- if }}` lines), it is read again with the tags blanked; `blanked` then
// holds the regions that were blanked (their scalars need the original bytes back).
struct ParsedFile {
  yaml::Stream stream;
  std::vector<tmpl::Region> blanked;
};
ParsedFile parse_yaml(const SourceFile& file, const std::vector<tmpl::Region>& candidates);

// ---- tolerant node access: any node may have any shape ----

inline bool is_mapping(const Node* n) {
  return n != nullptr && n->kind == Node::Kind::Mapping;
}
inline bool is_sequence(const Node* n) {
  return n != nullptr && n->kind == Node::Kind::Sequence;
}
inline bool is_scalar(const Node* n) {
  return n != nullptr && n->kind == Node::Kind::Scalar;
}
// The value of `key` in a mapping (the last when repeated); nullptr for anything else.
const Node* child(const Node* n, std::string_view key);
// A scalar's text, "" for anything else.
std::string_view text_of(const Node* n);
// Absent, or a plain null scalar ("", ~, null).
bool is_null(const Node* n);
// YAML 1.1 true (true/yes/on in any case), as Ansible, compose and GitLab read booleans.
bool is_true(const Node* n);
bool is_false(const Node* n);
// Sequence items; a single non-null node (a string where a list is allowed) as one item.
std::vector<const Node*> items_of(const Node* n);

// ---- text with unknowable bytes ----

// Decoded text with a file offset per byte and, per byte, whether its value is unknowable
// (template syntax, an interpolation). Unknown bytes keep the text as written.
struct Masked {
  SourcedText text;  // text.known = false: unknowable without a located byte
  std::vector<char> unknown;
  Span whole;  // the node as written, for spans of empty values

  void push(char c, std::uint32_t offset, bool is_unknown) {
    text.append(c, offset);
    unknown.push_back(is_unknown ? 1 : 0);
  }
  void append(const Masked& other, std::size_t begin, std::size_t end);
  std::size_t size() const { return text.text.size(); }
  bool known() const;
  bool any_unknown(std::size_t begin, std::size_t end) const;
  Masked slice(std::size_t begin, std::size_t end) const;
};

// A scalar's value; template bytes get their original text and are unknown (also template
// tags the parser trimmed off the ends of a blanked plain scalar). Other nodes: their text
// as written, all unknown.
Masked masked(const Source& src, const Node& n);

Word to_word(const Masked& m);
SourcedText to_value(const Masked& m);  // known=false when any byte is unknown
// Unknown runs replaced by kUnknownPlaceholder (each run's bytes map to its first and last
// offsets), for shell analysis.
SourcedText to_script(const Masked& m);
std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown_ranges(const Masked& m);

// Compose interpolation: `$$` is a literal `$`; `${…}` and `$NAME` are unknown (.env and the
// shell decide them).
Masked compose_interpolate(const Masked& m);

// Splits like compose's string command form (go-shellwords, no expansion): blanks separate,
// '…' is literal, "…" and bare text take backslash escapes, an unquoted ; & | < > ends the
// command. Unknown runs stay inside one word.
std::vector<Masked> split_words(const Masked& m);

// The index of the script argument when argv runs a POSIX shell with -c (`sh -c "…"`,
// `/bin/bash -ec …`, after tini/dumb-init/env wrappers).
std::optional<std::size_t> shell_c_index(const std::vector<Masked>& argv);

// `[ip:][host:]container[/proto]` as docker run -p and compose read it; ranges expand.
// Entries whose container port or host address is unknowable are skipped; an unknowable host
// port reads as 0 (any).
std::vector<carrier::PublishedPort> parse_port_spec(const Masked& spec, Span span);
// A port number 1..65535, or 0.
std::uint32_t parse_port(std::string_view text);

// ---- environments ----

struct Var {
  carrier::EnvVar ev;
  Masked value;
};

// Variables in effect, inherited ones first; setting a name again replaces it (it moves to
// the end, since it was set later).
class Env {
 public:
  void set(carrier::EnvVar ev, Masked value);
  void set_all(const Env& other) {
    for (const Var& v : other.vars_) set(v.ev, v.value);
  }
  const Var* find(std::string_view name) const;
  bool empty() const { return vars_.empty(); }
  const std::vector<Var>& vars() const { return vars_; }
  std::vector<carrier::EnvVar> env() const;

 private:
  std::vector<Var> vars_;
};

carrier::EnvVar make_env(std::string name, Span name_span, const Masked& value);
// A container's own variables are a client environment too (a compose service with
// DOCKER_HOST=tcp://…): listed in Document::environments when there are any.
void add_container(carrier::Document& doc, carrier::Container container);

// ---- commands ----

// argv Words for a Container from masked items.
std::vector<Word> words_of(const std::vector<Masked>& argv);
// A carrier::Command for an exec-form argv. The engine lints a `sh -c` Command's script
// itself, so no Script is added for it (it would be linted twice).
void add_exec(carrier::Document& doc, const std::vector<Masked>& argv, const Env& env);
// The `sh -c` Script of a container's argv, when there is one (containers are not Commands).
void add_shell_c_script(carrier::Document& doc, const std::vector<Masked>& argv, const Env& env);

std::string_view base_name(std::string_view path);

// A file written with `content` (WrittenFile.content and its unknown ranges from the mask).
carrier::WrittenFile written_file(Word path, const Masked& content, Span by, bool line_edit);

// ---- lowerings ----

struct Context {
  const SourceFile& file;
  const FileLookup& lookup;
  Source src;
  const yaml::Stream& stream;
  carrier::Document& doc;
};

void lower_compose(Context& c);
void lower_kubernetes(Context& c);
void lower_gitlab(Context& c);
void lower_github(Context& c);
void lower_cloud_init(Context& c);
void lower_ansible(Context& c);

// Content recognition (kind_from_path found nothing).
bool looks_like_gitlab(const Node& root);
bool looks_like_github(const Node& root);
bool looks_like_ansible(const Node& root);

}  // namespace dl::carriers::detail

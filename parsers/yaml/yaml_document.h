// YAML documents (compose files, Kubernetes manifests, CI pipelines, cloud-init, Ansible) as a
// node tree with exact byte spans, read with libyaml's event parser (Debian libyaml-dev): it
// keeps no recursion of its own, so deep nesting costs memory, not stack. Scalars carry their
// decoded value with the file offset of every byte (quotes, escapes, block-scalar indentation
// and folding undone), so a shell script in a `run: |` block is linted with positions in the
// YAML file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/span.h"
#include "linter/core/word.h"
#include "parsers/common/template_text.h"

namespace dl::yaml {

enum class ScalarStyle : std::uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

// A node's tag as written ("!!str", "!Ref", …), "" when none; reads like a std::string_view.
// (One pointer: most nodes have no tag, and a std::string would cost every node 32 bytes.)
class Tag {
 public:
  Tag() = default;
  explicit Tag(std::string_view text)
      : text_(text.empty() ? nullptr : std::make_unique<std::string>(text)) {}
  Tag(const Tag& other) : Tag(other.view()) {}
  Tag(Tag&&) noexcept = default;
  Tag& operator=(const Tag& other) {
    if (this != &other) *this = Tag(other.view());
    return *this;
  }
  Tag& operator=(Tag&&) noexcept = default;
  ~Tag() = default;

  bool empty() const { return text_ == nullptr; }
  std::size_t size() const { return view().size(); }
  std::string_view view() const { return text_ != nullptr ? *text_ : std::string_view(); }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  friend bool operator==(const Tag& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const Tag& a, const Tag& b) { return a.view() == b.view(); }
  friend std::ostream& operator<<(std::ostream& out, const Tag& tag) { return out << tag.view(); }

 private:
  std::unique_ptr<std::string> text_;
};

struct Node;
// A mapping entry. Declared apart from Node so the vector holds an incomplete type (allowed
// for std::vector since C++17; std::pair<Node, Node> would need Node complete there).
struct Entry;

struct Node {
  enum class Kind : std::uint8_t { Scalar, Sequence, Mapping, Unknown };
  Kind kind = Kind::Unknown;  // Unknown: an alias past the expansion budget, or unparseable
                              // (also: an alias with no anchor before it, an alias whose
                              // copy would nest too deep, a mapping whose `<<` merges pass
                              // the budget, collections nested deeper than 1000 levels:
                              // they become one Unknown node spanning them)
  ScalarStyle style = ScalarStyle::Plain;  // next to `kind`, so they share one word
  // The node as written (a scalar: its quotes or block indicator included); for an alias's
  // copy, the anchored node (`&anchor`/`!tag` properties are included; a block scalar ends at
  // its last content byte; a block collection at its last child's end; an empty value:
  // zero-width, after its `:` or `-`).
  Span span;
  // When this node is a copy made for an alias: the `*name` (set on every node of the copy,
  // and on pairs merged from an alias by `<<`; an undefined alias: its own `*name`).
  Span alias;
  // Scalar: the value after YAML decoding, one file offset per byte. `value.known` is false
  // when template syntax (Helm/Jinja `{{ }}`) overlaps it.
  // Offsets: a folded line break's space takes the break's offset, a decoded escape's bytes
  // the letter after the backslash, `''` the second quote. Template syntax counts for a
  // plain scalar also when only blanks separate it on the line (`a-{{ x }}`), and for an
  // empty value also on the blank lines after it (`labels:` + `{{- include … }}`).
  SourcedText value;
  Tag tag;                     // "!!str", "!Ref", … as written; "" when none
  std::vector<Node> items;     // Sequence
  std::vector<Entry> entries;  // Mapping (key, value) in order; `<<` merge
                               // keys are expanded in place, YAML 1.1 style

  bool is_scalar() const { return kind == Kind::Scalar; }
  // A plain scalar that YAML reads as null: "", "~", "null", "Null", "NULL".
  // (Not when its value is unknown, nor when tagged other than `!!null`.)
  bool is_null() const;
  // The value of `key` in a mapping (the last one when repeated), or nullptr.
  const Node* get(std::string_view key) const;
};

struct Entry {
  Node first;   // the key
  Node second;  // the value
  Entry() = default;
  Entry(Node key, Node value) : first(std::move(key)), second(std::move(value)) {}
};

struct Document {
  Node root;
  Span span;
};

struct Stream {
  std::vector<Document> documents;   // those read before any error
  std::optional<SyntaxError> error;  // libyaml's first error, at its position
                                     // (message: problem, then context; also bytes its
                                     // reader rejects, e.g. invalid UTF-8 or NUL, and
                                     // flow collections nested deeper than 1000 levels)
  // The first block collection nested deeper than 1000 levels: it became a Kind::Unknown
  // node, and callers say that its content was not read.
  std::optional<Span> too_deep;
};

// Reads text[begin, end) of `file` (a UTF-8 BOM at `begin` is skipped). Bytes inside
// `template_regions` (offsets into `text`) are blanked before parsing, and scalars touching
// them get value.known = false. Aliases are expanded by copying the anchored node; past a
// budget of copied nodes (alias bombs) an alias becomes a Kind::Unknown node.
// (The budget: 100,000 nodes and 8 MiB of scalar text per stream. Anchors are per
// document. Trees are at most 1001 levels deep, so a recursive walk stays shallow.)
Stream parse(std::string_view text, FileId file, std::uint32_t begin = 0,
             std::uint32_t end = UINT32_MAX,
             const std::vector<tmpl::Region>& template_regions = {});

}  // namespace dl::yaml

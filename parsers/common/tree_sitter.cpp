#include "parsers/common/tree_sitter.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

extern "C" const TSLanguage* tree_sitter_json();
extern "C" const TSLanguage* tree_sitter_bash();

namespace dl::ts {
namespace {

const TSLanguage* language(Grammar grammar) {
  switch (grammar) {
    case Grammar::Json: return tree_sitter_json();
    case Grammar::Bash: return tree_sitter_bash();
  }
  return nullptr;
}

// The whole text is one chunk: tree-sitter asks again only past its end.
struct Buffer {
  std::string_view text;
};
const char* read_buffer(void* payload, std::uint32_t byte_index, TSPoint,
                        std::uint32_t* bytes_read) {
  const std::string_view text = static_cast<const Buffer*>(payload)->text;
  if (byte_index >= text.size()) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = static_cast<std::uint32_t>(text.size() - byte_index);
  return text.data() + byte_index;
}

// tree-sitter calls this every kOperationsPerCheck parser operations; true cancels.
constexpr std::uint64_t kOperationsPerCheck = 100;
struct Progress {
  std::uint64_t checks = 0;
  std::uint64_t limit = 0;  // in checks
};
bool over_budget(TSParseState* state) {
  auto* progress = static_cast<Progress*>(state->payload);
  return ++progress->checks > progress->limit;
}

std::string_view grammar_name(Grammar grammar) {
  return grammar == Grammar::Json ? "tree-sitter-json" : "tree-sitter-bash";
}

}  // namespace

Parser::Parser(Grammar grammar) : parser_(ts_parser_new()) {
  const TSLanguage* lang = language(grammar);
  // A grammar built for another ABI links fine but is refused here: fail loudly.
  if (lang == nullptr || !ts_parser_set_language(parser_, lang)) {
    ts_parser_delete(parser_);
    throw GrammarError(std::string(grammar_name(grammar)) + " (language ABI " +
                       std::to_string(lang ? ts_language_abi_version(lang) : 0) +
                       ") cannot be loaded by the tree-sitter runtime (ABI " +
                       std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + "–" +
                       std::to_string(TREE_SITTER_LANGUAGE_VERSION) + ")");
  }
}

Parser::~Parser() {
  ts_parser_delete(parser_);
}

Tree Parser::parse(std::string_view text, const std::vector<TSRange>& ranges) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) return Tree{};
  if (!ranges.empty()) {
    ts_parser_set_included_ranges(parser_, ranges.data(), static_cast<uint32_t>(ranges.size()));
  } else {
    ts_parser_set_included_ranges(parser_, nullptr, 0);
  }
  Buffer buffer{text};
  const TSInput input{&buffer, &read_buffer, TSInputEncodingUTF8, nullptr};
  Progress progress;
  progress.limit = (base_operations_ + operations_per_byte_ * text.size()) / kOperationsPerCheck;
  Tree tree{ts_parser_parse_with_options(parser_, nullptr, input, {&progress, &over_budget})};
  last_operations_ = progress.checks * kOperationsPerCheck;
  if (!tree) ++cancelled_;
  ts_parser_reset(parser_);
  return tree;
}

void Parser::set_budget_for_testing(std::uint64_t base, std::uint64_t per_byte) {
  base_operations_ = base == 0 && per_byte == 0 ? ParseBudget::kBaseOperations : base;
  operations_per_byte_ = base == 0 && per_byte == 0 ? ParseBudget::kOperationsPerByte : per_byte;
}

namespace {

// One cursor per thread, reset for each walk: creating a cursor allocates its stack, and
// the shell analyzer lists children millions of times on a large tree.
template <typename Visit>
void for_each_child(TSNode node, Visit visit) {
  struct Cursor {
    TSTreeCursor cursor;
    bool created = false;
    ~Cursor() {
      if (created) ts_tree_cursor_delete(&cursor);
    }
  };
  // The count is O(1): no cursor step is spent on a leaf, nor on finding that the last
  // child has no next sibling.
  const std::uint32_t count = ts_node_child_count(node);
  if (count == 0) return;
  thread_local Cursor reused;
  if (!reused.created) {
    reused.cursor = ts_tree_cursor_new(node);
    reused.created = true;
  } else {
    ts_tree_cursor_reset(&reused.cursor, node);
  }
  TSTreeCursor& cursor = reused.cursor;
  if (!ts_tree_cursor_goto_first_child(&cursor)) return;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (i > 0 && !ts_tree_cursor_goto_next_sibling(&cursor)) break;
    visit(cursor);
  }
}

}  // namespace

std::vector<Child> children_with_fields(TSNode node) {
  std::vector<Child> out;
  out.reserve(ts_node_child_count(node));
  for_each_child(node, [&](TSTreeCursor& cursor) {
    out.push_back(
        {ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_name(&cursor)});
  });
  return out;
}

std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  out.reserve(ts_node_child_count(node));
  for_each_child(
      node, [&](TSTreeCursor& cursor) { out.push_back(ts_tree_cursor_current_node(&cursor)); });
  return out;
}

std::vector<TSNode> named_children(TSNode node) {
  std::vector<TSNode> out;
  out.reserve(ts_node_named_child_count(node));
  for_each_child(node, [&](TSTreeCursor& cursor) {
    const TSNode child = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(child)) out.push_back(child);
  });
  return out;
}

void ChildTable::finish(TSNode parent, std::size_t mark) {
  entries_.push_back({parent.id, static_cast<std::uint32_t>(children_.size()),
                      static_cast<std::uint32_t>(pending_.size() - mark)});
  children_.insert(children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(mark),
                   pending_.end());
  pending_.resize(mark);
}

void ChildTable::seal() {
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return std::less<>()(a.id, b.id); });
}

ChildList ChildTable::list(TSNode node, bool named_only) const {
  if (ts_node_child_count(node) == 0) return ChildList(nullptr, 0, named_only);
  const auto it = std::lower_bound(
      entries_.begin(), entries_.end(), node.id,
      [](const Entry& entry, const void* id) { return std::less<>()(entry.id, id); });
  if (it == entries_.end() || it->id != node.id) {
    return ChildList(children_with_fields(node), named_only);
  }
  return ChildList(children_.data() + it->begin, it->size, named_only);
}

std::vector<TSNode> error_nodes(TSNode root) {
  std::vector<TSNode> out;
  if (!ts_node_has_error(root)) return out;
  // Iterative, descending only into subtrees that contain an error.
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  int depth = 0;
  while (true) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    const bool error = ts_node_is_error(node);
    if (error || ts_node_is_missing(node)) out.push_back(node);
    if (!error && ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) {
      ++depth;
      continue;
    }
    while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&cursor)) {
      ts_tree_cursor_goto_parent(&cursor);
      --depth;
    }
    if (depth == 0) break;
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

}  // namespace dl::ts

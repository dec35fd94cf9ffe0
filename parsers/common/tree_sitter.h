// Thin RAII wrappers over the tree-sitter C API, and the grammars this project uses.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace dl::ts {

enum class Grammar { Json, Bash };

// Thrown when a grammar cannot be loaded into the runtime (ABI mismatch): a build error,
// never a property of the scanned input.
class GrammarError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

// How much work one parse may do: tree-sitter's progress callback runs every 100 parser
// operations, and a parse that passes kBaseOperations + kOperationsPerByte × its size is
// cancelled. Counting operations rather than time keeps the outcome the same on every
// machine; a size-relative bound keeps pathological input (error recovery gone quadratic)
// from hanging a CI job.
struct ParseBudget {
  static constexpr std::uint64_t kBaseOperations = 2'000'000;
  static constexpr std::uint64_t kOperationsPerByte = 400;
};

// One parser per grammar; reuse it for many documents (not thread-safe: one per thread).
class Parser {
 public:
  explicit Parser(Grammar grammar);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses `text`, limited to the byte ranges given (all of it when empty). Node byte
  // offsets are offsets into `text`. A null tree when the parse exceeded its budget.
  Tree parse(std::string_view text, const std::vector<TSRange>& ranges = {});

  // How many parses so far were cancelled for exceeding the budget (callers compare the
  // count before and after a file to report it as skipped).
  std::uint64_t cancelled_parses() const { return cancelled_; }
  // Parser operations of the last parse, rounded down to the callback's granularity.
  std::uint64_t last_operations() const { return last_operations_; }
  // Lowers the budget (tests); 0 restores the default.
  void set_budget_for_testing(std::uint64_t base, std::uint64_t per_byte);

 private:
  TSParser* parser_;
  std::uint64_t cancelled_ = 0;
  std::uint64_t last_operations_ = 0;
  std::uint64_t base_operations_ = ParseBudget::kBaseOperations;
  std::uint64_t operations_per_byte_ = ParseBudget::kOperationsPerByte;
};

// A tree cursor that deletes itself: stepping through the children of a node with many of
// them, where ts_node_child(node, i) would cost O(i) each.
class Cursor {
 public:
  explicit Cursor(TSNode node) : cursor_(ts_tree_cursor_new(node)) {}
  ~Cursor() { ts_tree_cursor_delete(&cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  TSNode node() const { return ts_tree_cursor_current_node(&cursor_); }
  const char* field_name() const { return ts_tree_cursor_current_field_name(&cursor_); }
  bool goto_first_child() { return ts_tree_cursor_goto_first_child(&cursor_); }
  bool goto_next_sibling() { return ts_tree_cursor_goto_next_sibling(&cursor_); }
  bool goto_parent() { return ts_tree_cursor_goto_parent(&cursor_); }

 private:
  TSTreeCursor cursor_;
};

// A node's children, in order, collected with one cursor walk: ts_node_child(node, i)
// costs O(i), so indexing in a loop is quadratic on a node with many children.
struct Child {
  TSNode node;
  const char* field;                        // field name, or nullptr
  operator TSNode() const { return node; }  // loops that need only the nodes
};
std::vector<Child> children_with_fields(TSNode node);
std::vector<TSNode> children(TSNode node);
std::vector<TSNode> named_children(TSNode node);

// A node's children (all, or only the named ones), in order; a view of a ChildTable's list,
// or a list of its own.
class ChildList {
 public:
  class Iterator {
   public:
    Iterator(const Child* at, const Child* end, bool named_only)
        : at_(at), end_(end), named_only_(named_only) {
      skip();
    }
    const Child& operator*() const { return *at_; }
    Iterator& operator++() {
      ++at_;
      skip();
      return *this;
    }
    bool operator!=(const Iterator& other) const { return at_ != other.at_; }

   private:
    void skip() {
      while (named_only_ && at_ != end_ && !ts_node_is_named(at_->node)) ++at_;
    }
    const Child* at_;
    const Child* end_;
    bool named_only_;
  };

  ChildList(const Child* data, std::size_t size, bool named_only)
      : data_(data), size_(size), named_only_(named_only) {}
  ChildList(std::vector<Child> owned, bool named_only)
      : owned_(std::move(owned)), size_(owned_.size()), named_only_(named_only) {}
  ChildList(ChildList&&) = default;

  // Indexing ignores `named_only`.
  std::size_t size() const { return size_; }
  const Child& operator[](std::size_t i) const { return data()[i]; }
  Iterator begin() const { return {data(), data() + size_, named_only_}; }
  Iterator end() const { return {data() + size_, data() + size_, named_only_}; }

 private:
  const Child* data() const { return owned_.empty() ? data_ : owned_.data(); }
  std::vector<Child> owned_;
  const Child* data_ = nullptr;
  std::size_t size_;
  bool named_only_;
};

// The children of the nodes of one tree, recorded by a walk that visits them anyway: asking
// for them again then costs a binary search, not a cursor walk (each cursor step costs
// hundreds of instructions). Nodes the walk did not record are listed on demand.
class ChildTable {
 public:
  // Room for the children of a tree of `nodes` nodes (ts_node_descendant_count).
  void reserve(std::size_t nodes) { children_.reserve(nodes); }

  // During the walk: `start()` before a node's first child, `add()` for each child in
  // order (the child's own subtree may be recorded in between), `finish()` after the last.
  // `seal()` after the walk, before any query.
  std::size_t start() const { return pending_.size(); }
  void add(TSNode child, const char* field) { pending_.push_back({child, field}); }
  void finish(TSNode parent, std::size_t mark);
  void seal();

  ChildList children(TSNode node) const { return list(node, false); }
  ChildList named_children(TSNode node) const { return list(node, true); }

 private:
  ChildList list(TSNode node, bool named_only) const;

  struct Entry {
    const void* id;  // the parent's TSNode::id
    std::uint32_t begin;
    std::uint32_t size;
  };
  std::vector<Child> children_;  // each recorded node's children, contiguous
  std::vector<Entry> entries_;   // sorted by id once sealed
  std::vector<Child> pending_;   // children of the nodes whose walk is not finished
};

// The ERROR and MISSING nodes under `root` (not those inside an ERROR), in document order.
std::vector<TSNode> error_nodes(TSNode root);

inline std::uint32_t start(TSNode node) {
  return ts_node_start_byte(node);
}
inline std::uint32_t end(TSNode node) {
  return ts_node_end_byte(node);
}
inline std::string_view type(TSNode node) {
  return ts_node_type(node);
}
inline std::string_view text(TSNode node, std::string_view source) {
  return source.substr(start(node), end(node) - start(node));
}

}  // namespace dl::ts

// Thin RAII wrappers over the tree-sitter C API, and the grammars this project uses.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <string_view>
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

// A node's children, in order, collected with one cursor walk: ts_node_child(node, i)
// costs O(i), so indexing in a loop is quadratic on a node with many children.
struct Child {
  TSNode node;
  const char* field;  // field name, or nullptr
};
std::vector<Child> children_with_fields(TSNode node);
std::vector<TSNode> children(TSNode node);
std::vector<TSNode> named_children(TSNode node);

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

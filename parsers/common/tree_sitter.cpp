#include "parsers/common/tree_sitter.h"

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
  Tree tree{
      ts_parser_parse_string(parser_, nullptr, text.data(), static_cast<uint32_t>(text.size()))};
  ts_parser_reset(parser_);
  return tree;
}

}  // namespace dl::ts

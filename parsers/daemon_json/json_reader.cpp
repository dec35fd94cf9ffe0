#include "parsers/daemon_json/json_reader.h"

#include <nlohmann/json.hpp>

#include <string>

#include "linter/core/utf8.h"
#include "parsers/daemon_json/json_syntax.h"

namespace dl::json {
namespace {

// Calls fn(child) for each named child until fn returns false.
template <typename Fn>
void for_each_named_child(TSNode node, Fn&& fn) {
  for (const TSNode child : ts::named_children(node)) {
    if (!fn(child)) break;
  }
}

class Reader {
 public:
  Reader(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end,
         const std::vector<tmpl::Region>& regions, std::string_view original)
      : text_(text),
        original_(original.size() == text.size() ? original : text),
        file_(file),
        begin_(begin),
        end_(end),
        regions_(regions) {}

  ReadResult run(TSNode document) {
    ReadResult result;
    find_root(document, result);
    // Syntax is judged by nlohmann's strict parser (Go's grammar, exact positions);
    // tree-sitter's error recovery gives the structure around it, not the verdict.
    if (auto problem = first_syntax_error(text_, begin_, end_)) {
      if (!templated(problem->begin, problem->end)) {
        error(problem->begin, problem->end, std::move(problem->message));
      }
    } else {
      check_top_level(document);
    }
    result.first_error = std::move(first_error_);
    return result;
  }

 private:
  Span span(std::uint32_t b, std::uint32_t e) const { return Span{file_, b, e}; }

  void error(std::uint32_t b, std::uint32_t e, std::string message) {
    if (first_error_ && first_error_->span.begin <= b) return;
    if (e <= b) e = b + 1 <= end_ ? b + 1 : b;
    first_error_ = SyntaxError{span(b, e), std::move(message)};
  }

  bool templated(std::uint32_t b, std::uint32_t e) const {
    return !regions_.empty() && tmpl::overlaps(regions_, b, e);
  }

  // ---- values -----------------------------------------------------------------------

  JsonValue build(TSNode node, int depth) {
    JsonValue value;
    const std::uint32_t b = ts::start(node);
    const std::uint32_t e = ts::end(node);
    value.span = span(b, e);
    value.templated = templated(b, e);
    const std::string_view type = ts::type(node);
    if (depth > kMaxDepth) return value;  // Unknown: too deep to analyse
    if (type == "object") {
      value.kind = JsonValue::Kind::Object;
      for_each_named_child(node, [&](TSNode child) {
        if (ts::type(child) != "pair") return true;
        TSNode key = ts_node_child_by_field_name(child, "key", 3);
        TSNode val = ts_node_child_by_field_name(child, "value", 5);
        if (ts_node_is_null(key)) return true;
        JsonMember member;
        member.key_span = string_content_span(key);
        member.key_templated = templated(ts::start(key), ts::end(key));
        member.key = decode_string(key).value_or(std::string(
            text_.substr(member.key_span.begin, member.key_span.end - member.key_span.begin)));
        if (!ts_node_is_null(val) && !ts_node_is_missing(val)) {
          member.value = build(val, depth + 1);
        } else {
          member.value.span = span(ts::end(key), ts::end(child));
        }
        value.members.push_back(std::move(member));
        return true;
      });
    } else if (type == "array") {
      value.kind = JsonValue::Kind::Array;
      for_each_named_child(node, [&](TSNode child) {
        const std::string_view child_type = ts::type(child);
        if (child_type != "comment" && child_type != "ERROR") {
          value.elements.push_back(build(child, depth + 1));
        }
        return true;
      });
    } else if (type == "string") {
      value.span = string_content_span(node);
      if (value.templated) {
        value.kind = JsonValue::Kind::String;
        value.text =
            std::string(original_.substr(value.span.begin, value.span.end - value.span.begin));
      } else if (auto decoded = decode_string(node)) {
        value.kind = JsonValue::Kind::String;
        value.text = std::move(*decoded);
      }
    } else if (type == "number") {
      // tree-sitter also takes "1." and "01"; those are syntax errors (DE001), not numbers.
      value.text = std::string(ts::text(node, text_));
      if (nlohmann::json::accept(value.text)) value.kind = JsonValue::Kind::Number;
    } else if (type == "true" || type == "false") {
      value.kind = JsonValue::Kind::Bool;
      value.text = std::string(type);
    } else if (type == "null") {
      value.kind = JsonValue::Kind::Null;
    }
    return value;
  }

  Span string_content_span(TSNode string_node) const {
    std::uint32_t b = ts::start(string_node);
    std::uint32_t e = ts::end(string_node);
    if (b < e && text_[b] == '"') ++b;
    if (e > b && text_[e - 1] == '"' &&
        !ts_node_is_missing(ts_node_child(string_node, ts_node_child_count(string_node) - 1))) {
      --e;
    }
    return span(b, e);
  }

  // Decodes a string token the way Go would: invalid UTF-8 becomes U+FFFD; anything else
  // invalid (raw control characters, bad escapes) is a syntax error.
  std::optional<std::string> decode_string(TSNode node) {
    const std::string_view raw = ts::text(node, text_);
    try {
      // sanitize first: mask_go_leniencies turns invalid bytes into '?', Go into U+FFFD.
      return nlohmann::json::parse(mask_go_leniencies(utf8::sanitize(raw))).get<std::string>();
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
  }

  // ---- the root ---------------------------------------------------------------------

  void find_root(TSNode document, ReadResult& result) {
    // The first top-level object; when garbage surrounds it (a pasted shell transcript),
    // tree-sitter wraps it in ERROR nodes, so look one level into those too.
    for_each_named_child(document, [&](TSNode child) {
      const std::string_view type = ts::type(child);
      if (type == "object") {
        result.root = build(child, 0);
        result.has_root = true;
      } else if (type == "ERROR") {
        for_each_named_child(child, [&](TSNode candidate) {
          if (ts::type(candidate) != "object") return true;
          result.root = build(candidate, 0);
          result.has_root = true;
          return false;
        });
      } else if (type != "comment") {
        return false;  // the first value is not an object: check_top_level reports it
      }
      return !result.has_root;
    });
  }

  void check_top_level(TSNode document) {
    bool seen_value = false;
    for_each_named_child(document, [&](TSNode child) {
      const std::string_view type = ts::type(child);
      if (type == "comment" || type == "ERROR") return true;
      if (templated(ts::start(child), ts::end(child)) && type != "object") return true;
      if (seen_value) {
        error(ts::start(child), ts::start(child) + 1,
              "invalid character " + quote_go_char(text_, ts::start(child)) +
                  " after top-level value");
        return false;
      }
      seen_value = true;
      // dockerd decodes into map[string]interface{}: null is accepted, other
      // non-objects are not.
      if (type != "object" && type != "null") {
        std::string what = std::string(type);
        if (what == "true" || what == "false") what = "bool";
        error(ts::start(child), ts::end(child),
              "json: cannot unmarshal " + what +
                  " into Go value of type map[string]interface {}: daemon.json must be an "
                  "object");
      }
      return true;
    });
  }

  std::string_view text_;
  std::string_view original_;
  FileId file_;
  std::uint32_t begin_;
  std::uint32_t end_;
  const std::vector<tmpl::Region>& regions_;
  std::optional<SyntaxError> first_error_;
};

}  // namespace

ReadResult read(ts::Parser& parser, std::string_view text, FileId file, std::uint32_t begin,
                std::uint32_t end, const std::vector<tmpl::Region>& template_regions,
                std::string_view original) {
  std::vector<TSRange> ranges;
  if (begin != 0 || end != text.size()) {
    // Row/column are unused by the grammar; byte offsets are what matter.
    ranges.push_back(TSRange{{0, 0}, {0, 0}, begin, end});
  }
  ts::Tree tree = parser.parse(text, ranges);
  if (!tree) {
    ReadResult failed;
    failed.first_error = SyntaxError{Span{file, begin, begin}, "the JSON parser gave up"};
    return failed;
  }
  Reader reader(text, file, begin, end, template_regions, original);
  return reader.run(ts_tree_root_node(tree.get()));
}

}  // namespace dl::json

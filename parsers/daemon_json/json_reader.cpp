#include "parsers/daemon_json/json_reader.h"

#include <nlohmann/json.hpp>

#include <string>

#include "linter/core/utf8.h"

namespace dl::json {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_structural(char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c == '"';
}

// Go's encoding/json quotes an offending character like this: 'x', '\n', '\x00'.
std::string quote_char(std::string_view text, std::uint32_t offset) {
  const auto c = static_cast<unsigned char>(text[offset]);
  if (c == '\n') return "'\\n'";
  if (c == '\r') return "'\\r'";
  if (c == '\t') return "'\\t'";
  if (c < 0x20 || c == 0x7F) {
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string("'\\x") + kHex[c >> 4] + kHex[c & 15] + "'";
  }
  const std::size_t length = utf8::sequence_length(text, offset);
  if (length == 0) return "'\\ufffd'";
  return "'" + std::string(text.substr(offset, length)) + "'";
}

// Calls fn(child) for each named child. A cursor walks siblings in O(1) each, where
// ts_node_named_child(node, i) costs O(i) and makes long arrays quadratic.
template <typename Fn>
void for_each_named_child(TSNode node, Fn&& fn) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode child = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(child) && !fn(child)) break;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

class Reader {
 public:
  Reader(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end,
         const std::vector<tmpl::Region>& regions)
      : text_(text), file_(file), begin_(begin), end_(end), regions_(regions) {}

  ReadResult run(TSNode document) {
    ReadResult result;
    find_root(document, result);
    scan_gaps_and_tokens(document);
    check_top_level(document, result);
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

  // The extent of the offending "word" at `offset`: a run of non-space, non-structural
  // bytes, or the one structural character.
  std::uint32_t word_end(std::uint32_t offset) const {
    if (offset >= end_) return offset;
    if (is_structural(text_[offset])) return offset + 1;
    std::uint32_t e = offset;
    while (e < end_ && !is_json_space(text_[e]) && !is_structural(text_[e])) ++e;
    return e == offset ? offset + 1 : e;
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
        member.key = decode_string(key).value_or(std::string(text_.substr(
            member.key_span.begin, member.key_span.end - member.key_span.begin)));
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
      if (auto decoded = decode_string(node)) {
        value.kind = JsonValue::Kind::String;
        value.text = std::move(*decoded);
      }
    } else if (type == "number") {
      value.kind = JsonValue::Kind::Number;
      value.text = std::string(ts::text(node, text_));
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
    if (e > b && text_[e - 1] == '"' && !ts_node_is_missing(ts_node_child(
                     string_node, ts_node_child_count(string_node) - 1))) {
      --e;
    }
    return span(b, e);
  }

  // Decodes a string token the way Go would: invalid UTF-8 becomes U+FFFD; anything else
  // invalid (raw control characters, bad escapes) is a syntax error.
  std::optional<std::string> decode_string(TSNode node) {
    const std::string_view raw = ts::text(node, text_);
    try {
      return nlohmann::json::parse(utf8::sanitize(raw)).get<std::string>();
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

  void check_top_level(TSNode document, const ReadResult& result) {
    bool seen_value = false;
    for_each_named_child(document, [&](TSNode child) {
      const std::string_view type = ts::type(child);
      if (type == "comment" || type == "ERROR") return true;
      if (templated(ts::start(child), ts::end(child)) && type != "object") return true;
      if (seen_value) {
        error(ts::start(child), word_end(ts::start(child)),
              "invalid character " + quote_char(text_, ts::start(child)) +
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
    (void)result;
  }

  // ---- tokens and the bytes between them -------------------------------------------

  // Walks every node once (iteratively: deep documents must not exhaust the stack),
  // reporting ERROR/MISSING nodes, comments, undecodable scalars, and bytes between
  // tokens that Go does not accept as whitespace.
  void scan_gaps_and_tokens(TSNode document) {
    std::uint32_t previous_end = begin_;
    TSTreeCursor cursor = ts_tree_cursor_new(document);
    bool descend = true;
    while (true) {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      bool visit_children = descend;
      if (descend) {
        const std::string_view type = ts::type(node);
        const std::uint32_t b = ts::start(node);
        const std::uint32_t e = ts::end(node);
        if (ts_node_is_missing(node)) {
          report_missing(node);
          visit_children = false;
        } else if (type == "ERROR") {
          report_error_node(node);
        } else if (type == "comment") {
          check_gap(previous_end, b);
          if (!templated(b, e)) {
            error(b, e, "invalid character '/' looking for beginning of value: comments "
                        "are not allowed in daemon.json");
          }
          previous_end = e;
          visit_children = false;
        } else if (type == "string" || type == "number") {
          check_gap(previous_end, b);
          check_scalar(node, type);
          previous_end = e;
          visit_children = false;
        } else if (ts_node_child_count(node) == 0) {
          check_gap(previous_end, b);
          previous_end = e;
        }
      }
      if (visit_children && ts_tree_cursor_goto_first_child(&cursor)) {
        descend = true;
        continue;
      }
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        descend = true;
        continue;
      }
      bool done = true;
      while (ts_tree_cursor_goto_parent(&cursor)) {
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          done = false;
          break;
        }
      }
      if (done) break;
      descend = true;
    }
    ts_tree_cursor_delete(&cursor);
    check_gap(previous_end, end_);
  }

  void check_gap(std::uint32_t b, std::uint32_t e) {
    for (std::uint32_t k = b; k < e && k < end_; ++k) {
      if (is_json_space(text_[k]) || templated(k, k + 1)) continue;
      error(k, word_end(k),
            "invalid character " + quote_char(text_, k) + " looking for beginning of value");
      return;
    }
  }

  void check_scalar(TSNode node, std::string_view type) {
    const std::uint32_t b = ts::start(node);
    const std::uint32_t e = ts::end(node);
    if (templated(b, e)) return;
    if (type == "string") {
      if (decode_string(node)) return;
      // Find the first byte Go rejects inside the literal.
      for (std::uint32_t k = b + 1; k < e; ++k) {
        const auto c = static_cast<unsigned char>(text_[k]);
        if (c < 0x20) {
          error(k, k + 1, "invalid character " + quote_char(text_, k) + " in string literal");
          return;
        }
        if (c == '\\') {
          const char next = k + 1 < e ? text_[k + 1] : '\0';
          if (std::string_view("\"\\/bfnrtu").find(next) == std::string_view::npos) {
            error(k, k + 2, "invalid character " + quote_char(text_, k + 1) +
                                " in string escape code");
            return;
          }
          ++k;
        }
      }
      error(b, e, "invalid string literal");
      return;
    }
    if (!nlohmann::json::accept(ts::text(node, text_))) {
      error(b, e, "invalid number literal " + std::string(ts::text(node, text_)));
    }
  }

  void report_missing(TSNode node) {
    const std::uint32_t at = ts::start(node);
    std::string token(ts::type(node));
    // A missing token is reported where the next real token begins (that is the byte Go
    // would choke on); at the end of input that is "unexpected end of JSON input".
    std::uint32_t next = at;
    while (next < end_ && is_json_space(text_[next])) ++next;
    if (next >= end_) {
      error(at > begin_ ? at - 1 : at, at, "unexpected end of JSON input: missing '" + token + "'");
    } else {
      error(next, word_end(next),
            "invalid character " + quote_char(text_, next) + ": expected '" + token + "'");
    }
  }

  void report_error_node(TSNode node) {
    std::uint32_t at = ts::start(node);
    while (at < end_ && is_json_space(text_[at])) ++at;
    if (at >= end_) {
      error(ts::start(node), ts::end(node), "unexpected end of JSON input");
      return;
    }
    if (templated(at, at + 1)) return;
    // A comma directly before a closing bracket: the classic trailing comma.
    const char c = text_[at];
    if (c == ',' || c == '}' || c == ']') {
      std::uint32_t comma = c == ',' ? at : at;
      std::uint32_t k = c == ',' ? at + 1 : at;
      while (k < end_ && is_json_space(text_[k])) ++k;
      if (c == ',' && k < end_ && (text_[k] == '}' || text_[k] == ']')) {
        error(comma, comma + 1,
              std::string("invalid character '") + text_[k] +
                  "' after ',': trailing commas are not allowed in JSON");
        return;
      }
    }
    error(at, word_end(at),
          "invalid character " + quote_char(text_, at) + " looking for beginning of value");
  }

  std::string_view text_;
  FileId file_;
  std::uint32_t begin_;
  std::uint32_t end_;
  const std::vector<tmpl::Region>& regions_;
  std::optional<SyntaxError> first_error_;
};

}  // namespace

ReadResult read(ts::Parser& parser, std::string_view text, FileId file, std::uint32_t begin,
                std::uint32_t end, const std::vector<tmpl::Region>& template_regions) {
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
  Reader reader(text, file, begin, end, template_regions);
  return reader.run(ts_tree_root_node(tree.get()));
}

}  // namespace dl::json

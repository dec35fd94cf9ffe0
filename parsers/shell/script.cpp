#include "parsers/shell/script.h"

#include "linter/dockerd/flags.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace dl::shell {
namespace {

// Nesting followed by the walk; deeper input (hostile `$($($(…` chains) is not analysed.
constexpr int kMaxDepth = 200;
// calls(): up to this many children are fetched by index, more are stepped with a cursor.
constexpr std::uint32_t kIndexedChildren = 8;
// Nesting of re-parsed `sh -c` scripts.
constexpr int kMaxReparse = 4;
// Bytes that variable expansions may copy per analysis (A="$A$A" repeated).
constexpr std::size_t kCopyBudget = std::size_t{4} << 20;

bool is_ifs(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

std::string_view basename(std::string_view s) {
  const auto slash = s.rfind('/');
  return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

// The node types the walks tell apart.
enum class Kind : std::uint8_t {
  Other,
  Ampersand,  // "&"
  AnsiCString,
  ArithmeticExpansion,
  Command,
  CommandName,
  CommandSubstitution,
  Comment,
  Concatenation,
  DeclarationCommand,
  Error,
  Expansion,
  FileRedirect,
  ForStatement,
  FunctionDefinition,
  HeredocBody,
  HerestringRedirect,
  List,
  Number,
  Pipeline,
  ProcessSubstitution,
  Program,
  RawString,
  RedirectedStatement,
  SelectStatement,
  SimpleExpansion,
  SpecialVariableName,
  String,
  StringContent,
  TestCommand,
  TranslatedString,
  VariableAssignment,
  VariableName,
  Word,
};

Kind kind_named(std::string_view type) {
  static const std::unordered_map<std::string_view, Kind> kKinds = {
      {"&", Kind::Ampersand},
      {"ansi_c_string", Kind::AnsiCString},
      {"arithmetic_expansion", Kind::ArithmeticExpansion},
      {"command", Kind::Command},
      {"command_name", Kind::CommandName},
      {"command_substitution", Kind::CommandSubstitution},
      {"comment", Kind::Comment},
      {"concatenation", Kind::Concatenation},
      {"declaration_command", Kind::DeclarationCommand},
      {"ERROR", Kind::Error},
      {"expansion", Kind::Expansion},
      {"file_redirect", Kind::FileRedirect},
      {"for_statement", Kind::ForStatement},
      {"function_definition", Kind::FunctionDefinition},
      {"heredoc_body", Kind::HeredocBody},
      {"herestring_redirect", Kind::HerestringRedirect},
      {"list", Kind::List},
      {"number", Kind::Number},
      {"pipeline", Kind::Pipeline},
      {"process_substitution", Kind::ProcessSubstitution},
      {"program", Kind::Program},
      {"raw_string", Kind::RawString},
      {"redirected_statement", Kind::RedirectedStatement},
      {"select_statement", Kind::SelectStatement},
      {"simple_expansion", Kind::SimpleExpansion},
      {"special_variable_name", Kind::SpecialVariableName},
      {"string", Kind::String},
      {"string_content", Kind::StringContent},
      {"test_command", Kind::TestCommand},
      {"translated_string", Kind::TranslatedString},
      {"variable_assignment", Kind::VariableAssignment},
      {"variable_name", Kind::VariableName},
      {"word", Kind::Word},
  };
  const auto it = kKinds.find(type);
  return it == kKinds.end() ? Kind::Other : it->second;
}

// A node's Kind by its grammar symbol, classified once per symbol by the symbol's name (the
// name ts_node_type() returns): naming each node costs a lookup, a strlen and compares.
class Kinds {
 public:
  explicit Kinds(const TSLanguage* language) {
    by_symbol_.resize(ts_language_symbol_count(language), Kind::Other);
    for (std::size_t symbol = 0; symbol < by_symbol_.size(); ++symbol) {
      const char* name = ts_language_symbol_name(language, static_cast<TSSymbol>(symbol));
      if (name != nullptr) by_symbol_[symbol] = kind_named(name);
    }
  }
  Kind operator()(TSNode node) const {
    const TSSymbol symbol = ts_node_symbol(node);
    // ERROR's symbol is outside the table.
    return symbol < by_symbol_.size() ? by_symbol_[symbol] : kind_named(ts::type(node));
  }

 private:
  std::vector<Kind> by_symbol_;
};

const Kinds& kinds_of(const TSLanguage* language) {
  static const Kinds kinds(language);  // the bash grammar: the only one analysed here
  return kinds;
}

// A variable's value: one element for a scalar.
struct Var {
  std::vector<SourcedText> elems;
  bool array = false;
  bool operator==(const Var& o) const {
    if (array != o.array || elems.size() != o.elems.size()) return false;
    for (std::size_t i = 0; i < elems.size(); ++i) {
      if (elems[i].text != o.elems[i].text || elems[i].known != o.elems[i].known ||
          elems[i].offsets != o.elems[i].offsets) {
        return false;
      }
    }
    return true;
  }
};

// A part of a field whose value is unknown: text[text_begin, text_end) came from the
// expression at local bytes [local_begin, local_end) (`$CONFIG`, `$(hostname)`).
struct Hole {
  std::size_t text_begin;
  std::size_t text_end;
  std::uint32_t local_begin;
  std::uint32_t local_end;
};

struct Field {
  SourcedText st;
  Span via;
  std::vector<Hole> holes;
};

// Collects the fields (words) of one argument.
struct Builder {
  FileId file;
  bool split;  // word splitting applies (a command argument, not an assignment value)
  std::vector<Field> fields;
  Field cur;
  bool have = false;
  std::size_t unknown_events = 0;  // calls of unknown(), to tell which expansion was unknown

  explicit Builder(FileId f, bool s) : file(f), split(s) { cur.st.file = f; }
  void lit(char c, std::uint32_t offset) {
    cur.st.append(c, offset);
    have = true;
  }
  void unknown() {
    cur.st.known = false;
    have = true;
    ++unknown_events;
  }
  void end_field() {
    if (have) fields.push_back(std::move(cur));
    cur = Field{};
    cur.st.file = file;
    have = false;
  }
  void append(const SourcedText& v, Span via, bool quoted) {
    if (via.valid()) cur.via = via;
    if (quoted || !split) {
      cur.st.text += v.text;
      cur.st.offsets.insert(cur.st.offsets.end(), v.offsets.begin(), v.offsets.end());
      if (!v.known) unknown();
      have = true;
      return;
    }
    if (!v.known) unknown();
    const std::string& s = v.text;
    std::size_t i = 0;
    while (i < s.size()) {
      if (is_ifs(s[i])) {
        end_field();
        while (i < s.size() && is_ifs(s[i])) ++i;
        continue;
      }
      if (!have && via.valid()) cur.via = via;
      if (!v.known) cur.st.known = false;
      lit(s[i], v.offsets[i]);
      ++i;
    }
  }
  std::vector<Field> finish() {
    end_field();
    return std::move(fields);
  }
};

class Analyzer {
 public:
  Analyzer(ts::Parser& parser, std::string_view text, FileId file, Script& out,
           const std::vector<std::uint32_t>* map, std::uint32_t base, int reparse)
      : parser_(parser),
        text_(text),
        file_(file),
        out_(out),
        map_(map),
        base_(base),
        reparse_(reparse) {}

  // A variable the script inherits from its carrier (a CI job's variables, a container's env).
  void preset(const std::string& name, const SourcedText& value) {
    Var v;
    v.elems.push_back(value);
    vars_[name] = std::move(v);
  }

  void run(bool collect_errors, bool reachable) {
    const ts::Tree tree = parser_.parse(text_);
    if (!tree) return;
    const TSNode root = ts_tree_root_node(tree.get());
    kinds_ = &kinds_of(ts_tree_language(tree.get()));
    if (collect_errors) errors(root);
    table_.reserve(ts_node_descendant_count(root));
    calls(root, called_[""], 0);
    table_.seal();
    // Functions called from the top level, then from those, and so on.
    std::vector<std::string_view> todo = called_[""];
    while (!todo.empty()) {
      const std::string_view name = todo.back();
      todo.pop_back();
      if (!live_fns_.insert(name).second) continue;
      const auto it = called_.find(name);
      if (it != called_.end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
    }
    reachable_ = reachable;
    children(root, 0, true, false);
  }

 private:
  // ---- positions ----
  std::uint32_t at(std::uint32_t local) const {
    if (!map_) return base_ + local;
    if (map_->empty()) return 0;
    return (*map_)[std::min<std::size_t>(local, map_->size() - 1)];
  }
  Span span(std::uint32_t b, std::uint32_t e) const {
    if (e <= b) return Span{file_, at(b), at(b)};
    return Span{file_, at(b), at(e - 1) + 1};
  }
  Span span(TSNode n) const { return span(ts::start(n), ts::end(n)); }
  std::string_view str(TSNode n) const { return ts::text(n, text_); }
  Kind kind(TSNode n) const { return (*kinds_)(n); }

  // ---- syntax errors ----
  void errors(TSNode root) {
    for (const TSNode node : ts::error_nodes(root)) out_.syntax_errors.push_back(span(node));
  }

  // ---- call graph: names used as words of commands, by enclosing function ----
  // Names may repeat in a list; the closure in run() removes duplicates.
  using CallList = std::vector<std::string_view>;

  // Walks the subtree at `node` and records the children of the nodes it visits for the
  // statement walk. A few children are fetched by index (ts_node_child is O(index), cheaper
  // than a cursor's steps through hidden nodes when there are few); a node with many
  // children is stepped through with a cursor of its own.
  void calls(TSNode node, CallList& called, int depth) {
    if (depth > kMaxDepth) {
      too_deep(node);
      return;
    }
    // The child count is known up front (O(1)): leaves cost nothing more.
    const std::uint32_t count = ts_node_child_count(node);
    if (count == 0) return;
    const Kind type = kind(node);
    if (type == Kind::FunctionDefinition) {
      const TSNode name = ts_node_child_by_field_name(node, "name", 4);
      const TSNode body = ts_node_child_by_field_name(node, "body", 4);
      if (!ts_node_is_null(name) && !ts_node_is_null(body)) {
        calls(body, called_[str(name)], depth + 1);
        return;
      }
    }
    const bool command = type == Kind::Command;
    // Field names cost a lookup each: recorded only for the nodes whose fields are read.
    const bool fields = command || type == Kind::RedirectedStatement || type == Kind::FileRedirect;
    const std::size_t mark = table_.start();
    const auto visit = [&](TSNode child, const char* field) {
      table_.add(child, field);
      if (command) record_call(child, called);
      calls(child, called, depth + 1);
    };
    if (count <= kIndexedChildren) {
      for (std::uint32_t i = 0; i < count; ++i) {
        visit(ts_node_child(node, i), fields ? ts_node_field_name_for_child(node, i) : nullptr);
      }
    } else {
      ts::Cursor cursor(node);
      if (cursor.goto_first_child()) {
        for (std::uint32_t i = 0; i < count; ++i) {
          if (i > 0 && !cursor.goto_next_sibling()) break;
          visit(cursor.node(), fields ? cursor.field_name() : nullptr);
        }
      }
    }
    table_.finish(node, mark);
  }

  // A word of a command, as a name that may be a function's.
  void record_call(TSNode c, CallList& called) const {
    if (!ts_node_is_named(c)) return;
    const Kind t = kind(c);
    if (t != Kind::CommandName && t != Kind::Word && t != Kind::RawString && t != Kind::String) {
      return;
    }
    std::string_view w = str(c);
    if (w.size() >= 2 && (w.front() == '\'' || w.front() == '"')) {
      w = w.substr(1, w.size() - 2);
    }
    called.push_back(w);
    // `sh -c 'f'`, `trap 'f' EXIT`: names inside quoted words.
    if (t != Kind::CommandName && t != Kind::Word) {
      std::size_t k = 0;
      while (k < w.size()) {
        std::size_t e = k;
        while (e < w.size() && (std::isalnum(static_cast<unsigned char>(w[e])) || w[e] == '_' ||
                                w[e] == '-' || w[e] == '.')) {
          ++e;
        }
        if (e > k) called.push_back(w.substr(k, e - k));
        k = e + 1;
      }
    }
  }

  // ---- variables ----
  void set_var(const std::string& name, Var v) {
    if (!frames_.empty()) {
      auto& frame = frames_.back();
      if (!frame.contains(name)) {
        const auto it = vars_.find(name);
        frame.emplace(name, it == vars_.end() ? std::nullopt : std::optional<Var>(it->second));
      }
    }
    vars_[name] = std::move(v);
  }
  void unset_var(const std::string& name) { set_var(name, unknown_var()); }
  static Var unknown_var() {
    Var v;
    v.elems.emplace_back();
    v.elems.back().known = false;
    return v;
  }
  void push_frame() { frames_.emplace_back(); }
  // Leaving a construct that may run zero or several times: a variable it assigned keeps its
  // value only when that equals the value before the construct.
  void pop_frame() {
    auto frame = std::move(frames_.back());
    frames_.pop_back();
    for (auto& [name, old] : frame) {
      Var& now = vars_[name];
      const bool same = old && *old == now;
      if (!frames_.empty() && !frames_.back().contains(name)) {
        frames_.back().emplace(name, old);
      }
      if (!same) {
        for (SourcedText& e : now.elems) e.known = false;
        if (now.elems.empty()) now = unknown_var();
      }
    }
  }

  void assign(TSNode node, int depth) {
    const TSNode name = ts_node_child_by_field_name(node, "name", 4);
    const TSNode value = ts_node_child_by_field_name(node, "value", 5);
    if (ts_node_is_null(name)) return;
    if (ts::type(name) != "variable_name") {  // A[i]=…
      const TSNode base = ts_node_child_by_field_name(name, "name", 4);
      if (!ts_node_is_null(value)) expand_all(value, depth);
      if (!ts_node_is_null(base)) unset_var(std::string(str(base)));
      return;
    }
    const std::string key(str(name));
    const std::uint32_t op_end = ts_node_is_null(value) ? ts::end(node) : ts::start(value);
    const bool append = str(name).size() < op_end - ts::start(name) &&
                        text_.substr(ts::end(name), op_end - ts::end(name)).starts_with("+=");
    Var v;
    if (!ts_node_is_null(value) && ts::type(value) == "array") {
      v.array = true;
      for (const TSNode el : table_.named_children(value)) {
        if (ts::type(el) == "comment") continue;
        Builder b(file_, true);
        expand(el, b, false, depth + 1);
        for (Field& f : b.finish()) v.elems.push_back(std::move(f.st));
      }
    } else {
      Builder b(file_, false);
      if (!ts_node_is_null(value)) expand(value, b, false, depth + 1);
      b.have = true;
      v.elems.push_back(std::move(b.finish().front().st));
    }
    if (append) {
      const auto it = vars_.find(key);
      Var old = it == vars_.end() ? unknown_var() : it->second;
      if (v.array || old.array) {
        old.array = true;
        for (SourcedText& e : v.elems) old.elems.push_back(std::move(e));
      } else if (!old.elems.empty() && !v.elems.empty()) {
        SourcedText& o = old.elems.front();
        o.text += v.elems.front().text;
        o.offsets.insert(o.offsets.end(), v.elems.front().offsets.begin(),
                         v.elems.front().offsets.end());
        if (!v.elems.front().known) o.known = false;
      }
      v = std::move(old);
    }
    if (!v.array && !v.elems.empty()) {
      VariableAssignment record;
      record.name = key;
      record.value = word_of(v.elems.front(), ts_node_is_null(value) ? span(node) : span(value));
      record.span = span(node);
      record.exported = exporting_;
      record.reachable = reachable();
      out_.assignments.push_back(std::move(record));
    }
    set_var(key, std::move(v));
  }

  Word word_of(const SourcedText& st, Span fallback) const {
    Word w;
    w.text = st.text;
    w.span = st.offsets.empty() ? Span{file_, fallback.begin, fallback.begin}
                                : st.span_of(0, st.text.size());
    w.known = st.known;
    return w;
  }

  // `DOCKER_HOST=tcp://… docker ps`: the value applies to that command only.
  void record_prefix_assignment(TSNode node, int depth) {
    const TSNode name = ts_node_child_by_field_name(node, "name", 4);
    const TSNode value = ts_node_child_by_field_name(node, "value", 5);
    Builder b(file_, false);
    if (!ts_node_is_null(value)) expand(value, b, false, depth + 1);
    b.have = true;
    if (ts_node_is_null(name) || ts::type(name) != "variable_name") return;
    VariableAssignment record;
    record.name = std::string(str(name));
    record.value =
        word_of(b.finish().front().st, ts_node_is_null(value) ? span(node) : span(value));
    record.value.via = Span{};
    record.span = span(node);
    record.exported = true;
    record.prefix = true;
    record.reachable = reachable();
    out_.assignments.push_back(std::move(record));
  }

  const Var* lookup(std::string_view name) const {
    const auto it = vars_.find(std::string(name));
    return it == vars_.end() ? nullptr : &it->second;
  }

  void append_value(Builder& b, const SourcedText& v, Span via, bool quoted) {
    if (v.text.size() > kCopyBudget - std::min(kCopyBudget, copied_)) {
      b.unknown();
      return;
    }
    copied_ += v.text.size();
    b.append(v, via, quoted);
  }

  // ---- words ----

  // Literal bytes [b, e) with the backslash rules of unquoted text or of double quotes.
  void literal(std::uint32_t b, std::uint32_t e, Builder& bld, bool dquote) {
    // Most words have no backslash and no CRLF line end: their bytes are copied whole.
    const std::string_view bytes = text_.substr(b, e - b);
    if (std::none_of(bytes.begin(), bytes.end(), [](char c) { return c == '\\' || c == '\r'; })) {
      SourcedText& st = bld.cur.st;
      st.text += bytes;
      const std::size_t first = st.offsets.size();
      st.offsets.resize(first + bytes.size());  // grows geometrically, unlike reserve()
      if (map_ == nullptr) {
        std::iota(st.offsets.begin() + static_cast<std::ptrdiff_t>(first), st.offsets.end(),
                  base_ + b);
      } else {
        for (std::uint32_t p = b; p < e; ++p) st.offsets[first + (p - b)] = at(p);
      }
      bld.have = true;
      return;
    }
    std::uint32_t p = b;
    while (p < e) {
      const char c = text_[p];
      if (c == '\\' && p + 1 < e) {
        const char x = text_[p + 1];
        if (x == '\n') {
          p += 2;
          continue;
        }
        if (x == '\r' && p + 2 < e && text_[p + 2] == '\n') {
          p += 3;
          continue;
        }
        if (!dquote || x == '$' || x == '`' || x == '"' || x == '\\') {
          bld.lit(x, at(p + 1));
          p += 2;
          continue;
        }
      }
      if (c == '\r' && p + 1 < e && text_[p + 1] == '\n') {
        ++p;
        continue;
      }
      bld.lit(c, at(p));
      ++p;
    }
    bld.have = true;
  }

  void ansi_c(std::uint32_t b, std::uint32_t e, Builder& bld) {
    std::uint32_t p = b;
    while (p < e) {
      const char c = text_[p];
      if (c == '\\' && p + 1 < e) {
        const char x = text_[p + 1];
        const std::string_view simple = "nt\\'\"?r";
        const std::string_view decoded = "\n\t\\'\"?\r";
        const auto k = simple.find(x);
        if (k != std::string_view::npos) {
          bld.lit(decoded[k], at(p));
          p += 2;
          continue;
        }
        bld.unknown();  // other escapes are not decoded here
        p += 2;
        continue;
      }
      if (!(c == '\r' && p + 1 < e && text_[p + 1] == '\n')) bld.lit(c, at(p));
      ++p;
    }
    bld.have = true;
  }

  void substitution(TSNode node, int depth) {
    push_frame();
    const bool saved = background_;
    // The enclosing command's input and output are not the substitution's.
    std::optional<WrittenText> saved_in = std::move(stdin_);
    std::optional<WrittenText> saved_out = std::move(stdout_);
    background_ = false;
    children(node, depth + 1, false, false);
    background_ = saved;
    stdin_ = std::move(saved_in);
    stdout_ = std::move(saved_out);
    pop_frame();
  }

  // Walks the substitutions inside a node whose value is not needed.
  void expand_all(TSNode node, int depth) {
    Builder b(file_, false);
    expand(node, b, false, depth + 1);
  }

  void parameter(TSNode node, Builder& b, bool quoted, int depth) {
    // ${NAME}, ${NAME:-word}, ${A[@]}; anything else is unknown.
    const std::string_view t = str(node);
    if (t.size() < 3 || t.substr(0, 2) != "${" || t.back() != '}') {
      b.unknown();
      return;
    }
    std::size_t k = 2;
    while (k < t.size() && (std::isalnum(static_cast<unsigned char>(t[k])) || t[k] == '_')) {
      ++k;
    }
    const std::string_view name = t.substr(2, k - 2);
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) {
      b.unknown();
      for (const TSNode c : table_.named_children(node)) expand_all(c, depth);
      return;
    }
    const Var* v = lookup(name);
    const Span via = span(node);
    std::string_view rest = t.substr(k, t.size() - 1 - k);
    if (rest == "[@]" || rest == "[*]") {
      if (!v) {
        b.unknown();
        return;
      }
      for (std::size_t i = 0; i < v->elems.size(); ++i) {
        if (i > 0 && quoted && rest == "[@]") b.end_field();
        if (i > 0 && quoted && rest == "[*]") b.lit(' ', via.begin);
        if (i > 0 && !quoted) b.end_field();
        append_value(b, v->elems[i], via, quoted);
      }
      if (v->elems.empty() && quoted && rest == "[*]") b.have = true;
      return;
    }
    if (rest.empty()) {
      if (!v) {
        b.unknown();
        b.cur.via = via;
      } else if (!v->elems.empty()) {
        append_value(b, v->elems.front(), via, quoted);
      } else {
        b.have = b.have || quoted;
      }
      return;
    }
    const bool colon = rest.starts_with(':');
    if (colon) rest.remove_prefix(1);
    if (rest.empty() || (rest[0] != '-' && rest[0] != '=')) {
      b.unknown();
      for (const TSNode c : table_.named_children(node)) expand_all(c, depth);
      return;
    }
    // The operand: the children after the operator.
    const std::uint32_t op_end =
        ts::start(node) + static_cast<std::uint32_t>(k + (colon ? 1 : 0) + 1);
    Builder operand(file_, false);
    for (const TSNode c : table_.children(node)) {
      if (ts::start(c) < op_end || ts::end(c) >= ts::end(node)) continue;
      if (!ts_node_is_named(c)) {
        literal(ts::start(c), ts::end(c), operand, quoted);
      } else {
        expand(c, operand, quoted, depth + 1);
      }
    }
    operand.have = true;
    const SourcedText op_value = std::move(operand.finish().front().st);
    if (!v || v->elems.empty()) {
      if (!v) {  // may be set in the environment
        SourcedText unk = op_value;
        unk.known = false;
        append_value(b, unk, via, quoted);
      } else {
        append_value(b, op_value, Span{}, quoted);
      }
      if (rest[0] == '=') {
        Var nv;
        nv.elems.push_back(op_value);
        if (!v) nv.elems.back().known = false;
        set_var(std::string(name), std::move(nv));
      }
      return;
    }
    const SourcedText& cur = v->elems.front();
    if (colon && cur.text.empty()) {
      SourcedText val = op_value;
      if (!cur.known) val.known = false;
      append_value(b, val, Span{}, quoted);
      if (rest[0] == '=') {
        Var nv;
        nv.elems.push_back(val);
        set_var(std::string(name), std::move(nv));
      }
      return;
    }
    append_value(b, cur, via, quoted);
  }

  void expand(TSNode node, Builder& b, bool quoted, int depth) {
    const Kind type = kind(node);
    const bool expansion = type == Kind::SimpleExpansion || type == Kind::Expansion ||
                           type == Kind::CommandSubstitution || type == Kind::ProcessSubstitution ||
                           type == Kind::ArithmeticExpansion;
    const std::size_t events = b.unknown_events;
    const std::size_t fields_before = b.fields.size();
    const std::size_t position = b.cur.st.text.size();
    expand_node(node, b, quoted, depth);
    if (expansion && b.unknown_events != events && b.fields.size() == fields_before) {
      b.cur.holes.push_back({position, b.cur.st.text.size(), ts::start(node), ts::end(node)});
    }
  }

  // Each cut-off region once: the walks of the call graph and of the statements meet the
  // same nodes.
  void too_deep(TSNode node) {
    const Span s = span(node);
    for (const Span& seen : out_.too_deep) {
      if (seen.file == s.file && seen.begin <= s.begin && s.end <= seen.end) return;
    }
    out_.too_deep.push_back(s);
  }

  void expand_node(TSNode node, Builder& b, bool quoted, int depth) {
    if (depth > kMaxDepth) {
      b.unknown();
      return;
    }
    const Kind type = kind(node);
    const std::uint32_t s = ts::start(node);
    const std::uint32_t e = ts::end(node);
    if (type == Kind::Word || type == Kind::Number || type == Kind::CommandName ||
        type == Kind::StringContent || type == Kind::SpecialVariableName ||
        type == Kind::VariableName) {
      if (type == Kind::CommandName && ts_node_named_child_count(node) == 1) {
        expand(*table_.named_children(node).begin(), b, quoted, depth + 1);
        return;
      }
      literal(s, e, b, quoted);
    } else if (type == Kind::RawString) {
      if (e - s >= 2) {
        for (std::uint32_t p = s + 1; p + 1 < e; ++p) {
          if (!(text_[p] == '\r' && text_[p + 1] == '\n')) b.lit(text_[p], at(p));
        }
      }
      b.have = true;
    } else if (type == Kind::AnsiCString) {
      if (e - s >= 3) ansi_c(s + 2, e - 1, b);
    } else if (type == Kind::String || type == Kind::TranslatedString) {
      b.have = true;
      std::uint32_t p = s + (type == Kind::String ? 1 : 2);
      const std::uint32_t close = e > p && text_[e - 1] == '"' ? e - 1 : e;
      for (const TSNode c : table_.children(node)) {
        if (!ts_node_is_named(c) || kind(c) == Kind::StringContent) continue;
        if (ts::start(c) < p) continue;
        literal(p, ts::start(c), b, true);
        expand(c, b, true, depth + 1);
        p = ts::end(c);
      }
      if (p < close) literal(p, close, b, true);
    } else if (type == Kind::Concatenation) {
      std::uint32_t p = s;
      for (const TSNode c : table_.children(node)) {
        if (ts::start(c) > p) literal(p, ts::start(c), b, quoted);
        if (ts_node_is_named(c)) {
          expand(c, b, quoted, depth + 1);
        } else {
          literal(ts::start(c), ts::end(c), b, quoted);
        }
        p = ts::end(c);
      }
      if (p < e) literal(p, e, b, quoted);
    } else if (type == Kind::SimpleExpansion) {
      const TSNode c = ts_node_named_child(node, 0);
      if (ts_node_is_null(c) || kind(c) != Kind::VariableName) {
        b.unknown();
        return;
      }
      const Var* v = lookup(str(c));
      if (!v) {
        b.unknown();
        b.cur.via = span(node);
      } else if (!v->elems.empty()) {
        append_value(b, v->elems.front(), span(node), quoted);
      } else {
        b.have = b.have || quoted;
      }
    } else if (type == Kind::Expansion) {
      parameter(node, b, quoted, depth + 1);
    } else if (type == Kind::CommandSubstitution || type == Kind::ProcessSubstitution ||
               type == Kind::ArithmeticExpansion) {
      b.unknown();
      substitution(node, depth + 1);
    } else {
      b.unknown();
      for (const TSNode c : table_.named_children(node)) expand_all(c, depth + 1);
    }
  }

  std::vector<Field> fields(TSNode node, int depth) {
    Builder b(file_, true);
    expand(node, b, false, depth + 1);
    auto f = b.finish();
    return f;
  }

  // ---- data written to files ----

  // A field's bytes, with its unknown parts replaced by the expressions as written.
  void append_field(WrittenText& out, const Field& f, Span arg_span) {
    const std::string& text = f.st.text;
    std::size_t p = 0;
    auto copy = [&](std::size_t b, std::size_t e) {
      e = std::min(e, text.size());
      if (b >= e) return;
      out.text.text.append(text, b, e - b);
      out.text.offsets.insert(out.text.offsets.end(),
                              f.st.offsets.begin() + static_cast<std::ptrdiff_t>(b),
                              f.st.offsets.begin() + static_cast<std::ptrdiff_t>(e));
    };
    for (const Hole& hole : f.holes) {
      if (hole.text_begin < p) continue;
      copy(p, hole.text_begin);
      const auto begin = static_cast<std::uint32_t>(out.text.text.size());
      for (std::uint32_t k = hole.local_begin; k < hole.local_end; ++k) {
        out.text.append(text_[k], at(k));
      }
      out.unknown.emplace_back(begin, static_cast<std::uint32_t>(out.text.text.size()));
      p = hole.text_end;
    }
    copy(p, text.size());
    if (!f.st.known && f.holes.empty()) {  // unknown, but not where: all of it
      if (out.text.text.empty() || text.empty()) out.text.append('?', arg_span.begin);
      out.unknown.emplace_back(0, static_cast<std::uint32_t>(out.text.text.size()));
    }
  }

  // echo [-neE] args: the arguments joined by spaces, a newline unless -n; escapes only with
  // -e (bash's builtin).
  WrittenText echo_output(const std::vector<Field>& argv, const std::vector<Span>& spans,
                          std::size_t first) {
    bool newline = true;
    bool escapes = false;
    std::size_t i = first;
    for (; i < argv.size(); ++i) {
      const std::string& a = argv[i].st.text;
      if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
      for (char c : a.substr(1)) {
        if (c == 'n') newline = false;
        if (c == 'e') escapes = true;
        if (c == 'E') escapes = false;
      }
    }
    WrittenText out;
    out.text.file = file_;
    std::uint32_t last = spans.empty() ? 0 : spans[std::min(first, spans.size()) - 1].end;
    for (std::size_t k = i; k < argv.size(); ++k) {
      if (k > i) out.text.append(' ', last);
      WrittenText part;
      part.text.file = file_;
      append_field(part, argv[k], spans[k]);
      if (escapes) part = decode_escapes(part);
      splice(out, part);
      last = spans[k].end > 0 ? spans[k].end - 1 : 0;
    }
    if (newline) out.text.append('\n', last);
    return out;
  }

  static void splice(WrittenText& out, const WrittenText& part) {
    const auto base = static_cast<std::uint32_t>(out.text.text.size());
    out.text.text += part.text.text;
    out.text.offsets.insert(out.text.offsets.end(), part.text.offsets.begin(),
                            part.text.offsets.end());
    for (const auto& [b, e] : part.unknown) out.unknown.emplace_back(base + b, base + e);
  }

  // Which bytes of `w` are unknown, one flag per byte (ranges may be many: one per expansion).
  static std::vector<bool> unknown_mask(const WrittenText& w) {
    std::vector<bool> mask(w.text.text.size(), false);
    for (const auto& [b, e] : w.unknown) {
      for (std::size_t k = b; k < e && k < mask.size(); ++k) mask[k] = true;
    }
    return mask;
  }

  // echo -e / printf escapes: \n \t \\ \" \' \a \r; a decoded byte takes the offset of the
  // escaped character. Other escapes (\x41, \0101) are left undecoded and marked unknown.
  static WrittenText decode_escapes(const WrittenText& in) {
    WrittenText out;
    out.text.file = in.text.file;
    const std::string& t = in.text.text;
    const std::vector<bool> unknown = unknown_mask(in);
    const auto in_unknown = [&](const WrittenText&, std::size_t at) { return unknown[at]; };
    std::size_t k = 0;
    while (k < t.size()) {
      const auto start = static_cast<std::uint32_t>(out.text.text.size());
      if (in_unknown(in, k)) {
        std::size_t e = k;
        while (e < t.size() && in_unknown(in, e)) ++e;
        for (; k < e; ++k) out.text.append(t[k], in.text.offsets[k]);
        out.unknown.emplace_back(start, static_cast<std::uint32_t>(out.text.text.size()));
        continue;
      }
      if (t[k] == '\\' && k + 1 < t.size() && !in_unknown(in, k + 1)) {
        const std::string_view simple = "nt\\\"'ar";
        const std::string_view decoded = "\n\t\\\"'\a\r";
        const auto found = simple.find(t[k + 1]);
        if (found != std::string_view::npos) {
          out.text.append(decoded[found], in.text.offsets[k + 1]);
          k += 2;
          continue;
        }
        if (t[k + 1] == 'x' || std::isdigit(static_cast<unsigned char>(t[k + 1]))) {
          out.text.append(t[k], in.text.offsets[k]);
          out.text.append(t[k + 1], in.text.offsets[k + 1]);
          out.unknown.emplace_back(start, start + 2);
          k += 2;
          continue;
        }
      }
      out.text.append(t[k], in.text.offsets[k]);
      ++k;
    }
    return out;
  }

  // printf FORMAT [ARG…]: %s/%b/%d take the next argument, %% is '%', the format is reused
  // while arguments remain; other conversions (widths, %x) are unknown.
  WrittenText printf_output(const std::vector<Field>& argv, const std::vector<Span>& spans,
                            std::size_t first) {
    WrittenText out;
    out.text.file = file_;
    std::size_t i = first;
    if (i < argv.size() && argv[i].st.text == "--") ++i;
    if (i >= argv.size()) return out;
    WrittenText format;
    format.text.file = file_;
    append_field(format, argv[i], spans[i]);
    format = decode_escapes(format);
    std::size_t next = i + 1;
    const std::string& f = format.text.text;
    const std::vector<bool> unknown = unknown_mask(format);
    const auto in_unknown = [&](const WrittenText&, std::size_t at) { return unknown[at]; };
    do {
      bool converted = false;
      for (std::size_t k = 0; k < f.size(); ++k) {
        if (f[k] != '%' || in_unknown(format, k)) {
          const auto start = static_cast<std::uint32_t>(out.text.text.size());
          out.text.append(f[k], format.text.offsets[k]);
          if (in_unknown(format, k)) out.unknown.emplace_back(start, start + 1);
          continue;
        }
        if (k + 1 < f.size() && f[k + 1] == '%') {
          out.text.append('%', format.text.offsets[k + 1]);
          ++k;
          continue;
        }
        converted = true;
        const bool simple = k + 1 < f.size() && (f[k + 1] == 's' || f[k + 1] == 'b' ||
                                                 f[k + 1] == 'd' || f[k + 1] == 'i');
        if (simple && next < argv.size()) {
          WrittenText arg;
          arg.text.file = file_;
          append_field(arg, argv[next], spans[next]);
          if (f[k + 1] == 'b') arg = decode_escapes(arg);
          splice(out, arg);
        } else if (!simple || next < argv.size()) {
          const auto start = static_cast<std::uint32_t>(out.text.text.size());
          out.text.append('?', format.text.offsets[k]);
          out.unknown.emplace_back(start, start + 1);
        }
        if (next < argv.size()) ++next;
        if (simple) ++k;
      }
      if (!converted) break;
    } while (next < argv.size());
    return out;
  }

  // What a simple command writes to its standard output and to files, when it is one of the
  // ways scripts write configuration: cat (of its stdin), echo, printf, tee.
  std::optional<WrittenText> output_of(const Command& cmd, const std::vector<Field>& argv,
                                       const std::vector<Span>& spans,
                                       const std::optional<WrittenText>& input) {
    const auto program = dockerd::find_program(cmd.argv);
    if (!program) return std::nullopt;
    const std::string_view name = basename(cmd.argv[*program].text);
    const std::size_t first = *program + 1;
    if (name == "echo") return echo_output(argv, spans, first);
    if (name == "printf") {
      if (first < argv.size() && argv[first].st.text.starts_with("-v")) return std::nullopt;
      return printf_output(argv, spans, first);
    }
    if (name == "cat") {
      for (std::size_t k = first; k < argv.size(); ++k) {
        if (argv[k].st.text != "-") return std::nullopt;  // a file's content
      }
      return input;
    }
    if (name == "tee") {
      bool append = false;
      bool options = true;
      for (std::size_t k = first; k < argv.size(); ++k) {
        const std::string& a = argv[k].st.text;
        if (options && a == "--") {
          options = false;
          continue;
        }
        if (options && a.size() > 1 && a[0] == '-') {
          if (a == "--append" || (a[1] != '-' && a.find('a') != std::string::npos)) append = true;
          continue;
        }
        if (input) add_write(cmd.argv[k], *input, append, cmd.span);
      }
      return input;
    }
    return std::nullopt;
  }

  void add_write(const Word& target, const WrittenText& content, bool append, Span by) {
    if (target.text.empty() || target.text == "/dev/null") return;
    FileWrite write;
    write.target = target;
    write.content = content;
    write.append = append;
    write.span = by;
    write.reachable = reachable();
    out_.writes.push_back(std::move(write));
  }

  // The body of `<<EOF`/`<<-EOF`/`<<'EOF'`: unquoted bodies expand $VAR, ${…}, $(…) and
  // the backslash escapes \$ \` \\ and \newline; `<<-` strips leading tabs.
  WrittenText heredoc_text(TSNode redirect, int depth) {
    WrittenText out;
    out.text.file = file_;
    TSNode body{};
    TSNode end_node{};
    bool quoted = false;
    bool strip_tabs = false;
    bool have_body = false;
    bool have_end = false;
    for (const TSNode c : table_.children(redirect)) {
      const std::string_view t = ts::type(c);
      if (t == "<<-") strip_tabs = true;
      if (t == "heredoc_start") {
        quoted = str(c).find_first_of("'\"\\") != std::string_view::npos;
      } else if (t == "heredoc_body") {
        body = c;
        have_body = true;
      } else if (t == "heredoc_end") {
        end_node = c;
        have_end = true;
      }
    }
    if (!have_body) return out;
    std::uint32_t begin = ts::start(body);
    while (begin > 0 && text_[begin - 1] != '\n') --begin;
    std::uint32_t end = ts::end(body);
    if (have_end) {
      end = ts::start(end_node);
      while (end > begin && text_[end - 1] != '\n') --end;
    }
    std::vector<TSNode> expansions;
    if (!quoted) {
      for (const TSNode c : table_.named_children(body)) {
        const std::string_view t = ts::type(c);
        if (t == "simple_expansion" || t == "expansion" || t == "command_substitution" ||
            t == "arithmetic_expansion") {
          expansions.push_back(c);
        }
      }
    }
    std::size_t next = 0;
    bool line_start = true;
    std::uint32_t p = begin;
    while (p < end) {
      if (line_start && strip_tabs && text_[p] == '\t') {
        ++p;
        continue;
      }
      line_start = false;
      if (next < expansions.size() && ts::start(expansions[next]) <= p) {
        const TSNode x = expansions[next++];
        if (ts::end(x) <= p) continue;
        Builder b(file_, false);
        expand(x, b, true, depth + 1);
        b.have = true;
        const Field f = std::move(b.finish().front());
        if (f.st.known) {
          for (std::size_t k = 0; k < f.st.text.size(); ++k) {
            out.text.append(f.st.text[k], f.st.offsets[k]);
          }
        } else {
          const auto start = static_cast<std::uint32_t>(out.text.text.size());
          for (std::uint32_t k = ts::start(x); k < ts::end(x); ++k)
            out.text.append(text_[k], at(k));
          out.unknown.emplace_back(start, static_cast<std::uint32_t>(out.text.text.size()));
        }
        p = ts::end(x);
        continue;
      }
      const char c = text_[p];
      if (!quoted && c == '\\' && p + 1 < end) {
        const char x = text_[p + 1];
        if (x == '\n') {
          p += 2;
          continue;
        }
        if (x == '$' || x == '`' || x == '\\') {
          out.text.append(x, at(p + 1));
          p += 2;
          continue;
        }
      }
      if (c == '\r' && p + 1 < end && text_[p + 1] == '\n') {
        ++p;
        continue;
      }
      out.text.append(c, at(p));
      if (c == '\n') line_start = true;
      ++p;
    }
    return out;
  }

  // `<<< word`: the word and a newline.
  std::optional<WrittenText> herestring_text(TSNode redirect, int depth) {
    const TSNode word = ts_node_named_child(redirect, 0);
    if (ts_node_is_null(word)) return std::nullopt;
    Builder b(file_, false);
    expand(word, b, false, depth + 1);
    b.have = true;
    WrittenText w;
    w.text.file = file_;
    append_field(w, b.finish().front(), span(word));
    const Span whole = span(redirect);
    w.text.append('\n', whole.end > 0 ? whole.end - 1 : 0);
    return w;
  }

  // `cmd <<EOF > file`, `echo … >> file`, `cat <<EOF | sudo tee file`: the body's standard
  // input, the files its output goes to, and a pipeline that continues inside the heredoc
  // redirect (tree-sitter-bash puts `| tee …` there).
  void redirected(TSNode node, int depth, bool top) {
    TSNode body{};
    bool have_body = false;
    std::optional<WrittenText> input = std::move(stdin_);  // from a pipe, unless redirected
    stdin_.reset();
    std::vector<std::pair<Word, bool>> targets;  // path, append
    std::vector<TSNode> continuations;
    std::vector<TSNode> others;
    const auto file_redirect = [&](TSNode r) {
      std::string_view op;
      bool descriptor_ok = true;
      TSNode dest{};
      bool have_dest = false;
      for (const ts::Child& rc : table_.children(r)) {
        const std::string_view t = ts::type(rc.node);
        if (rc.field && std::string_view(rc.field) == "destination") {
          dest = rc.node;
          have_dest = true;
        } else if (rc.field && std::string_view(rc.field) == "descriptor") {
          descriptor_ok = str(rc.node) == "1";
        } else if (!ts_node_is_named(rc.node)) {
          op = t;
        }
      }
      if (!have_dest) return;
      const bool writes = op == ">" || op == ">>" || op == ">|" || op == "&>" || op == "&>>";
      if (!writes || !descriptor_ok) {
        others.push_back(dest);
        return;
      }
      const std::vector<Field> f = fields(dest, depth);
      if (f.size() != 1) return;
      Word w;
      w.text = f[0].st.text;
      w.span = f[0].st.offsets.empty() ? span(dest) : f[0].st.span_of(0, w.text.size());
      w.known = f[0].st.known;
      targets.emplace_back(std::move(w), op == ">>" || op == "&>>");
    };
    for (const ts::Child& child : table_.children(node)) {
      const TSNode c = child.node;
      const std::string_view field = child.field ? child.field : "";
      const std::string_view t = ts::type(c);
      if (field == "body") {
        body = c;
        have_body = true;
      } else if (t == "heredoc_redirect") {
        input = heredoc_text(c, depth);
        for (const ts::Child& hc : table_.children(c)) {
          const std::string_view ht = ts::type(hc.node);
          if (ht == "file_redirect") {
            file_redirect(hc.node);
          } else if (ht == "pipeline" || ht == "list" || ht == "command" ||
                     ht == "redirected_statement") {
            continuations.push_back(hc.node);
          } else if (ht == "heredoc_body") {
            for (const TSNode x : table_.named_children(hc.node)) {
              if (ts::type(x) == "command_substitution") substitution(x, depth + 1);
            }
          }
        }
      } else if (t == "herestring_redirect") {
        input = herestring_text(c, depth);
      } else if (t == "file_redirect") {
        file_redirect(c);
      } else if (ts_node_is_named(c)) {
        others.push_back(c);
      }
    }
    for (const TSNode other : others) expand_all(other, depth);
    stdout_.reset();
    if (have_body) {
      stdin_ = std::move(input);
      statement(body, depth + 1, top);
      stdin_.reset();
    }
    std::optional<WrittenText> output = std::move(stdout_);
    stdout_.reset();
    if (output) {
      for (const auto& [target, append] : targets) add_write(target, *output, append, span(node));
    }
    if (!targets.empty()) output.reset();
    for (const TSNode c : continuations) {
      push_frame();
      if (ts::type(c) == "pipeline") {
        stdin_ = output;
        pipeline(c, depth + 1);
      } else {
        stdin_ = output;
        statement(c, depth + 1, false);
      }
      stdin_.reset();
      pop_frame();
    }
  }

  std::string_view list_operator(TSNode node) const {
    for (const TSNode c : table_.children(node)) {
      if (!ts_node_is_named(c)) return ts::type(c);
    }
    return {};
  }

  void and_chain(TSNode node, int depth) {
    if (depth > kMaxDepth) {
      too_deep(node);
      return;
    }
    for (const TSNode c : table_.named_children(node)) {
      if (kind(c) == Kind::List && list_operator(c) == "&&") {
        and_chain(c, depth + 1);
      } else {
        stdin_.reset();
        stdout_.reset();
        statement(c, depth + 1, false);
      }
    }
  }

  // a | b | c: each command's known output is the next one's input.
  void pipeline(TSNode node, int depth) {
    std::optional<WrittenText> flowing = std::move(stdin_);
    stdin_.reset();
    for (const TSNode c : table_.named_children(node)) {
      stdin_ = std::move(flowing);
      stdout_.reset();
      statement(c, depth + 1, false);
      flowing = std::move(stdout_);
      stdin_.reset();
      stdout_.reset();
    }
  }

  // ---- statements ----

  bool reachable() const { return reachable_ && !dead_; }

  void command(TSNode node, int depth, bool top) {
    const std::size_t assignments_before = out_.assignments.size();
    // One builder for all the words: an argument ends its last field before the next one.
    Builder words(file_, true);
    std::vector<Span> arg_spans;
    for (const ts::Child& child : table_.children(node)) {
      const TSNode c = child.node;
      const std::string_view f = child.field ? child.field : "";
      if (f == "name" || f == "argument") {
        expand(c, words, false, depth + 1);
        words.end_field();
        arg_spans.resize(words.fields.size(), span(c));
      } else if (kind(c) == Kind::VariableAssignment) {
        record_prefix_assignment(c, depth);
      } else if (kind(c) == Kind::HerestringRedirect) {
        stdin_ = herestring_text(c, depth);
      } else if (ts_node_is_named(c)) {
        children(c, depth + 1, false, false);  // redirections: nested substitutions
      }
    }
    std::vector<Field> argv = std::move(words.fields);
    Command cmd;
    cmd.span = span(node);
    for (std::size_t k = assignments_before; k < out_.assignments.size(); ++k) {
      if (out_.assignments[k].prefix) out_.assignments[k].command = cmd.span;
    }
    cmd.reachable = reachable();
    cmd.background = background_;
    cmd.argv.reserve(argv.size());
    for (std::size_t i = 0; i < argv.size(); ++i) {
      Word w;
      w.text = argv[i].st.text;
      w.span = argv[i].st.offsets.empty() ? arg_spans[i] : argv[i].st.span_of(0, w.text.size());
      w.via = argv[i].via;
      w.known = argv[i].st.known;
      cmd.argv.push_back(std::move(w));
    }
    std::optional<WrittenText> input = std::move(stdin_);
    stdin_.reset();
    stdout_ = output_of(cmd, argv, arg_spans, input);
    // The script of `sh -c`, copied: argv's texts move into the command, and the commands
    // the inner analysis adds may move that.
    std::optional<SourcedText> inner_script;
    if (const SourcedText* script = shell_c_script(argv)) inner_script = *script;
    if (!argv.empty()) {
      const std::string_view name = argv[0].st.known ? argv[0].st.text : std::string_view();
      if (name == "exit" && top && !background_) dead_ = true;
      // `exec cmd` replaces the shell; `exec >log` only redirects.
      if (name == "exec" && argv.size() > 1 && top && !background_) dead_ = true;
      if (name == "read" || name == "readarray" || name == "mapfile" || name == "unset" ||
          name == "getopts") {
        for (std::size_t i = 1; i < argv.size(); ++i) {
          const std::string& a = argv[i].st.text;
          if (!a.empty() && a[0] != '-') unset_var(a);
        }
      }
    }
    cmd.argv_text.reserve(argv.size());
    for (Field& field : argv) cmd.argv_text.push_back(std::move(field.st));
    out_.commands.push_back(std::move(cmd));
    if (inner_script) shell_c(*inner_script);
  }

  // tree-sitter-bash 0.25 can merge the lines between two `[ … ]` tests into one test
  // whose body is a command with a multi-word redirect (tree-sitter-bash issue 316): a
  // single-bracket test that spans an unescaped newline outside quotes is that mis-parse.
  bool swallowed_lines(TSNode node) const {
    const std::string_view t = str(node);
    if (!t.starts_with("[") || t.starts_with("[[")) return false;
    char quote = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
      const char c = t[k];
      if (quote) {
        if (c == '\\' && quote == '"') {
          ++k;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\\') {
        ++k;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\n') {
        return true;
      }
    }
    return false;
  }

  // The bytes [b, e) analysed as a script of their own, positions mapped to this one's.
  void reparse_region(std::uint32_t b, std::uint32_t e) {
    if (reparse_ >= kMaxReparse || e <= b) return;
    std::vector<std::uint32_t> offsets;
    offsets.reserve(e - b);
    for (std::uint32_t k = b; k < e; ++k) offsets.push_back(at(k));
    Analyzer inner(parser_, text_.substr(b, e - b), file_, out_, &offsets, 0, reparse_ + 1);
    inner.background_ = background_;
    inner.run(false, reachable());
  }

  // `sh -c 'script'` (after wrappers such as sudo or nohup): the script, to analyse too.
  const SourcedText* shell_c_script(const std::vector<Field>& argv) const {
    if (reparse_ >= kMaxReparse) return nullptr;
    static const std::set<std::string_view> kShells = {"sh",  "bash", "dash", "ash",
                                                       "ksh", "zsh",  "mksh", "busybox"};
    std::size_t i = 0;
    while (i < argv.size() && !kShells.contains(basename(argv[i].st.text))) ++i;
    if (i == argv.size()) return nullptr;
    for (++i; i < argv.size(); ++i) {
      const std::string& a = argv[i].st.text;
      if (a == "sh" && i > 0 && basename(argv[i - 1].st.text) == "busybox") continue;
      if (a.size() < 2 || a[0] != '-' || a == "--") return nullptr;
      if (a[1] != '-' && a.find('c') != std::string::npos) break;
    }
    if (i + 1 >= argv.size()) return nullptr;
    const SourcedText& script = argv[i + 1].st;
    if (!script.known || script.text.empty()) return nullptr;
    return &script;
  }

  void shell_c(const SourcedText& script) {
    Analyzer inner(parser_, script.text, file_, out_, &script.offsets, 0, reparse_ + 1);
    inner.dead_ = false;
    inner.background_ = background_;
    inner.run(false, reachable());
  }

  void statement(TSNode node, int depth, bool top) {
    if (depth > kMaxDepth) {
      too_deep(node);
      return;
    }
    const Kind type = kind(node);
    if (type == Kind::Command) {
      command(node, depth, top);
    } else if (type == Kind::VariableAssignment) {
      assign(node, depth);
    } else if (type == Kind::DeclarationCommand) {
      const bool local = str(node).starts_with("local") || str(node).starts_with("typeset") ||
                         str(node).starts_with("declare");
      bool exporting = str(node).starts_with("export");
      for (const TSNode c : table_.named_children(node)) {
        const std::string_view t = str(c);
        if (kind(c) == Kind::Word && t.starts_with("-") && t.find('x') != std::string_view::npos) {
          exporting = true;  // declare -x, typeset -x
        }
      }
      const bool saved_exporting = exporting_;
      exporting_ = exporting;
      for (const TSNode c : table_.named_children(node)) {
        if (kind(c) == Kind::VariableAssignment) {
          assign(c, depth + 1);
        } else if (kind(c) == Kind::VariableName && local) {
          unset_var(std::string(str(c)));
        } else {
          expand_all(c, depth + 1);
        }
      }
      exporting_ = saved_exporting;
    } else if (type == Kind::FunctionDefinition) {
      const TSNode name = ts_node_child_by_field_name(node, "name", 4);
      const bool live = !ts_node_is_null(name) && live_fns_.contains(str(name));
      const bool saved = reachable_;
      const bool saved_dead = dead_;
      reachable_ = reachable_ && live;
      push_frame();
      children(node, depth + 1, false, false);
      pop_frame();
      reachable_ = saved;
      dead_ = saved_dead;
    } else if (type == Kind::Comment || type == Kind::HeredocBody) {
      return;
    } else if (type == Kind::ForStatement || type == Kind::SelectStatement) {
      push_frame();
      const TSNode var = ts_node_child_by_field_name(node, "variable", 8);
      if (!ts_node_is_null(var)) unset_var(std::string(str(var)));
      children(node, depth + 1, false, true);
      pop_frame();
    } else if (type == Kind::CommandSubstitution || type == Kind::ProcessSubstitution) {
      substitution(node, depth);
    } else if (type == Kind::TestCommand && swallowed_lines(node)) {
      reparse_region(ts::start(node) + 1, ts::end(node) - 1);
    } else if (type == Kind::RedirectedStatement) {
      redirected(node, depth, top);
    } else if (type == Kind::Pipeline) {
      push_frame();
      pipeline(node, depth);
      pop_frame();
    } else if (type == Kind::List && list_operator(node) == "&&") {
      // `a=1 && b && echo $a`: each part runs only after the ones before it succeeded, so
      // what they assign holds for the rest of the chain; after it, it may not have run.
      push_frame();
      and_chain(node, depth);
      pop_frame();
    } else if (type == Kind::Program || type == Kind::Error) {
      children(node, depth + 1, top, false);
    } else {
      // if/while/case/list/pipeline/subshell/{ }/…: conditional or in a subshell.
      push_frame();
      children(node, depth + 1, false, false);
      pop_frame();
    }
  }

  // The statements among node's children; `skip_var`: the first named child is a loop
  // variable.
  void children(TSNode node, int depth, bool top, bool skip_var) {
    if (depth > kMaxDepth) {
      too_deep(node);
      return;
    }
    const ts::ChildList kids = table_.children(node);
    const std::size_t n = kids.size();
    bool skipped = !skip_var;
    for (std::size_t i = 0; i < n; ++i) {
      const TSNode c = kids[i];
      if (!ts_node_is_named(c)) continue;
      if (!skipped) {
        skipped = true;
        continue;
      }
      const Kind t = kind(c);
      if (t == Kind::Word || t == Kind::String || t == Kind::RawString ||
          t == Kind::Concatenation || t == Kind::SimpleExpansion || t == Kind::Expansion ||
          t == Kind::Number || t == Kind::AnsiCString) {
        expand_all(c, depth);  // for-in lists, case subjects, redirect targets
        continue;
      }
      const bool bg =
          i + 1 < n && kind(kids[i + 1]) == Kind::Ampersand && !ts_node_is_named(kids[i + 1]);
      const bool saved = background_;
      if (bg) background_ = true;
      stdin_.reset();
      stdout_.reset();
      statement(c, depth + 1, top);
      background_ = saved;
    }
  }

  ts::Parser& parser_;
  std::string_view text_;
  FileId file_;
  Script& out_;
  const std::vector<std::uint32_t>* map_;
  std::uint32_t base_;
  int reparse_;
  std::unordered_map<std::string, Var> vars_;
  std::vector<std::map<std::string, std::optional<Var>>> frames_;
  // Names are views of text_, which outlives the analyzer.
  std::unordered_map<std::string_view, CallList> called_;
  // Filled by the call-graph walk; field names only of the children of commands,
  // redirected statements and file redirects.
  ts::ChildTable table_;
  const Kinds* kinds_ = nullptr;  // set when the tree is parsed
  std::unordered_set<std::string_view> live_fns_;
  std::size_t copied_ = 0;
  bool reachable_ = true;
  bool dead_ = false;
  bool background_ = false;
  bool exporting_ = false;
  // What flows into the next simple command's standard input (a heredoc, a pipe from echo),
  // and what the last simple command wrote to its standard output, when known.
  std::optional<WrittenText> stdin_;
  std::optional<WrittenText> stdout_;
};

// Source order, stable. Indices are sorted, then the commands permuted in place: a command
// is large, and a merge sort moves each one log n times through a buffer as large.
void sort_commands(std::vector<Command>& commands) {
  const auto by_start = [&](std::size_t a, std::size_t b) {
    return commands[a].span.begin < commands[b].span.begin;
  };
  std::vector<std::size_t> order(commands.size());  // order[i]: the command for place i
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (std::is_sorted(order.begin(), order.end(), by_start)) return;
  std::stable_sort(order.begin(), order.end(), by_start);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;
    // Follow the cycle through place i.
    Command held = std::move(commands[i]);
    std::size_t place = i;
    while (order[place] != i) {
      const std::size_t from = order[place];
      commands[place] = std::move(commands[from]);
      order[place] = place;
      place = from;
    }
    commands[place] = std::move(held);
    order[place] = place;
  }
}

}  // namespace

Script analyze_script(ts::Parser& bash, std::string_view text, FileId file, std::uint32_t begin,
                      std::uint32_t end) {
  Script script;
  const std::uint32_t lim = static_cast<std::uint32_t>(
      std::min<std::size_t>({text.size(), std::size_t{end}, std::size_t{UINT32_MAX}}));
  begin = std::min(begin, lim);
  if (text.substr(begin, lim - begin).starts_with("\xEF\xBB\xBF")) begin += 3;
  Analyzer analyzer(bash, text.substr(begin, lim - begin), file, script, nullptr, begin, 0);
  analyzer.run(true, true);
  sort_commands(script.commands);
  return script;
}

Script analyze_text(ts::Parser& bash, const SourcedText& text,
                    const std::vector<std::pair<std::string, SourcedText>>& environment) {
  Script script;
  if (text.offsets.size() != text.text.size() || text.text.size() >= UINT32_MAX) return script;
  Analyzer analyzer(bash, text.text, text.file, script, &text.offsets, 0, 0);
  for (const auto& [name, value] : environment) analyzer.preset(name, value);
  analyzer.run(true, true);
  sort_commands(script.commands);
  return script;
}

}  // namespace dl::shell

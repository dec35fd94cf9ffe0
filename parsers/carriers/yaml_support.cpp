#include "parsers/carriers/yaml_support.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace dl::carriers::detail {
namespace {

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<tmpl::Region> find_tags(std::string_view text, std::uint32_t begin, std::uint32_t end,
                                    bool github_only) {
  std::vector<tmpl::Region> out;
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text.size()));
  std::uint32_t i = begin;
  while (i + 1 < end) {
    const char next = text[i + 1];
    if (text[i] != '{' || (next != '{' && next != '%' && next != '#')) {
      ++i;
      continue;
    }
    const bool dollar = i > begin && text[i - 1] == '$';
    // `${#x}` and `${%…}` are shell; only `${{` is GitHub's expression syntax.
    if ((dollar && next != '{') || (github_only && !(dollar && next == '{'))) {
      ++i;
      continue;
    }
    const std::string_view closer = next == '{' ? "}}" : next == '%' ? "%}" : "#}";
    const std::size_t found = text.substr(0, end).find(closer, i + 2);
    if (found == std::string_view::npos) {
      i += 2;
      continue;
    }
    out.push_back({dollar && next == '{' ? i - 1 : i,
                   static_cast<std::uint32_t>(found + closer.size()), next == '%'});
    i = static_cast<std::uint32_t>(found + closer.size());
  }
  return out;
}

// GitHub's ${{ }} must start at '$', which find_tags puts at i-1: keep regions disjoint.
void normalize(std::vector<tmpl::Region>& regions) {
  std::sort(regions.begin(), regions.end(),
            [](const tmpl::Region& a, const tmpl::Region& b) { return a.begin < b.begin; });
  std::vector<tmpl::Region> out;
  for (const tmpl::Region& r : regions) {
    if (!out.empty() && r.begin < out.back().end) {
      out.back().end = std::max(out.back().end, r.end);
      continue;
    }
    out.push_back(r);
  }
  regions = std::move(out);
}

}  // namespace

std::vector<tmpl::Region> jinja_regions(std::string_view text, std::uint32_t begin,
                                        std::uint32_t end) {
  auto regions = find_tags(text, begin, end, false);
  normalize(regions);
  return regions;
}

std::vector<tmpl::Region> github_regions(std::string_view text, std::uint32_t begin,
                                         std::uint32_t end) {
  auto regions = find_tags(text, begin, end, true);
  normalize(regions);
  return regions;
}

ParsedFile parse_yaml(const SourceFile& file, const std::vector<tmpl::Region>& candidates) {
  ParsedFile out;
  const auto end = static_cast<std::uint32_t>(file.text.size());
  out.stream = yaml::parse(file.text, file.id, file.content_start, end);
  if (!out.stream.error || candidates.empty()) return out;
  yaml::Stream retry = yaml::parse(file.text, file.id, file.content_start, end, candidates);
  if (!retry.error || retry.documents.size() > out.stream.documents.size()) {
    out.stream = std::move(retry);
    out.blanked = candidates;
  }
  return out;
}

// ---- nodes ----

const Node* child(const Node* n, std::string_view key) {
  if (!is_mapping(n)) return nullptr;
  const Node* found = nullptr;
  for (const auto& [k, v] : n->entries) {
    if (k.kind == Node::Kind::Scalar && k.value.text == key) found = &v;
  }
  return found;
}

std::string_view text_of(const Node* n) {
  return is_scalar(n) ? std::string_view(n->value.text) : std::string_view();
}

bool is_null(const Node* n) {
  if (n == nullptr) return true;
  if (n->kind != Node::Kind::Scalar || n->style != yaml::ScalarStyle::Plain) return false;
  if (!n->tag.empty() && n->tag != "!!null") return false;
  if (!n->value.known) return false;  // a blanked template tag: a value, just not a known one
  const std::string& t = n->value.text;
  return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

bool is_true(const Node* n) {
  if (!is_scalar(n)) return false;
  const std::string t = lower(n->value.text);
  return t == "true" || t == "yes" || t == "on" || t == "y";
}

bool is_false(const Node* n) {
  if (!is_scalar(n)) return false;
  const std::string t = lower(n->value.text);
  return t == "false" || t == "no" || t == "off" || t == "n";
}

std::vector<const Node*> items_of(const Node* n) {
  std::vector<const Node*> out;
  if (is_sequence(n)) {
    for (const Node& item : n->items) out.push_back(&item);
  } else if (n != nullptr && !is_null(n)) {
    out.push_back(n);
  }
  return out;
}

// ---- masked text ----

void Masked::append(const Masked& other, std::size_t begin, std::size_t end) {
  if (text.file == kNoFile) text.file = other.text.file;
  for (std::size_t k = begin; k < end && k < other.size(); ++k) {
    push(other.text.text[k], other.text.offsets[k], other.unknown[k] != 0);
  }
  if (!other.text.known) text.known = false;
}

bool Masked::known() const {
  return text.known && std::find(unknown.begin(), unknown.end(), 1) == unknown.end();
}

bool Masked::any_unknown(std::size_t begin, std::size_t end) const {
  for (std::size_t k = begin; k < end && k < unknown.size(); ++k) {
    if (unknown[k] != 0) return true;
  }
  return false;
}

Masked Masked::slice(std::size_t begin, std::size_t end) const {
  Masked out;
  out.text.file = text.file;
  out.whole = whole;
  out.append(*this, begin, end);
  out.text.known = text.known;
  // An empty slice points where it was cut, so an empty word still has a place.
  if (out.size() == 0 && begin < size()) {
    out.whole = Span{text.file, text.offsets[begin], text.offsets[begin]};
  }
  return out;
}

Masked masked(const Source& src, const Node& n) {
  Masked m;
  m.text.file = src.id();
  m.whole = n.span;
  const std::string_view file_text =
      src.file != nullptr ? std::string_view(src.file->text) : std::string_view();
  if (n.kind != Node::Kind::Scalar) {
    for (std::uint32_t k = n.span.begin; k < n.span.end && k < file_text.size(); ++k) {
      m.push(file_text[k], k, true);
    }
    m.text.known = false;
    return m;
  }
  const SourcedText& v = n.value;
  const std::size_t count = std::min(v.text.size(), v.offsets.size());
  // Tags not represented by any byte of the value (trimmed off a blanked plain scalar, or a
  // whole blanked value) are put back where they were, so the value shows its template.
  std::vector<tmpl::Region> missing;
  if (src.templated(n.span.begin, n.span.end) && n.alias.empty()) {
    std::vector<std::uint32_t> sorted(v.offsets.begin(),
                                      v.offsets.begin() + static_cast<std::ptrdiff_t>(count));
    std::sort(sorted.begin(), sorted.end());
    auto r = std::upper_bound(
        src.regions.begin(), src.regions.end(), n.span.begin,
        [](std::uint32_t offset, const tmpl::Region& region) { return offset < region.end; });
    for (; r != src.regions.end() && r->begin < n.span.end; ++r) {
      const auto at = std::lower_bound(sorted.begin(), sorted.end(), r->begin);
      if (at == sorted.end() || *at >= r->end) missing.push_back(*r);
    }
  }
  std::size_t next_missing = 0;
  const auto put_missing_before = [&](std::uint32_t offset) {
    while (next_missing < missing.size() && missing[next_missing].begin < offset) {
      const tmpl::Region& r = missing[next_missing++];
      for (std::uint32_t k = r.begin; k < r.end && k < file_text.size(); ++k) {
        m.push(file_text[k], k, true);
      }
    }
  };
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t off = v.offsets[k];
    put_missing_before(off);
    const bool unk = src.templated(off, off + 1);
    const char c = unk && off < file_text.size() ? file_text[off] : v.text[k];
    m.push(c, off, unk);
  }
  put_missing_before(UINT32_MAX);
  if (!v.known && m.known()) m.text.known = false;
  return m;
}

Word to_word(const Masked& m) {
  Word w;
  w.text = m.text.text;
  w.known = m.known();
  w.span = m.size() > 0 ? m.text.span_of(0, m.size()) : m.whole;
  if (!w.span.valid()) w.span = m.whole;
  return w;
}

SourcedText to_value(const Masked& m) {
  SourcedText out = m.text;
  out.known = m.known();
  return out;
}

SourcedText to_script(const Masked& m) {
  SourcedText out;
  out.file = m.text.file;
  out.known = m.text.known;
  std::size_t k = 0;
  while (k < m.size()) {
    if (m.unknown[k] == 0) {
      out.append(m.text.text[k], m.text.offsets[k]);
      ++k;
      continue;
    }
    std::size_t e = k;
    while (e < m.size() && m.unknown[e] != 0) ++e;
    for (std::size_t p = 0; p < kUnknownPlaceholder.size(); ++p) {
      out.append(kUnknownPlaceholder[p],
                 m.text.offsets[p + 1 == kUnknownPlaceholder.size() ? e - 1 : k]);
    }
    k = e;
  }
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown_ranges(const Masked& m) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::size_t k = 0;
  while (k < m.size()) {
    if (m.unknown[k] == 0) {
      ++k;
      continue;
    }
    std::size_t e = k;
    while (e < m.size() && m.unknown[e] != 0) ++e;
    out.emplace_back(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(e));
    k = e;
  }
  if (out.empty() && !m.text.known && m.size() > 0) {
    out.emplace_back(0, static_cast<std::uint32_t>(m.size()));
  }
  return out;
}

Masked compose_interpolate(const Masked& m) {
  Masked out;
  out.text.file = m.text.file;
  out.text.known = m.text.known;
  out.whole = m.whole;
  const std::string& t = m.text.text;
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i] == '$' && m.unknown[i] == 0 && i + 1 < t.size()) {
      if (t[i + 1] == '$') {
        out.push('$', m.text.offsets[i], false);
        i += 2;
        continue;
      }
      std::size_t end = i;
      if (t[i + 1] == '{') {
        int depth = 0;
        for (std::size_t j = i + 1; j < t.size(); ++j) {
          if (t[j] == '{') ++depth;
          if (t[j] == '}' && --depth == 0) {
            end = j + 1;
            break;
          }
        }
      } else if (is_name_start(t[i + 1])) {
        end = i + 2;
        while (end < t.size() && is_name_char(t[end])) ++end;
      }
      if (end > i) {
        for (std::size_t j = i; j < end; ++j) out.push(t[j], m.text.offsets[j], true);
        i = end;
        continue;
      }
    }
    out.push(t[i], m.text.offsets[i], m.unknown[i] != 0);
    ++i;
  }
  return out;
}

std::vector<Masked> split_words(const Masked& m) {
  std::vector<Masked> words;
  const std::string& t = m.text.text;
  Masked word;
  bool got = false;
  bool single = false;
  bool dbl = false;
  bool escaped = false;
  std::uint32_t word_start = 0;
  const auto start = [&](std::size_t k) {
    if (got) return;
    got = true;
    word = Masked{};
    word.text.file = m.text.file;
    word.text.known = m.text.known;
    word_start = m.text.offsets[k];
  };
  const auto finish = [&](std::size_t k) {
    if (!got) return;
    if (word.size() == 0) {  // "" or '': an empty argument at its quotes
      const std::uint32_t end = k < t.size() ? m.text.offsets[k] : m.whole.end;
      word.whole = Span{m.text.file, word_start, std::max(word_start, end)};
    } else {
      word.whole = word.text.span_of(0, word.size());
    }
    words.push_back(std::move(word));
    got = false;
  };
  for (std::size_t k = 0; k < t.size(); ++k) {
    const char c = t[k];
    const std::uint32_t off = m.text.offsets[k];
    if (m.unknown[k] != 0) {  // template text is one opaque piece of the word
      start(k);
      word.push(c, off, true);
      escaped = false;
      continue;
    }
    if (escaped) {
      word.push(c, off, false);
      escaped = false;
      continue;
    }
    if (c == '\\' && !single) {
      start(k);
      escaped = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (single || dbl) {
        word.push(c, off, false);
      } else {
        finish(k);
      }
      continue;
    }
    if (c == '"' && !single) {
      start(k);
      dbl = !dbl;
      continue;
    }
    if (c == '\'' && !dbl) {
      start(k);
      single = !single;
      continue;
    }
    if ((c == ';' || c == '&' || c == '|' || c == '<' || c == '>') && !single && !dbl) break;
    start(k);
    word.push(c, off, false);
  }
  finish(t.size());
  return words;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::size_t> shell_c_index(const std::vector<Masked>& argv) {
  static constexpr std::array<std::string_view, 7> kShells = {"sh",  "bash", "ash", "dash",
                                                              "zsh", "ksh",  "mksh"};
  static constexpr std::array<std::string_view, 4> kWrappers = {"tini", "dumb-init", "tini-static",
                                                                "catatonit"};
  std::size_t i = 0;
  while (i < argv.size() && argv[i].known()) {
    const std::string_view name = base_name(argv[i].text.text);
    if (std::find(kWrappers.begin(), kWrappers.end(), name) != kWrappers.end()) {
      ++i;
      while (i < argv.size() && argv[i].text.text.starts_with("-")) {
        const bool end_of_options = argv[i].text.text == "--";
        ++i;
        if (end_of_options) break;
      }
      continue;
    }
    if (name == "env") {
      ++i;
      while (i < argv.size() && (argv[i].text.text.starts_with("-") ||
                                 argv[i].text.text.find('=') != std::string::npos)) {
        ++i;
      }
      continue;
    }
    break;
  }
  if (i >= argv.size() || !argv[i].known()) return std::nullopt;
  const std::string_view shell = base_name(argv[i].text.text);
  if (std::find(kShells.begin(), kShells.end(), shell) == kShells.end()) return std::nullopt;
  bool has_c = false;
  std::size_t j = i + 1;
  while (j < argv.size()) {
    const std::string& a = argv[j].text.text;
    if (a == "--" || a == "-") {
      ++j;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    if (a.starts_with("--")) {  // --login, --norc: no -c inside
      ++j;
      continue;
    }
    if (a.find('c') != std::string::npos && a[0] == '-') has_c = true;
    // -o pipefail / +o errexit take the next word.
    const bool takes_value = a.back() == 'o' || a.back() == 'O';
    j += takes_value ? 2 : 1;
  }
  if (!has_c || j >= argv.size()) return std::nullopt;
  return j;
}

std::uint32_t parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return 0;
  std::uint32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return value <= 65535 ? value : 0;
}

namespace {

struct PortRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool ok = false;
};

PortRange parse_range(std::string_view text) {
  PortRange r;
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    r.first = r.last = parse_port(text);
  } else {
    r.first = parse_port(text.substr(0, dash));
    r.last = parse_port(text.substr(dash + 1));
  }
  r.ok = r.first != 0 && r.last >= r.first;
  return r;
}

}  // namespace

std::vector<carrier::PublishedPort> parse_port_spec(const Masked& spec, Span span) {
  std::vector<carrier::PublishedPort> out;
  std::string text = spec.text.text;
  std::vector<char> unknown = spec.unknown;
  // Surrounding blanks are not part of the spec.
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.pop_back();
    unknown.pop_back();
  }
  std::size_t lead = 0;
  while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
  text.erase(0, lead);
  unknown.erase(unknown.begin(), unknown.begin() + static_cast<std::ptrdiff_t>(lead));
  if (text.empty()) return out;

  bool tcp = true;
  std::size_t body_end = text.size();
  const auto slash = text.rfind('/');
  if (slash != std::string::npos) {
    const std::string proto = lower(std::string_view(text).substr(slash + 1));
    if (proto == "udp" || proto == "sctp") {
      tcp = false;
    } else if (proto != "tcp") {
      return out;
    }
    body_end = slash;
  }
  // docker's nat.splitParts: the last two fields are host and container port, anything
  // before is the address ("[::1]" or "::1").
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  std::size_t from = 0;
  for (std::size_t k = 0; k <= body_end; ++k) {
    if (k == body_end || text[k] == ':') {
      parts.emplace_back(from, k);
      from = k + 1;
    }
  }
  const auto unknown_in = [&](std::pair<std::size_t, std::size_t> p) {
    for (std::size_t k = p.first; k < p.second; ++k) {
      if (unknown[k] != 0) return true;
    }
    return false;
  };
  const auto str = [&](std::pair<std::size_t, std::size_t> p) {
    return std::string_view(text).substr(p.first, p.second - p.first);
  };
  const auto container = parts.back();
  if (unknown_in(container)) return out;
  const PortRange cports = parse_range(str(container));
  if (!cports.ok) return out;

  std::string host_ip;
  PortRange hports;
  bool has_host_port = false;
  if (parts.size() >= 2) {
    const auto host = parts[parts.size() - 2];
    // An unknowable host port is any host port, like an ephemeral one.
    if (!unknown_in(host) && host.second > host.first) {
      hports = parse_range(str(host));
      if (!hports.ok) return out;
      has_host_port = true;
    }
  }
  if (parts.size() >= 3) {
    const std::pair<std::size_t, std::size_t> ip{parts.front().first,
                                                 parts[parts.size() - 3].second};
    if (unknown_in(ip)) return out;
    host_ip = std::string(str(ip));
    if (host_ip.size() >= 2 && host_ip.front() == '[' && host_ip.back() == ']') {
      host_ip = host_ip.substr(1, host_ip.size() - 2);
    }
  }
  const std::uint32_t ccount = cports.last - cports.first + 1;
  if (has_host_port) {
    const std::uint32_t hcount = hports.last - hports.first + 1;
    if (hcount != ccount && ccount != 1) return out;  // docker refuses mismatched ranges
    for (std::uint32_t k = 0; k < hcount; ++k) {
      // A host range for one container port: docker picks one of them.
      const std::uint32_t c = ccount == 1 ? cports.first : cports.first + k;
      out.push_back({host_ip, hports.first + k, c, tcp, span});
    }
  } else {
    for (std::uint32_t k = 0; k < ccount; ++k) {
      out.push_back({host_ip, 0, cports.first + k, tcp, span});
    }
  }
  return out;
}

// ---- environments ----

void Env::set(carrier::EnvVar ev, Masked value) {
  vars_.erase(std::remove_if(vars_.begin(), vars_.end(),
                             [&](const Var& v) { return v.ev.name == ev.name; }),
              vars_.end());
  vars_.push_back({std::move(ev), std::move(value)});
}

const Var* Env::find(std::string_view name) const {
  for (const Var& v : vars_) {
    if (v.ev.name == name) return &v;
  }
  return nullptr;
}

std::vector<carrier::EnvVar> Env::env() const {
  std::vector<carrier::EnvVar> out;
  out.reserve(vars_.size());
  for (const Var& v : vars_) out.push_back(v.ev);
  return out;
}

carrier::EnvVar make_env(std::string name, Span name_span, const Masked& value) {
  carrier::EnvVar ev;
  ev.name = std::move(name);
  ev.name_span = name_span;
  ev.value = to_value(value);
  ev.value_span = value.whole;
  return ev;
}

void add_container(carrier::Document& doc, carrier::Container container) {
  if (!container.env.empty()) doc.environments.push_back(container.env);
  doc.containers.push_back(std::move(container));
}

// ---- commands ----

std::vector<Word> words_of(const std::vector<Masked>& argv) {
  std::vector<Word> out;
  out.reserve(argv.size());
  for (const Masked& m : argv) out.push_back(to_word(m));
  return out;
}

carrier::WrittenFile written_file(Word path, const Masked& content, Span by, bool line_edit) {
  carrier::WrittenFile out;
  out.path = std::move(path);
  out.content = content.text;
  out.content.known = true;  // the unknown ranges say which bytes are not
  out.unknown = unknown_ranges(content);
  out.by = by;
  out.line_edit = line_edit;
  return out;
}

void add_shell_c_script(carrier::Document& doc, const std::vector<Masked>& argv, const Env& env) {
  const auto index = shell_c_index(argv);
  if (!index) return;
  doc.scripts.push_back({to_script(argv[*index]), env.env()});
}

void add_exec(carrier::Document& doc, const std::vector<Masked>& argv, const Env& env) {
  if (argv.empty()) return;
  carrier::Command command;
  for (const Masked& m : argv) {
    command.argv.push_back(to_word(m));
    command.argv_text.push_back(to_value(m));
  }
  command.env = env.env();
  doc.commands.push_back(std::move(command));
}

}  // namespace dl::carriers::detail

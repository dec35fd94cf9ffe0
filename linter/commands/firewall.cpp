#include "linter/commands/firewall.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "linter/dockerd/flags.h"

// Syntax as the tools document it (man pages: iptables(8), iptables-extensions(8) for the tcp,
// multiport, state/conntrack, iprange, set and mac matches; ufw(8); firewall-cmd(1) and
// firewalld.richlanguage(5); nft(8)). Only what decides "accepts new inbound TCP on these ports
// from these sources" is modelled; rules without a destination port (accept everything) are
// not reported, so a port_span always names ports.

namespace dl::commands {
namespace {

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The bytes of text[begin, end) of a word. Exact only when the word was written literally (its
// span as long as its text); removed quotes or escapes make the mapping unknowable, so the
// whole word.
Span sub_span(const Word& w, std::size_t begin, std::size_t end) {
  const std::size_t length = w.span.end - w.span.begin;
  if (!w.span.valid() || length != w.text.size() || begin > end || end > length) return w.span;
  return Span{w.span.file, static_cast<std::uint32_t>(w.span.begin + begin),
              static_cast<std::uint32_t>(w.span.begin + end)};
}

// From the start of `a` to the end of `b` when both are in one file and in order, else `a`.
Span cover(Span a, Span b) {
  if (!a.valid() || !b.valid() || a.file != b.file) return a.valid() ? a : b;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

// A value as the rule reads it: its text, where it was written, whether it is knowable.
struct Value {
  std::string text;
  Span span;
  bool known = true;
};

Value whole(const Word& w) {
  return Value{w.text, w.span, w.known};
}

Value part(const Word& w, std::size_t begin, std::size_t end) {
  return Value{w.text.substr(begin, end - begin), sub_span(w, begin, end), w.known};
}

// ---------------------------------------------------------------------------------------
// Ports and sources.

// Service names the tools resolve through /etc/services; only the ones this linter cares
// about, and common companions.
std::optional<std::uint32_t> service_port(std::string_view name) {
  constexpr std::pair<std::string_view, std::uint32_t> kServices[] = {
      {"docker", 2375}, {"docker-s", 2376}, {"ssh", 22}, {"http", 80}, {"https", 443}};
  for (const auto& [service, port] : kServices) {
    if (name == service) return port;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> port_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.size() > 5 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return service_port(s);
  }
  std::uint32_t value = 0;
  for (char c : s) value = value * 10 + static_cast<std::uint32_t>(c - '0');
  if (value > 65535) return std::nullopt;
  return value;
}

// "N" or "N<sep>M"; with open_ends (iptables) ":M" starts at 0 and "N:" ends at 65535.
std::optional<PortRange> port_range(std::string_view s, char sep, bool open_ends) {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) {
    const auto port = port_number(s);
    if (!port) return std::nullopt;
    return PortRange{*port, *port};
  }
  const std::string_view first_text = s.substr(0, at);
  const std::string_view last_text = s.substr(at + 1);
  std::optional<std::uint32_t> first = port_number(first_text);
  std::optional<std::uint32_t> last = port_number(last_text);
  if (open_ends && first_text.empty()) first = 0;
  if (open_ends && last_text.empty()) last = 65535;
  if (!first || !last || *first > *last) return std::nullopt;
  return PortRange{*first, *last};
}

// "a,b,c:d": every element must parse.
std::optional<std::vector<PortRange>> port_list(std::string_view s, char sep, bool open_ends) {
  std::vector<PortRange> out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = s.find(',', pos);
    const auto range = port_range(s.substr(pos, comma - pos), sep, open_ends);
    if (!range) return std::nullopt;
    out.push_back(*range);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

// A prefix of length 0 (0.0.0.0/0, 0/0, ::/0) or netmask 0.0.0.0 matches every address.
bool any_address(std::string_view s) {
  return ends_with(s, "/0") || ends_with(s, "/0.0.0.0");
}

// Who the rule lets in: everyone, or a source written somewhere.
struct Source {
  bool any = true;
  std::string text;
  Span span;
};

Source restricted(std::string text, Span span) {
  return Source{false, std::move(text), span};
}

FirewallRule make_rule(std::string_view tool, std::vector<PortRange> ports, Span port_span,
                       Span command, const Source& source) {
  FirewallRule rule;
  rule.tool = std::string(tool);
  rule.ports = std::move(ports);
  rule.port_span = port_span;
  rule.span = command;
  rule.any_source = source.any;
  if (!source.any) {
    rule.source = source.text;
    rule.source_span = source.span;
  }
  return rule;
}

// ---------------------------------------------------------------------------------------
// iptables / ip6tables (also the -legacy and -nft variants, and firewall-cmd --direct).

struct IptablesRule {
  char command = 0;  // 'A', 'I', 'R' add a rule; any other letter does something else
  std::optional<Value> chain;
  std::optional<Value> table;
  std::optional<Value> protocol;
  bool protocol_negated = false;
  std::vector<std::string> matches;  // -m names, lower case
  std::optional<Value> ports;
  bool ports_negated = false;
  bool multiport = false;  // --dports/--ports (need -m multiport)
  std::optional<Value> source;
  bool source_negated = false;
  std::optional<Value> other_source;  // --src-range, --match-set … src, --mac-source
  std::optional<Value> interface;
  bool interface_negated = false;
  std::optional<Value> target;  // -j; -g (goto) is never ACCEPT
  bool goto_target = false;
  bool new_connections = true;  // false when -m state/conntrack matches only other states
};

// Short options that take a value (getopt "X:"); -L -S -F -Z -X take an optional chain.
constexpr std::string_view kShortWithValue = "ACDRINEPpsdiojgmtW";
constexpr std::string_view kShortOptionalChain = "LSFZX";

class IptablesParser {
 public:
  explicit IptablesParser(std::span<const Word> args) : args_(args) {}

  IptablesRule run() {
    bool negate = false;
    while (next_ < args_.size()) {
      const Word& w = args_[next_++];
      const std::string_view s = w.text;
      if (s == "!") {
        negate = true;
        continue;
      }
      if (starts_with(s, "--") && s.size() > 2) {
        long_option(w, negate);
      } else if (s.size() >= 2 && s[0] == '-') {
        short_options(w, negate);
      }
      // Other words: a rule number after the chain, or extra values; nothing to read.
      negate = false;
    }
    return std::move(rule_);
  }

 private:
  // The value of an option: attached ("--dport=22", "-ptcp") or the next word; the old
  // syntax "-s ! 10.0.0.1" puts the negation first.
  std::optional<Value> take(const Word& w, std::optional<std::size_t> attached_at, bool& negate) {
    if (attached_at) return part(w, *attached_at, w.text.size());
    if (next_ < args_.size() && args_[next_].text == "!") {
      negate = true;
      ++next_;
    }
    if (next_ >= args_.size()) return std::nullopt;
    return whole(args_[next_++]);
  }

  void skip_optional_value() {
    if (next_ < args_.size() && !starts_with(args_[next_].text, "-") && args_[next_].text != "!") {
      ++next_;
    }
  }

  void command(char letter, std::optional<Value> chain) {
    if (rule_.command == 0) {
      rule_.command = letter;
      rule_.chain = std::move(chain);
    } else {
      rule_.command = '?';  // iptables refuses two commands
    }
  }

  void option(char letter, const Word& w, std::optional<std::size_t> attached_at, bool negate) {
    switch (letter) {
      case 'A':
      case 'I':
      case 'R':
      case 'D':
      case 'C':
      case 'N':
      case 'E':
      case 'P': command(letter, take(w, attached_at, negate)); break;
      case 'L':
      case 'S':
      case 'F':
      case 'Z':
      case 'X':
        command(letter, std::nullopt);
        if (!attached_at) skip_optional_value();
        break;
      case 't': rule_.table = take(w, attached_at, negate); break;
      case 'p':
        rule_.protocol = take(w, attached_at, negate);
        rule_.protocol_negated = negate;
        break;
      case 's':
        rule_.source = take(w, attached_at, negate);
        rule_.source_negated = negate;
        break;
      case 'i':
        rule_.interface = take(w, attached_at, negate);
        rule_.interface_negated = negate;
        break;
      case 'j': rule_.target = take(w, attached_at, negate); break;
      case 'g':
        rule_.target = take(w, attached_at, negate);
        rule_.goto_target = true;
        break;
      case 'm':
        if (auto name = take(w, attached_at, negate)) rule_.matches.push_back(lower(name->text));
        break;
      case 'w':
        if (!attached_at) skip_optional_value();
        break;
      default:
        if (kShortWithValue.find(letter) != std::string_view::npos) take(w, attached_at, negate);
        break;
    }
  }

  void short_options(const Word& w, bool negate) {
    const std::string_view s = w.text;
    for (std::size_t k = 1; k < s.size(); ++k) {
      const char letter = s[k];
      const bool takes_value = kShortWithValue.find(letter) != std::string_view::npos ||
                               kShortOptionalChain.find(letter) != std::string_view::npos ||
                               letter == 'w';
      if (takes_value) {
        const std::optional<std::size_t> attached =
            k + 1 < s.size() ? std::optional<std::size_t>(k + 1) : std::nullopt;
        option(letter, w, attached, negate);
        return;
      }
      option(letter, w, std::nullopt, negate);
    }
  }

  void long_option(const Word& w, bool negate) {
    const std::string_view s = w.text;
    const std::size_t eq = s.find('=');
    const std::string name(s.substr(2, eq == std::string_view::npos ? s.npos : eq - 2));
    const std::optional<std::size_t> attached =
        eq == std::string_view::npos ? std::nullopt : std::optional<std::size_t>(eq + 1);
    // The main options, by their long names.
    constexpr std::pair<std::string_view, char> kLong[] = {
        {"append", 'A'},        {"check", 'C'},        {"delete", 'D'},       {"insert", 'I'},
        {"replace", 'R'},       {"new-chain", 'N'},    {"rename-chain", 'E'}, {"policy", 'P'},
        {"list", 'L'},          {"list-rules", 'S'},   {"flush", 'F'},        {"zero", 'Z'},
        {"delete-chain", 'X'},  {"table", 't'},        {"protocol", 'p'},     {"source", 's'},
        {"src", 's'},           {"destination", 'd'},  {"dst", 'd'},          {"in-interface", 'i'},
        {"out-interface", 'o'}, {"jump", 'j'},         {"goto", 'g'},         {"match", 'm'},
        {"wait", 'w'},          {"wait-interval", 'W'}};
    for (const auto& [long_name, letter] : kLong) {
      if (name == long_name) {
        option(letter, w, attached, negate);
        return;
      }
    }
    if (name == "dport" || name == "destination-port" || name == "dports" ||
        name == "destination-ports" || name == "ports") {
      rule_.ports = take(w, attached, negate);
      rule_.ports_negated = negate;
      rule_.multiport = name == "dports" || name == "destination-ports" || name == "ports";
    } else if (name == "state" || name == "ctstate") {
      if (auto states = take(w, attached, negate); states && states->known) {
        const std::string list = "," + lower(states->text) + ",";
        if (negate == (list.find(",new,") != std::string::npos)) rule_.new_connections = false;
      }
    } else if (name == "src-range" || name == "mac-source") {
      auto value = take(w, attached, negate);
      if (value && !negate) rule_.other_source = std::move(value);
    } else if (name == "match-set") {
      // --match-set NAME FLAGS: a source restriction when the first flag is "src".
      auto set_name = take(w, attached, negate);
      bool ignored = false;
      auto flags = take(w, std::nullopt, ignored);
      if (set_name && flags && !negate && starts_with(lower(flags->text), "src")) {
        set_name->text = "set " + set_name->text;
        rule_.other_source = std::move(set_name);
      }
    } else if (name == "tcp-flags" || name == "set-counters") {
      bool ignored = false;
      take(w, attached, ignored);
      take(w, std::nullopt, ignored);
    } else if (name == "syn" || name == "fragment" || name == "verbose" || name == "numeric" ||
               name == "exact" || name == "line-numbers" || name == "ipv4" || name == "ipv6") {
      // No value.
    } else if (!attached) {
      // An extension option not modelled here: most take one value.
      skip_optional_value();
    }
  }

  std::span<const Word> args_;
  std::size_t next_ = 0;
  IptablesRule rule_;
};

// The rule an iptables argument list adds, if it accepts new TCP connections on named ports.
std::optional<FirewallRule> iptables_rule(std::span<const Word> args, std::string_view tool,
                                          Span command_span) {
  IptablesRule r = IptablesParser(args).run();
  if (r.command != 'A' && r.command != 'I' && r.command != 'R') return std::nullopt;
  if (!r.chain || !r.chain->known || r.chain->text != "INPUT") return std::nullopt;
  if (r.table && (!r.table->known || r.table->text != "filter")) return std::nullopt;
  if (!r.target || !r.target->known || r.target->text != "ACCEPT" || r.goto_target) {
    return std::nullopt;
  }
  if (!r.new_connections) return std::nullopt;

  // TCP: "-p tcp" (which loads the tcp match for --dport), or the tcp match named alone.
  const auto has_match = [&](std::string_view m) {
    return std::find(r.matches.begin(), r.matches.end(), m) != r.matches.end();
  };
  if (r.protocol) {
    if (!r.protocol->known || r.protocol_negated) return std::nullopt;
    const std::string proto = lower(r.protocol->text);
    if (proto != "tcp" && proto != "6") return std::nullopt;
  } else if (!has_match("tcp")) {
    return std::nullopt;
  }
  if (!r.ports || !r.ports->known || r.ports_negated) return std::nullopt;
  if (r.multiport && !has_match("multiport")) return std::nullopt;
  std::optional<std::vector<PortRange>> ports;
  if (r.multiport) {
    ports = port_list(r.ports->text, ':', true);
  } else if (const auto range = port_range(r.ports->text, ':', true)) {
    ports = std::vector<PortRange>{*range};
  }
  if (!ports) return std::nullopt;

  Source source;
  if (r.interface) {
    if (!r.interface->known) {
      source = restricted("interface " + r.interface->text, r.interface->span);
    } else if (!r.interface_negated) {
      if (r.interface->text == "lo") return std::nullopt;  // loopback traffic only
      source = restricted("interface " + r.interface->text, r.interface->span);
    }
  }
  if (r.other_source) source = restricted(r.other_source->text, r.other_source->span);
  if (r.source && !r.source_negated) {
    if (!r.source->known || !any_address(r.source->text)) {
      source = restricted(r.source->text, r.source->span);
    }
  }
  return make_rule(tool, std::move(*ports), r.ports->span, command_span, source);
}

// ---------------------------------------------------------------------------------------
// ufw

std::vector<FirewallRule> ufw_rules(std::span<const Word> args, Span command_span) {
  std::size_t j = 0;
  // Global options; --help/--version print and exit, --dry-run only shows the rule.
  while (j < args.size() && starts_with(args[j].text, "--")) {
    const std::string_view s = args[j].text;
    if (s == "--help" || s == "--version" || s == "--dry-run") return {};
    ++j;
  }
  if (j < args.size() && args[j].text == "insert") j += 2;  // insert NUM RULE
  if (j < args.size() && args[j].text == "prepend") j += 1;
  if (j >= args.size() || !args[j].known) return {};
  // limit still accepts (it only rate-limits); route rules are for forwarded traffic.
  const std::string action = lower(args[j].text);
  if (action != "allow" && action != "limit") return {};
  ++j;
  if (j < args.size() && args[j].text == "out") return {};
  if (j < args.size() && args[j].text == "in") ++j;
  while (j < args.size() && (args[j].text == "log" || args[j].text == "log-all")) ++j;

  std::optional<Value> simple;  // "2375", "2375/tcp": the port spec of the simple syntax
  std::optional<Value> to_port;
  std::optional<Value> protocol;
  std::optional<Value> from;
  std::optional<Value> interface;
  bool full = false;
  enum class Last { None, From, To } last = Last::None;
  while (j < args.size()) {
    const Word& w = args[j++];
    const std::string_view s = w.text;
    const bool has_value = j < args.size();
    if (s == "on" && has_value) {
      interface = whole(args[j++]);
    } else if (s == "proto" && has_value) {
      protocol = whole(args[j++]);
    } else if (s == "from" && has_value) {
      full = true;
      from = whole(args[j++]);
      last = Last::From;
    } else if (s == "to" && has_value) {
      full = true;
      ++j;  // the destination address does not restrict who may connect
      last = Last::To;
    } else if (s == "port" && has_value) {
      if (last == Last::To) to_port = whole(args[j]);
      ++j;  // a "from … port" is the client's port
    } else if ((s == "comment" || s == "app") && has_value) {
      if (s == "app") return {};  // application profiles are not resolved
      ++j;
    } else if (!full && !simple) {
      simple = whole(w);
    }
  }

  std::optional<Value> port_word;
  std::string ports_text;
  if (full) {
    if (!to_port) return {};
    port_word = to_port;
    ports_text = to_port->text;
  } else {
    if (!simple) return {};
    port_word = simple;
    // PORT[/PROTO]
    const std::size_t slash = simple->text.find('/');
    ports_text = simple->text.substr(0, slash);
    if (slash != std::string::npos) {
      protocol = Value{simple->text.substr(slash + 1), simple->span, simple->known};
    }
  }
  if (!port_word->known) return {};
  if (protocol) {
    if (!protocol->known) return {};
    const std::string proto = lower(protocol->text);
    if (proto != "tcp" && proto != "any") return {};
  }
  auto ports = port_list(ports_text, ':', false);
  if (!ports) return {};

  Source source;
  if (interface && (!interface->known || interface->text != "lo")) {
    source = restricted("interface " + interface->text, interface->span);
  } else if (interface) {
    return {};  // loopback traffic only
  }
  if (from && (!from->known || (from->text != "any" && !any_address(from->text)))) {
    source = restricted(from->text, from->span);
  }
  return {make_rule("ufw", std::move(*ports), port_word->span, command_span, source)};
}

// ---------------------------------------------------------------------------------------
// firewall-cmd

// A rich-rule token: `name`, `name="value"` or `name=value`, with where its value is in the text.
struct RichToken {
  std::string name;
  std::string value;
  bool has_value = false;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

std::vector<RichToken> rich_tokens(std::string_view text) {
  std::vector<RichToken> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    if (i >= text.size()) break;
    RichToken token;
    while (i < text.size() && text[i] != '=' && text[i] != ' ' && text[i] != '\t' &&
           text[i] != '\n') {
      token.name.push_back(text[i++]);
    }
    if (i < text.size() && text[i] == '=') {
      ++i;
      token.has_value = true;
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        const char quote = text[i++];
        token.value_begin = i;
        while (i < text.size() && text[i] != quote) ++i;
        token.value_end = i;
        if (i < text.size()) ++i;
      } else {
        token.value_begin = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') ++i;
        token.value_end = i;
      }
      token.value =
          std::string(text.substr(token.value_begin, token.value_end - token.value_begin));
    }
    out.push_back(std::move(token));
  }
  return out;
}

// firewalld.richlanguage(5): rule [family] [source [not] address|mac|ipset] [destination]
// [service|port|protocol|…] [log] [audit] [accept|reject|drop|mark]. `offset` is where the rule
// text starts in the word.
std::optional<FirewallRule> rich_rule(const Word& w, std::size_t offset, Span command_span) {
  if (!w.known) return std::nullopt;
  const std::string_view text = std::string_view(w.text).substr(offset);
  const std::vector<RichToken> tokens = rich_tokens(text);
  if (tokens.empty() || tokens[0].name != "rule") return std::nullopt;
  enum class Element { None, Source, Destination, Port, Other } element = Element::None;
  bool accept = false;
  bool source_negated = false;
  const RichToken* port = nullptr;
  const RichToken* protocol = nullptr;
  const RichToken* source = nullptr;
  for (const RichToken& t : tokens) {
    if (t.has_value) {
      if (element == Element::Source &&
          (t.name == "address" || t.name == "mac" || t.name == "ipset")) {
        source = &t;
      } else if (element == Element::Port && t.name == "port") {
        port = &t;
      } else if (element == Element::Port && t.name == "protocol") {
        protocol = &t;
      }
      continue;
    }
    if (t.name == "source") {
      element = Element::Source;
    } else if (t.name == "not" && element == Element::Source) {
      source_negated = true;
    } else if (t.name == "destination") {
      element = Element::Destination;
    } else if (t.name == "port") {
      element = Element::Port;
    } else if (t.name == "accept") {
      accept = true;
    } else if (t.name == "reject" || t.name == "drop" || t.name == "mark") {
      accept = false;
    } else if (t.name != "rule") {
      element = Element::Other;  // service, forward-port, source-port, log, audit, limit, …
    }
  }
  if (!accept || port == nullptr || protocol == nullptr || lower(protocol->value) != "tcp") {
    return std::nullopt;
  }
  auto ports = port_range(port->value, '-', false);
  if (!ports) return std::nullopt;
  Source from;
  if (source != nullptr && !source_negated && !any_address(source->value)) {
    const std::string text_value =
        source->name == "ipset" ? "ipset " + source->value : source->value;
    from = restricted(text_value,
                      sub_span(w, offset + source->value_begin, offset + source->value_end));
  }
  return make_rule("firewall-cmd", {*ports},
                   sub_span(w, offset + port->value_begin, offset + port->value_end), command_span,
                   from);
}

std::vector<FirewallRule> firewall_cmd_rules(std::span<const Word> args, Span command_span) {
  std::vector<FirewallRule> out;
  // --direct --add-rule ipv4|ipv6 TABLE CHAIN PRIORITY ARGS… takes the rest of the line.
  const bool direct =
      std::any_of(args.begin(), args.end(), [](const Word& w) { return w.text == "--direct"; });
  for (std::size_t j = 0; j < args.size(); ++j) {
    const Word& w = args[j];
    const std::string_view s = w.text;
    // "--option=value" or "--option value".
    const auto value_of =
        [&](std::string_view option) -> std::optional<std::pair<const Word*, std::size_t>> {
      if (s == option && j + 1 < args.size()) return std::pair{&args[++j], std::size_t{0}};
      if (starts_with(s, option) && s.size() > option.size() && s[option.size()] == '=') {
        return std::pair{&w, option.size() + 1};
      }
      return std::nullopt;
    };
    if (auto v = value_of("--add-port")) {
      const auto& [word, offset] = *v;
      if (!word->known) continue;
      const std::string_view spec = std::string_view(word->text).substr(offset);
      const std::size_t slash = spec.find('/');
      if (slash == std::string_view::npos || lower(spec.substr(slash + 1)) != "tcp") continue;
      auto range = port_range(spec.substr(0, slash), '-', false);
      if (!range) continue;
      out.push_back(make_rule("firewall-cmd", {*range}, sub_span(*word, offset, word->text.size()),
                              command_span, Source{}));
    } else if (auto rich = value_of("--add-rich-rule")) {
      if (auto rule = rich_rule(*rich->first, rich->second, command_span)) {
        out.push_back(std::move(*rule));
      }
    } else if (direct && s == "--add-rule" && j + 4 < args.size()) {
      const std::string_view family = args[j + 1].text;
      const std::string_view tool = family == "ipv6" ? "ip6tables" : "iptables";
      if (family != "ipv4" && family != "ipv6") return out;
      // Rebuild the iptables line: -t TABLE -A CHAIN ARGS…
      std::vector<Word> line;
      Word flag;
      flag.span = args[j].span;
      flag.text = "-t";
      line.push_back(flag);
      line.push_back(args[j + 2]);
      flag.text = "-A";
      line.push_back(flag);
      line.push_back(args[j + 3]);
      line.insert(line.end(), args.begin() + static_cast<std::ptrdiff_t>(j + 5), args.end());
      if (auto rule = iptables_rule(line, tool, command_span)) {
        rule->tool = "firewall-cmd";
        out.push_back(std::move(*rule));
      }
      return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// nft

// One token of the joined rule text, with the word it came from.
struct NftToken {
  std::string text;
  bool quoted = false;
  bool known = true;
  Span span;
};

// Tokenizes the words as one line ("nft add rule … accept" and "nft 'add rule … accept'" read
// the same): whitespace separates, braces, commas and semicolons are tokens of their own, and a
// double-quoted string is one token.
std::vector<NftToken> nft_tokens(std::span<const Word> words) {
  std::vector<NftToken> out;
  for (const Word& w : words) {
    const std::string_view s = w.text;
    if (s.empty() && !w.known) {
      // An unknowable word that contributed no text still stands for something.
      out.push_back(NftToken{"", false, false, w.span});
      continue;
    }
    std::size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\n') {
        ++i;
        continue;
      }
      NftToken token;
      token.known = w.known;
      std::size_t begin = i;
      if (c == '{' || c == '}' || c == ',' || c == ';') {
        token.text = std::string(1, c);
        ++i;
      } else if (c == '"') {
        token.quoted = true;
        ++i;
        begin = i;
        while (i < s.size() && s[i] != '"') ++i;
        token.text = std::string(s.substr(begin, i - begin));
        token.span = sub_span(w, begin, i);
        if (i < s.size()) ++i;
        out.push_back(std::move(token));
        continue;
      } else {
        while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '{' &&
               s[i] != '}' && s[i] != ',' && s[i] != ';') {
          ++i;
        }
        token.text = std::string(s.substr(begin, i - begin));
      }
      token.span = sub_span(w, begin, i);
      out.push_back(std::move(token));
    }
  }
  return out;
}

// An nft value after a selector: `[!=|==|eq|ne] VALUE` where VALUE is one token or a
// `{ a, b }` set. Returns the value tokens (without braces and commas) and its span.
struct NftValue {
  std::vector<const NftToken*> items;
  bool negated = false;
  bool known = true;
  Span span;
};

NftValue nft_value(const std::vector<NftToken>& tokens, std::size_t& k) {
  NftValue v;
  if (k < tokens.size() && !tokens[k].quoted) {
    const std::string& op = tokens[k].text;
    if (op == "!=" || op == "ne") {
      v.negated = true;
      ++k;
    } else if (op == "==" || op == "eq") {
      ++k;
    }
  }
  if (k >= tokens.size()) return v;
  if (tokens[k].text == "{" && !tokens[k].quoted) {
    const Span first = tokens[k].span;
    ++k;
    while (k < tokens.size() && !(tokens[k].text == "}" && !tokens[k].quoted)) {
      if (tokens[k].text != "," || tokens[k].quoted) {
        v.items.push_back(&tokens[k]);
        v.known = v.known && tokens[k].known;
      }
      ++k;
    }
    v.span = k < tokens.size() ? cover(first, tokens[k].span) : first;
    if (k < tokens.size()) ++k;
    return v;
  }
  // One value, or a bare comma list ("ct state established,related").
  v.items.push_back(&tokens[k]);
  v.known = tokens[k].known;
  v.span = tokens[k].span;
  ++k;
  while (k + 1 < tokens.size() && tokens[k].text == "," && !tokens[k].quoted) {
    v.items.push_back(&tokens[k + 1]);
    v.known = v.known && tokens[k + 1].known;
    v.span = cover(v.span, tokens[k + 1].span);
    k += 2;
  }
  return v;
}

std::string join_items(const NftValue& v) {
  std::string text;
  for (const NftToken* item : v.items) {
    if (!text.empty()) text += ", ";
    text += item->text;
  }
  return v.items.size() > 1 ? "{ " + text + " }" : text;
}

// One nft command (the tokens between semicolons): `add|insert rule [family] table chain
// [position|handle|index N] statements…`.
std::optional<FirewallRule> nft_rule(const std::vector<NftToken>& tokens, Span command_span) {
  const auto text = [&](std::size_t i) -> std::string_view {
    return i < tokens.size() && !tokens[i].quoted ? std::string_view(tokens[i].text)
                                                  : std::string_view();
  };
  if ((text(0) != "add" && text(0) != "insert") || text(1) != "rule") return std::nullopt;
  std::size_t k = 2;
  constexpr std::array<std::string_view, 6> kFamilies{"ip",  "ip6",    "inet",
                                                      "arp", "bridge", "netdev"};
  if (std::find(kFamilies.begin(), kFamilies.end(), text(k)) != kFamilies.end()) {
    if (text(k) != "ip" && text(k) != "ip6" && text(k) != "inet") return std::nullopt;
    ++k;
  }
  if (k + 1 >= tokens.size()) return std::nullopt;
  const NftToken& chain = tokens[k + 1];  // after the table
  if (!chain.known || lower(chain.text) != "input") return std::nullopt;
  k += 2;
  if (text(k) == "position" || text(k) == "handle" || text(k) == "index") k += 2;

  std::optional<NftValue> ports;
  std::optional<NftValue> saddr;
  std::optional<NftValue> iif;
  bool accept = false;
  bool new_connections = true;
  while (k < tokens.size()) {
    const NftToken& t = tokens[k];
    const std::string& s = t.text;
    const std::string next = k + 1 < tokens.size() ? tokens[k + 1].text : std::string();
    if (t.quoted) {
      ++k;
    } else if (s == "tcp" && next == "dport") {
      k += 2;
      ports = nft_value(tokens, k);
    } else if ((s == "udp" || s == "sctp" || s == "dccp" || s == "udplite") && next == "dport") {
      return std::nullopt;
    } else if ((s == "ip" || s == "ip6") && next == "saddr") {
      k += 2;
      saddr = nft_value(tokens, k);
    } else if (s == "meta" && (next == "iifname" || next == "iif")) {
      ++k;
    } else if (s == "iifname" || s == "iif") {
      ++k;
      iif = nft_value(tokens, k);
    } else if (s == "ct" && next == "state") {
      k += 2;
      const NftValue states = nft_value(tokens, k);
      bool has_new = false;
      for (const NftToken* item : states.items) {
        // A set or a bare comma list: "established,related", "{ new, established }".
        if (item->text == "new") has_new = true;
      }
      if (states.known && has_new == states.negated) new_connections = false;
    } else if (s == "comment") {
      k += 2;
    } else {
      if (s == "accept") accept = true;
      if (s == "drop" || s == "reject" || s == "jump" || s == "goto" || s == "return" ||
          s == "queue" || s == "continue") {
        accept = false;
      }
      ++k;
    }
  }
  if (!accept || !new_connections || !ports || ports->negated || !ports->known ||
      ports->items.empty()) {
    return std::nullopt;
  }
  std::vector<PortRange> ranges;
  for (const NftToken* item : ports->items) {
    const auto range = port_range(item->text, '-', false);
    if (!range) return std::nullopt;  // a named set (@docker_ports), an unknown service
    ranges.push_back(*range);
  }

  Source source;
  if (iif && !iif->items.empty()) {
    const bool loopback = iif->items.size() == 1 && iif->items[0]->text == "lo";
    if (!iif->known) {
      source = restricted("interface " + join_items(*iif), iif->span);
    } else if (!iif->negated) {
      if (loopback) return std::nullopt;
      source = restricted("interface " + join_items(*iif), iif->span);
    }
  }
  if (saddr && !saddr->items.empty() && !saddr->negated) {
    const bool any = saddr->known && saddr->items.size() == 1 && any_address(saddr->items[0]->text);
    if (!any) source = restricted(join_items(*saddr), saddr->span);
  }
  return make_rule("nft", std::move(ranges), ports->span, command_span, source);
}

std::vector<FirewallRule> nft_rules(std::span<const Word> args, Span command_span) {
  // nft's options: -f FILE and -i (interactive) read rules from elsewhere, -c only checks.
  std::size_t j = 0;
  while (j < args.size() && starts_with(args[j].text, "-") && args[j].text.size() > 1) {
    const std::string_view s = args[j].text;
    ++j;
    if (s == "--") break;
    if (s == "-f" || s == "--file" || s == "-i" || s == "--interactive" || s == "-c" ||
        s == "--check" || s == "-h" || s == "--help" || s == "-v" || s == "--version") {
      return {};
    }
    if (s == "-I" || s == "--includepath" || s == "-d" || s == "--debug" || s == "-D" ||
        s == "--define") {
      ++j;
    }
  }
  const std::vector<NftToken> tokens = nft_tokens(args.subspan(std::min(j, args.size())));
  // Several commands may share one invocation, separated by ';'.
  std::vector<FirewallRule> out;
  std::vector<NftToken> command;
  for (std::size_t k = 0; k <= tokens.size(); ++k) {
    if (k < tokens.size() && !(tokens[k].text == ";" && !tokens[k].quoted)) {
      command.push_back(tokens[k]);
      continue;
    }
    if (auto rule = nft_rule(command, command_span)) out.push_back(std::move(*rule));
    command.clear();
  }
  return out;
}

}  // namespace

std::vector<FirewallRule> parse_firewall_command(std::span<const Word> argv) {
  const auto program = dockerd::find_program(argv);
  if (!program) return {};
  const std::string_view base = basename(argv[*program].text);
  const std::span<const Word> args = argv.subspan(*program + 1);
  const Span command_span = cover(argv.front().span, argv.back().span);

  constexpr std::array<std::string_view, 3> kIptables{"iptables", "iptables-legacy",
                                                      "iptables-nft"};
  constexpr std::array<std::string_view, 3> kIp6tables{"ip6tables", "ip6tables-legacy",
                                                       "ip6tables-nft"};
  const auto in = [&](const auto& names) {
    return std::find(names.begin(), names.end(), base) != names.end();
  };
  if (in(kIptables) || in(kIp6tables)) {
    auto rule = iptables_rule(args, in(kIptables) ? "iptables" : "ip6tables", command_span);
    if (rule) return {std::move(*rule)};
    return {};
  }
  if (base == "ufw") return ufw_rules(args, command_span);
  if (base == "firewall-cmd" || base == "firewall-offline-cmd") {
    return firewall_cmd_rules(args, command_span);
  }
  if (base == "nft") return nft_rules(args, command_span);
  return {};
}

}  // namespace dl::commands

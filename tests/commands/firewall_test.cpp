// Firewall commands that accept inbound TCP: iptables/ip6tables, ufw, firewall-cmd and nft,
// with the spans of the ports, the source and the whole command.
#include "linter/commands/firewall.h"

#include <gtest/gtest.h>

#include "tests/commands/command_words.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dl::commands {
namespace {

constexpr FileId kFile = 6;

std::vector<Word> Words(const std::vector<std::string_view>& texts) {
  return testing::words_on_one_line(kFile, texts);
}

Span At(const std::vector<Word>& words, std::size_t i, std::size_t from = 0,
        std::size_t to = std::string::npos) {
  return testing::bytes_of(words, i, from, to);
}

// From word i to the end of word j.
Span Cover(const std::vector<Word>& words, std::size_t i, std::size_t j) {
  return Span{kFile, words[i].span.begin, words[j].span.end};
}

Span Whole(const std::vector<Word>& words) {
  return Cover(words, 0, words.size() - 1);
}

std::vector<PortRange> Ports(std::initializer_list<std::pair<std::uint32_t, std::uint32_t>> list) {
  std::vector<PortRange> out;
  for (const auto& [first, last] : list) out.push_back(PortRange{first, last});
  return out;
}

// Exactly one rule.
FirewallRule One(const std::vector<Word>& words) {
  const std::vector<FirewallRule> rules = parse_firewall_command(words);
  EXPECT_EQ(rules.size(), 1u);
  return rules.empty() ? FirewallRule{} : rules.front();
}

std::string Joined(const std::vector<Word>& words) {
  std::string text;
  for (const Word& w : words) text += w.text + " ";
  return text;
}

void ExpectPorts(const FirewallRule& rule, const std::vector<PortRange>& expected) {
  ASSERT_EQ(rule.ports.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(rule.ports[i].first, expected[i].first) << i;
    EXPECT_EQ(rule.ports[i].last, expected[i].last) << i;
  }
}

void ExpectNone(const std::vector<Word>& words) {
  EXPECT_TRUE(parse_firewall_command(words).empty()) << Joined(words);
}

// ---------------------------------------------------------------------------------------
// iptables / ip6tables

TEST(FirewallIptables, AppendAcceptFromAnySource) {
  const auto w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  EXPECT_EQ(r.tool, "iptables");
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_EQ(r.port_span, At(w, 6));
  EXPECT_EQ(r.span, Whole(w));
  EXPECT_TRUE(r.any_source);
  EXPECT_EQ(r.source, "");
  EXPECT_FALSE(r.source_span.valid());
}

TEST(FirewallIptables, ZeroSourceIsAnySourceAndOnlyItsPort) {
  const auto w = Words(
      {"iptables", "-A", "INPUT", "-s", "0.0.0.0/0", "-p", "tcp", "--dport", "22", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{22, 22}}));
  EXPECT_TRUE(r.any_source);
  EXPECT_EQ(r.port_span, At(w, 8));
  for (std::string_view any : {"0/0", "::/0", "0.0.0.0/0.0.0.0"}) {
    const auto v = Words(
        {"ip6tables", "-I", "INPUT", "-s", any, "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
    EXPECT_TRUE(One(v).any_source) << any;
  }
}

TEST(FirewallIptables, RestrictedSource) {
  const auto w = Words({"iptables", "-I", "INPUT", "1", "-p", "tcp", "-s", "10.0.5.0/24", "--dport",
                        "2376", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2376, 2376}}));
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.5.0/24");
  EXPECT_EQ(r.source_span, At(w, 7));
  EXPECT_EQ(r.port_span, At(w, 9));
  EXPECT_EQ(r.span, Whole(w));
}

TEST(FirewallIptables, LongOptionsAndAttachedValues) {
  const auto w = Words({"iptables", "--insert", "INPUT", "--protocol", "tcp",
                        "--source=192.168.1.7", "--destination-port=2375", "--jump", "ACCEPT"});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_EQ(r.port_span, At(w, 6, 19));
  EXPECT_EQ(r.source, "192.168.1.7");
  EXPECT_EQ(r.source_span, At(w, 5, 9));

  const auto v = Words({"iptables", "-AINPUT", "-ptcp", "--dport", "2375", "-jACCEPT"});
  EXPECT_EQ(One(v).port_span, At(v, 4));
}

TEST(FirewallIptables, Ip6tablesAndVariants) {
  const struct {
    std::string_view program;
    std::string_view tool;
  } cases[] = {{"ip6tables", "ip6tables"},     {"iptables-legacy", "iptables"},
               {"iptables-nft", "iptables"},   {"ip6tables-nft", "ip6tables"},
               {"/sbin/iptables", "iptables"}, {"ip6tables-legacy", "ip6tables"}};
  for (const auto& tc : cases) {
    const auto w =
        Words({tc.program, "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
    EXPECT_EQ(One(w).tool, tc.tool) << tc.program;
  }
}

TEST(FirewallIptables, RangesAndMultiport) {
  auto w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375:2377", "-j", "ACCEPT"});
  ExpectPorts(One(w), Ports({{2375, 2377}}));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", ":1024", "-j", "ACCEPT"});
  ExpectPorts(One(w), Ports({{0, 1024}}));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2000:", "-j", "ACCEPT"});
  ExpectPorts(One(w), Ports({{2000, 65535}}));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports",
             "22,80,2375:2376", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{22, 22}, {80, 80}, {2375, 2376}}));
  EXPECT_EQ(r.port_span, At(w, 8));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "-m", "multiport", "--ports", "2375", "-j",
             "ACCEPT"});
  ExpectPorts(One(w), Ports({{2375, 2375}}));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "docker", "-j", "ACCEPT"});
  ExpectPorts(One(w), Ports({{2375, 2375}}));
}

TEST(FirewallIptables, TcpMatchWithoutProtocol) {
  const auto w = Words({"iptables", "-A", "INPUT", "-m", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  ExpectPorts(One(w), Ports({{2375, 2375}}));
  const auto v = Words(
      {"iptables", "-A", "INPUT", "-p", "TCP", "-m", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  ExpectPorts(One(v), Ports({{2375, 2375}}));
  const auto n = Words({"iptables", "-A", "INPUT", "-p", "6", "--dport", "2375", "-j", "ACCEPT"});
  ExpectPorts(One(n), Ports({{2375, 2375}}));
}

TEST(FirewallIptables, InterfaceRestriction) {
  const auto w = Words(
      {"iptables", "-A", "INPUT", "-i", "eth1", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "interface eth1");
  EXPECT_EQ(r.source_span, At(w, 4));
  // A source address is the more precise restriction.
  const auto v = Words({"iptables", "-A", "INPUT", "-i", "eth1", "-s", "10.1.0.0/16", "-p", "tcp",
                        "--dport", "2375", "-j", "ACCEPT"});
  EXPECT_EQ(One(v).source, "10.1.0.0/16");
  EXPECT_EQ(One(v).source_span, At(v, 6));
  // Loopback only: no rule; everything but loopback: any source.
  ExpectNone(Words(
      {"iptables", "-A", "INPUT", "-i", "lo", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  EXPECT_TRUE(One(Words({"iptables", "-A", "INPUT", "!", "-i", "lo", "-p", "tcp", "--dport", "2375",
                         "-j", "ACCEPT"}))
                  .any_source);
}

TEST(FirewallIptables, NegatedSourceIsAnySource) {
  auto w = Words({"iptables", "-A", "INPUT", "!", "-s", "10.0.0.0/8", "-p", "tcp", "--dport",
                  "2375", "-j", "ACCEPT"});
  EXPECT_TRUE(One(w).any_source);
  w = Words({"iptables", "-A", "INPUT", "-s", "!", "10.0.0.0/8", "-p", "tcp", "--dport", "2375",
             "-j", "ACCEPT"});
  EXPECT_TRUE(One(w).any_source);
}

TEST(FirewallIptables, OtherSourceMatches) {
  auto w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "-m", "iprange", "--src-range",
                  "10.0.0.1-10.0.0.9", "--dport", "2375", "-j", "ACCEPT"});
  FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.0.1-10.0.0.9");
  EXPECT_EQ(r.source_span, At(w, 8));
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "-m", "set", "--match-set", "admins", "src",
             "--dport", "2375", "-j", "ACCEPT"});
  r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "set admins");
  EXPECT_EQ(r.source_span, At(w, 8));
  EXPECT_EQ(r.port_span, At(w, 11));
}

TEST(FirewallIptables, ConnectionStates) {
  EXPECT_EQ(
      parse_firewall_command(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-m",
                                    "conntrack", "--ctstate", "NEW,ESTABLISHED", "-j", "ACCEPT"}))
          .size(),
      1u);
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-m", "state",
                    "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT"}));
}

TEST(FirewallIptables, ExtraMatchesDoNotDisturb) {
  const auto w = Words({"iptables",  "-A",         "INPUT", "-p",      "tcp",  "-m", "comment",
                        "--comment", "docker api", "--syn", "--dport", "2375", "-m", "limit",
                        "--limit",   "5/min",      "-j",    "ACCEPT",  "-w",   "5"});
  const FirewallRule r = One(w);
  EXPECT_EQ(r.port_span, At(w, 11));
}

TEST(FirewallIptables, NotAnAcceptingInputRule) {
  ExpectNone(Words({"iptables", "-D", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-C", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "DROP"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "REJECT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-g", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "FORWARD", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(
      Words({"iptables", "-A", "DOCKER-USER", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "input", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words(
      {"iptables", "-t", "nat", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "udp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(
      Words({"iptables", "-A", "INPUT", "!", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "--dport", "2375", "-j", "ACCEPT"}));  // no -p tcp
  ExpectNone(
      Words({"iptables", "-A", "INPUT", "-p", "tcp", "!", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "-j", "ACCEPT"}));  // no port
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dports", "2375", "-j", "ACCEPT"}));
  ExpectNone(
      Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2376:2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "70000", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables", "-L", "INPUT", "-n"}));
  ExpectNone(Words({"iptables", "-P", "INPUT", "ACCEPT"}));
  ExpectNone(Words(
      {"iptables", "-A", "INPUT", "-D", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"iptables-save"}));
}

TEST(FirewallIptables, TableFilterIsTheDefault) {
  const auto w = Words(
      {"iptables", "-t", "filter", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  EXPECT_EQ(One(w).port_span, At(w, 8));
}

TEST(FirewallIptables, BehindSudo) {
  const auto w =
      Words({"sudo", "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  EXPECT_EQ(r.port_span, At(w, 7));
  EXPECT_EQ(r.span, Whole(w));
}

TEST(FirewallIptables, UnknownWords) {
  // An unknown port is no rule.
  auto w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  w[6].known = false;
  ExpectNone(w);
  // An unknown source is a restriction, as written.
  w = Words(
      {"iptables", "-A", "INPUT", "-s", "10.0.", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  w[4].known = false;
  FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.");
  EXPECT_EQ(r.source_span, At(w, 4));
  // Even an unknown word that reads like "any".
  w[4].text = "0.0.0.0/0";
  EXPECT_FALSE(One(w).any_source);
  // An unknown interface is a restriction too.
  w = Words({"iptables", "-A", "INPUT", "-i", "", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  w[4].known = false;
  r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "interface ");
  // An unknown chain or target: nothing can be said.
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  w[2].known = false;
  ExpectNone(w);
  w = Words({"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"});
  w[8].known = false;
  ExpectNone(w);
}

// ---------------------------------------------------------------------------------------
// ufw

TEST(FirewallUfw, SimpleSyntax) {
  const struct {
    std::string_view spec;
    std::vector<PortRange> ports;
  } cases[] = {
      {"2375", Ports({{2375, 2375}})},
      {"2375/tcp", Ports({{2375, 2375}})},
      {"2375:2376/tcp", Ports({{2375, 2376}})},
      {"2375,2376/tcp", Ports({{2375, 2375}, {2376, 2376}})},
      {"docker", Ports({{2375, 2375}})},
  };
  for (const auto& tc : cases) {
    const auto w = Words({"ufw", "allow", tc.spec});
    const FirewallRule r = One(w);
    EXPECT_EQ(r.tool, "ufw");
    ExpectPorts(r, tc.ports);
    EXPECT_EQ(r.port_span, At(w, 2)) << tc.spec;
    EXPECT_EQ(r.span, Whole(w));
    EXPECT_TRUE(r.any_source);
  }
}

TEST(FirewallUfw, FullSyntaxFromSource) {
  auto w =
      Words({"ufw", "allow", "proto", "tcp", "from", "10.0.0.0/8", "to", "any", "port", "2375"});
  FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_EQ(r.port_span, At(w, 9));
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.0.0/8");
  EXPECT_EQ(r.source_span, At(w, 5));

  w = Words({"ufw", "allow", "from", "10.0.5.0/24", "to", "any", "port", "2375"});
  r = One(w);
  EXPECT_EQ(r.source, "10.0.5.0/24");
  EXPECT_EQ(r.port_span, At(w, 7));

  w = Words({"ufw", "allow", "from", "any", "to", "any", "port", "2375", "proto", "tcp"});
  EXPECT_TRUE(One(w).any_source);
  w = Words({"ufw", "allow", "from", "0.0.0.0/0", "to", "any", "port", "2375"});
  EXPECT_TRUE(One(w).any_source);
  w = Words({"ufw", "allow", "to", "any", "port", "2375"});
  EXPECT_TRUE(One(w).any_source);
}

TEST(FirewallUfw, InterfaceRestriction) {
  const auto w = Words({"ufw", "allow", "in", "on", "eth1", "to", "any", "port", "2375"});
  const FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "interface eth1");
  EXPECT_EQ(r.source_span, At(w, 4));
  EXPECT_EQ(r.port_span, At(w, 8));
  ExpectNone(Words({"ufw", "allow", "in", "on", "lo", "to", "any", "port", "2375"}));
}

TEST(FirewallUfw, InsertLimitAndOptions) {
  auto w = Words({"ufw", "insert", "1", "allow", "2375/tcp"});
  EXPECT_EQ(One(w).port_span, At(w, 4));
  w = Words({"ufw", "limit", "2375/tcp"});
  EXPECT_TRUE(One(w).any_source);
  w = Words({"sudo", "ufw", "--force", "allow", "in", "log", "2375/tcp", "comment", "docker"});
  EXPECT_EQ(One(w).port_span, At(w, 6));
  w = Words({"ufw", "prepend", "allow", "from", "10.0.0.1", "to", "any", "port", "2375"});
  EXPECT_EQ(One(w).source_span, At(w, 4));
}

TEST(FirewallUfw, NotAnAcceptingRule) {
  ExpectNone(Words({"ufw", "deny", "2375"}));
  ExpectNone(Words({"ufw", "reject", "2375/tcp"}));
  ExpectNone(Words({"ufw", "allow", "2375/udp"}));
  ExpectNone(Words({"ufw", "allow", "proto", "udp", "to", "any", "port", "2375"}));
  ExpectNone(Words({"ufw", "allow", "out", "2375"}));
  ExpectNone(Words({"ufw", "delete", "allow", "2375"}));
  ExpectNone(Words({"ufw", "route", "allow", "2375"}));
  ExpectNone(Words({"ufw", "allow", "OpenSSH"}));
  ExpectNone(Words({"ufw", "allow", "from", "10.0.0.0/8"}));                  // no port
  ExpectNone(Words({"ufw", "allow", "from", "10.0.0.0/8", "port", "2375"}));  // source port
  ExpectNone(Words({"ufw", "allow", "from", "any", "to", "any", "app", "Docker"}));
  ExpectNone(Words({"ufw", "enable"}));
  ExpectNone(Words({"ufw", "status"}));
}

TEST(FirewallUfw, UnknownWords) {
  auto w = Words({"ufw", "allow", "/tcp"});
  w[2].known = false;  // $PORT/tcp
  ExpectNone(w);
  w = Words({"ufw", "allow", "from", "", "to", "any", "port", "2375"});
  w[3].known = false;
  const FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source_span, At(w, 3));
}

// ---------------------------------------------------------------------------------------
// firewall-cmd

TEST(FirewallFirewallCmd, AddPort) {
  auto w = Words({"firewall-cmd", "--permanent", "--zone=public", "--add-port=2375/tcp"});
  FirewallRule r = One(w);
  EXPECT_EQ(r.tool, "firewall-cmd");
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_EQ(r.port_span, At(w, 3, 11));
  EXPECT_EQ(r.span, Whole(w));
  EXPECT_TRUE(r.any_source);

  w = Words({"firewall-cmd", "--add-port", "2375-2376/tcp"});
  r = One(w);
  ExpectPorts(r, Ports({{2375, 2376}}));
  EXPECT_EQ(r.port_span, At(w, 2));
}

TEST(FirewallFirewallCmd, SeveralPorts) {
  const auto w = Words(
      {"firewall-offline-cmd", "--add-port=2375/tcp", "--add-port=53/udp", "--add-port=2376/tcp"});
  const std::vector<FirewallRule> rules = parse_firewall_command(w);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].port_span, At(w, 1, 11));
  EXPECT_EQ(rules[1].port_span, At(w, 3, 11));
  EXPECT_EQ(rules[1].tool, "firewall-cmd");
}

TEST(FirewallFirewallCmd, RichRuleWithSource) {
  const std::string_view rule =
      R"(rule family="ipv4" source address="10.0.5.0/24" port protocol="tcp" port="2375" accept)";
  const auto w = Words({"firewall-cmd", "--permanent", "--add-rich-rule", rule});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.5.0/24");
  const std::size_t address = rule.find("10.0.5.0/24");
  EXPECT_EQ(r.source_span, At(w, 3, address, address + 11));
  const std::size_t port = rule.find("\"2375\"") + 1;
  EXPECT_EQ(r.port_span, At(w, 3, port, port + 4));
}

TEST(FirewallFirewallCmd, RichRuleAttachedAndWithoutSource) {
  const std::string_view word =
      R"(--add-rich-rule=rule family="ipv4" port port="2375-2376" protocol="tcp" log prefix="d" accept)";
  const auto w = Words({"firewall-cmd", word});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2376}}));
  EXPECT_TRUE(r.any_source);
  const std::size_t port = word.find("2375-2376");
  EXPECT_EQ(r.port_span, At(w, 1, port, port + 9));
}

TEST(FirewallFirewallCmd, RichRuleQuotedWordUsesTheWholeWord) {
  auto w =
      Words({"firewall-cmd", R"(--add-rich-rule=rule port port="2375" protocol="tcp" accept)"});
  w[1].span.end += 2;  // --add-rich-rule='…': the quotes are not in the text
  const FirewallRule r = One(w);
  EXPECT_EQ(r.port_span, w[1].span);
}

TEST(FirewallFirewallCmd, RichRuleNegatedOrAnySource) {
  auto w = Words(
      {"firewall-cmd",
       R"(--add-rich-rule=rule source not address="10.0.0.0/8" port port="2375" protocol="tcp" accept)"});
  EXPECT_TRUE(One(w).any_source);
  w = Words(
      {"firewall-cmd",
       R"(--add-rich-rule=rule source address="0.0.0.0/0" port port="2375" protocol="tcp" accept)"});
  EXPECT_TRUE(One(w).any_source);
  w = Words(
      {"firewall-cmd",
       R"(--add-rich-rule=rule source ipset="admins" port port="2375" protocol="tcp" accept)"});
  EXPECT_EQ(One(w).source, "ipset admins");
}

TEST(FirewallFirewallCmd, DirectRule) {
  const auto w =
      Words({"firewall-cmd", "--permanent", "--direct", "--add-rule", "ipv4", "filter", "INPUT",
             "0", "-p", "tcp", "--dport", "2375", "-s", "10.0.0.0/8", "-j", "ACCEPT"});
  const FirewallRule r = One(w);
  EXPECT_EQ(r.tool, "firewall-cmd");
  EXPECT_EQ(r.port_span, At(w, 11));
  EXPECT_EQ(r.source_span, At(w, 13));
  EXPECT_EQ(r.span, Whole(w));
  ExpectNone(Words({"firewall-cmd", "--direct", "--add-rule", "ipv4", "filter", "FORWARD", "0",
                    "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
}

TEST(FirewallFirewallCmd, NotAnAcceptingRule) {
  ExpectNone(Words({"firewall-cmd", "--add-port=2375/udp"}));
  ExpectNone(Words({"firewall-cmd", "--remove-port=2375/tcp"}));
  ExpectNone(Words({"firewall-cmd", "--query-port=2375/tcp"}));
  ExpectNone(Words({"firewall-cmd", "--add-port=2375"}));  // firewalld requires the protocol
  ExpectNone(Words({"firewall-cmd", "--add-service=docker"}));
  ExpectNone(Words({"firewall-cmd", "--reload"}));
  ExpectNone(
      Words({"firewall-cmd", R"(--add-rich-rule=rule port port="2375" protocol="tcp" drop)"}));
  ExpectNone(
      Words({"firewall-cmd", R"(--add-rich-rule=rule port port="2375" protocol="udp" accept)"}));
  ExpectNone(
      Words({"firewall-cmd",
             R"(--add-rich-rule=rule forward-port port="2375" protocol="tcp" to-port="22")"}));
  ExpectNone(Words({"firewall-cmd", R"(--add-rich-rule=rule service name="docker" accept)"}));
}

TEST(FirewallFirewallCmd, UnknownWords) {
  auto w = Words({"firewall-cmd", "--add-port=/tcp"});
  w[1].known = false;
  ExpectNone(w);
}

// ---------------------------------------------------------------------------------------
// nft

TEST(FirewallNft, SeparateWords) {
  const auto w =
      Words({"nft", "add", "rule", "inet", "filter", "input", "tcp", "dport", "2375", "accept"});
  const FirewallRule r = One(w);
  EXPECT_EQ(r.tool, "nft");
  ExpectPorts(r, Ports({{2375, 2375}}));
  EXPECT_EQ(r.port_span, At(w, 8));
  EXPECT_EQ(r.span, Whole(w));
  EXPECT_TRUE(r.any_source);
}

TEST(FirewallNft, OneQuotedWord) {
  const std::string_view rule =
      "add rule inet filter input ip saddr 10.0.5.0/24 tcp dport 2375 accept";
  const auto w = Words({"nft", rule});
  const FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2375}}));
  const std::size_t port = rule.find("2375");
  EXPECT_EQ(r.port_span, At(w, 1, port, port + 4));
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.5.0/24");
  const std::size_t source = rule.find("10.0.5.0/24");
  EXPECT_EQ(r.source_span, At(w, 1, source, source + 11));
}

TEST(FirewallNft, SetsAndRanges) {
  auto w = Words({"nft", "add", "rule", "inet", "filter", "input", "tcp", "dport", "{", "2375,",
                  "2376", "}", "counter", "accept"});
  FirewallRule r = One(w);
  ExpectPorts(r, Ports({{2375, 2375}, {2376, 2376}}));
  EXPECT_EQ(r.port_span, Cover(w, 8, 11));

  const std::string_view rule = "add rule ip filter INPUT tcp dport {2375-2376,22} accept";
  w = Words({"nft", rule});
  r = One(w);
  ExpectPorts(r, Ports({{2375, 2376}, {22, 22}}));
  const std::size_t open = rule.find('{');
  EXPECT_EQ(r.port_span, At(w, 1, open, rule.find('}') + 1));

  w = Words({"nft", "insert", "rule", "filter", "input", "position", "3", "tcp", "dport",
             "==", "2375", "accept"});
  EXPECT_EQ(One(w).port_span, At(w, 10));
}

TEST(FirewallNft, InterfaceAndSourceRestrictions) {
  const std::string_view rule =
      R"(add rule inet filter input iifname "eth1" tcp dport 2375 accept)";
  auto w = Words({"nft", rule});
  FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "interface eth1");
  const std::size_t iface = rule.find("eth1");
  EXPECT_EQ(r.source_span, At(w, 1, iface, iface + 4));

  ExpectNone(Words({"nft", R"(add rule inet filter input iifname "lo" tcp dport 2375 accept)"}));
  ExpectNone(Words({"nft", "add", "rule", "inet", "filter", "input", "iif", "lo", "tcp", "dport",
                    "2375", "accept"}));
  EXPECT_TRUE(One(Words({"nft", "add rule inet filter input iifname != lo tcp dport 2375 accept"}))
                  .any_source);
  EXPECT_TRUE(
      One(Words({"nft", "add rule inet filter input ip saddr != 10.0.0.0/8 tcp dport 2375 accept"}))
          .any_source);
  EXPECT_TRUE(One(Words({"nft", "add rule inet filter input ip6 saddr ::/0 tcp dport 2375 accept"}))
                  .any_source);

  w = Words({"nft", "add", "rule", "inet", "filter", "input", "ip", "saddr", "{", "10.0.0.1,",
             "10.0.0.2", "}", "tcp", "dport", "2375", "accept"});
  r = One(w);
  EXPECT_EQ(r.source, "{ 10.0.0.1, 10.0.0.2 }");
  EXPECT_EQ(r.source_span, Cover(w, 8, 11));
}

TEST(FirewallNft, SeveralCommands) {
  const auto w =
      Words({"nft", "add", "rule", "inet", "filter", "input", "tcp", "dport", "22",   "accept",
             ";",   "add", "rule", "inet", "filter", "input", "tcp", "dport", "2375", "accept"});
  const std::vector<FirewallRule> rules = parse_firewall_command(w);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].port_span, At(w, 8));
  EXPECT_EQ(rules[1].port_span, At(w, 18));
}

TEST(FirewallNft, NotAnAcceptingRule) {
  ExpectNone(Words({"nft", "add rule inet filter input tcp dport 2375 drop"}));
  ExpectNone(Words({"nft", "add rule inet filter forward tcp dport 2375 accept"}));
  ExpectNone(Words({"nft", "add rule inet filter output tcp dport 2375 accept"}));
  ExpectNone(Words({"nft", "add rule inet filter input udp dport 2375 accept"}));
  ExpectNone(Words({"nft", "add rule inet filter input tcp dport != 2375 accept"}));
  ExpectNone(Words({"nft", "add rule inet filter input tcp dport @docker_ports accept"}));
  ExpectNone(Words({"nft", "add rule inet filter input ct state established,related accept"}));
  ExpectNone(
      Words({"nft", "add rule inet filter input tcp dport 2375 ct state established accept"}));
  ExpectNone(Words({"nft", "add rule bridge filter input tcp dport 2375 accept"}));
  ExpectNone(Words({"nft", "delete rule inet filter input handle 5"}));
  ExpectNone(Words({"nft", "add", "table", "inet", "filter"}));
  ExpectNone(Words({"nft", "-f", "/etc/nftables.conf"}));
  ExpectNone(Words({"nft", "-c", "add rule inet filter input tcp dport 2375 accept"}));
  ExpectNone(
      Words({"nft", R"(add rule inet filter input tcp dport 2375 comment "accept" counter)"}));
}

TEST(FirewallNft, NewStateStillAccepts) {
  const auto w = Words({"nft", "add rule inet filter input tcp dport 2375 ct state new accept"});
  ExpectPorts(One(w), Ports({{2375, 2375}}));
}

TEST(FirewallNft, UnknownWords) {
  auto w = Words({"nft", "add", "rule", "inet", "filter", "input", "tcp", "dport", "", "accept"});
  w[8].known = false;  // $PORT
  ExpectNone(w);
  w = Words({"nft", "add", "rule", "inet", "filter", "input", "ip", "saddr", "10.0.", "tcp",
             "dport", "2375", "accept"});
  w[8].known = false;
  const FirewallRule r = One(w);
  EXPECT_FALSE(r.any_source);
  EXPECT_EQ(r.source, "10.0.");
  EXPECT_EQ(r.source_span, At(w, 8));
}

TEST(FirewallOther, UnrelatedCommands) {
  ExpectNone(
      Words({"echo", "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2375", "-j", "ACCEPT"}));
  ExpectNone(Words({"sudo", "-l"}));
  ExpectNone(Words({}));
}

}  // namespace
}  // namespace dl::commands

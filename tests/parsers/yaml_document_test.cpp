// YAML documents read through libyaml: decoded scalar values with the file offset of every
// byte, collections, documents, anchors/aliases/merge keys, templates, errors and limits.
// Oracle for values: libyaml 0.2.5 itself (YamlScalarOracle parses every generated input
// with libyaml's event API directly and compares); offsets were counted by hand from the
// literal inputs, or checked against the source bytes they name.
#include <gtest/gtest.h>
#include <yaml.h>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/template_text.h"
#include "parsers/yaml/yaml_document.h"

namespace dl {
namespace {

using namespace std::string_literals;
using yaml::Node;
using yaml::ScalarStyle;

constexpr FileId kFile = 7;

yaml::Stream Parse(std::string_view text) {
  return yaml::parse(text, kFile);
}

std::vector<std::uint32_t> Range(std::uint32_t begin, std::uint32_t end) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t k = begin; k < end; ++k) out.push_back(k);
  return out;
}

std::vector<std::uint32_t> Cat(std::initializer_list<std::vector<std::uint32_t>> parts) {
  std::vector<std::uint32_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Span S(std::uint32_t begin, std::uint32_t end) {
  return Span{kFile, begin, end};
}

// The only document's root, asserting the stream parsed cleanly.
const Node& Root(const yaml::Stream& stream) {
  EXPECT_FALSE(stream.error.has_value()) << stream.error->message;
  EXPECT_EQ(stream.documents.size(), 1u);
  static const Node kMissing;
  return stream.documents.empty() ? kMissing : stream.documents[0].root;
}

const Node& At(const Node& node, std::string_view key) {
  const Node* found = node.get(key);
  EXPECT_NE(found, nullptr) << key;
  static const Node kMissing;
  return found != nullptr ? *found : kMissing;
}

// Every node, depth first, without recursion (trees may be deep).
void Walk(const Node& root, const std::function<void(const Node&, std::size_t depth)>& visit) {
  std::vector<std::pair<const Node*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    visit(*node, depth);
    for (auto it = node->entries.rbegin(); it != node->entries.rend(); ++it) {
      stack.push_back({&it->second, depth + 1});
      stack.push_back({&it->first, depth + 1});
    }
    for (auto it = node->items.rbegin(); it != node->items.rend(); ++it) {
      stack.push_back({&*it, depth + 1});
    }
  }
}

std::size_t CountNodes(const yaml::Stream& stream) {
  std::size_t count = 0;
  for (const auto& document : stream.documents) {
    Walk(document.root, [&](const Node&, std::size_t) { ++count; });
  }
  return count;
}

// ---------------------------------------------------------------------------------------
// Scalar styles with exact offsets.

TEST(YamlScalar, PlainKeepsInnerSpacesAndOffsets) {
  const std::string text = "key: hello  world\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  ASSERT_EQ(root.kind, Node::Kind::Mapping);
  const Node& key = root.entries.at(0).first;
  EXPECT_EQ(key.value.text, "key");
  EXPECT_EQ(key.value.offsets, Range(0, 3));
  EXPECT_EQ(key.span, S(0, 3));
  const Node& value = At(root, "key");
  EXPECT_EQ(value.style, ScalarStyle::Plain);
  EXPECT_EQ(value.value.text, "hello  world");
  EXPECT_EQ(value.value.offsets, Range(5, 17));
  EXPECT_EQ(value.value.file, kFile);
  EXPECT_TRUE(value.value.known);
  EXPECT_EQ(value.span, S(5, 17));
}

TEST(YamlScalar, PlainMultiLineFolds) {
  // 0:k 3:one 6:\n 9:two 12:\n 13:\n 16:three 21:"   " 24:\n
  const std::string text = "k: one\n  two\n\n  three   \nz: 1\n";
  const yaml::Stream stream = Parse(text);
  const Node& value = At(Root(stream), "k");
  EXPECT_EQ(value.value.text, "one two\nthree");
  EXPECT_EQ(value.value.offsets, Cat({Range(3, 6), {6}, Range(9, 12), {13}, Range(16, 21)}));
  EXPECT_EQ(value.span, S(3, 21));
}

TEST(YamlScalar, SingleQuotedUnescapesAndFolds) {
  // 3:' 4:i 5:t 6:' 7:' 8:s 9:\n 12:a 13:"   " 16:\n 19:b 20:'
  const std::string text = "k: 'it''s\n  a   \n  b'\n";
  const yaml::Stream stream = Parse(text);
  const Node& value = At(Root(stream), "k");
  EXPECT_EQ(value.style, ScalarStyle::SingleQuoted);
  EXPECT_EQ(value.value.text, "it's a b");
  EXPECT_EQ(value.value.offsets, (std::vector<std::uint32_t>{4, 5, 7, 8, 9, 12, 16, 19}));
  EXPECT_EQ(value.span, S(3, 21));
}

TEST(YamlScalar, DoubleQuotedEscapes) {
  // Each decoded byte sits at the escape letter after its backslash.
  const std::string text = R"(k: "a\tb\x41\u00e9\U0001F600\"\\\/ \N")";
  // 4:a 5-6:\t 7:b 8-11:\x41 12-17:\u00e9 18-27:\U0001F600 28-29:\" 30-31:\\ 32-33:\/
  // 34:space 35-36:\N 37:closing quote
  const yaml::Stream stream = Parse(text);
  const Node& value = At(Root(stream), "k");
  EXPECT_EQ(value.style, ScalarStyle::DoubleQuoted);
  EXPECT_EQ(value.value.text, "a\tbA\xC3\xA9\xF0\x9F\x98\x80\"\\/ \xC2\x85");
  EXPECT_EQ(value.value.offsets, (std::vector<std::uint32_t>{4, 6, 7, 9, 13, 13, 19, 19, 19, 19, 29,
                                                             31, 33, 34, 36, 36}));
  EXPECT_EQ(value.span, S(3, 38));
}

TEST(YamlScalar, DoubleQuotedLineBreaks) {
  // 4:a 5:"  " 7:\ 8:\n 12:b 13:\n 14:\n 17:c 18:\0
  const std::string text = "k: \"a  \\\n   b\n\n  c\\0\"\n";
  const yaml::Stream stream = Parse(text);
  const Node& value = At(Root(stream), "k");
  EXPECT_EQ(value.value.text, "a  b\nc\0"s);
  EXPECT_EQ(value.value.offsets, (std::vector<std::uint32_t>{4, 5, 6, 12, 14, 17, 19}));
}

TEST(YamlScalar, LiteralBlockClipStripKeep) {
  // 0:a: | 4:\n 7:x 8:\n 9:\n 12:y 13:\n 14:\n 15:b
  const std::string clip = "a: |\n  x\n\n  y\n\nb: 1\n";
  const yaml::Stream clip_stream = Parse(clip);
  const Node& a = At(Root(clip_stream), "a");
  EXPECT_EQ(a.style, ScalarStyle::Literal);
  EXPECT_EQ(a.value.text, "x\n\ny\n");
  EXPECT_EQ(a.value.offsets, (std::vector<std::uint32_t>{7, 8, 9, 12, 13}));
  EXPECT_EQ(a.span, S(3, 14));

  // 0:a: |- 5:\n 8:x 9:\n 12:y 13:\n 14:\n 15:b
  const std::string strip = "a: |-\n  x\n  y\n\nb: 1\n";
  const yaml::Stream strip_stream = Parse(strip);
  const Node& s = At(Root(strip_stream), "a");
  EXPECT_EQ(s.value.text, "x\ny");
  EXPECT_EQ(s.value.offsets, (std::vector<std::uint32_t>{8, 9, 12}));
  EXPECT_EQ(s.span, S(3, 13));

  // 0:a: |+ 5:\n 8:x 9:\n 10:\n 11:\n 12:b
  const std::string keep = "a: |+\n  x\n\n\nb: 1\n";
  const yaml::Stream keep_stream = Parse(keep);
  const Node& k = At(Root(keep_stream), "a");
  EXPECT_EQ(k.value.text, "x\n\n\n");
  EXPECT_EQ(k.value.offsets, (std::vector<std::uint32_t>{8, 9, 10, 11}));
  EXPECT_EQ(k.span, S(3, 12));
}

TEST(YamlScalar, LiteralIndentationIndicatorAndComment) {
  // The indicator counts from the mapping's indentation (2), so two spaces stay content.
  // 0:- 2:run: 7:|2- # keep 17:\n 18:"    " 22:"  x" 24:x 25:\n 26:"    " 30:y 31:\n
  const std::string text = "- run: |2- # keep\n      x\n    y\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  ASSERT_EQ(root.kind, Node::Kind::Sequence);
  const Node& run = At(root.items.at(0), "run");
  EXPECT_EQ(run.value.text, "  x\ny");
  EXPECT_EQ(run.value.offsets, (std::vector<std::uint32_t>{22, 23, 24, 25, 30}));
  EXPECT_EQ(run.span, S(7, 31));
}

TEST(YamlScalar, BlockLeadingBlankLinesAndIndentlessSequence) {
  // Leading empty lines become breaks; `- |1` under an indentless sequence counts from the
  // mapping's column 0, so the second space of line 10 is content.
  // 0:k: 2:\n 3:- |1 7:\n 8:\n 9:"  " 11:\n 12:" " 13:" x" 15:\n
  const std::string text = "k:\n- |1\n\n  \n  x\n";
  const yaml::Stream stream = Parse(text);
  const Node& item = At(Root(stream), "k").items.at(0);
  EXPECT_EQ(item.value.text, "\n \n x\n");
  EXPECT_EQ(item.value.offsets, (std::vector<std::uint32_t>{8, 10, 11, 13, 14, 15}));
}

TEST(YamlScalar, FoldedBlock) {
  // 0:f: > 4:\n 7:one 10:\n 13:two 16:\n 17:\n 20:three 25:\n 26:"  " 28:"  more" 34:\n
  // 37:end 40:\n
  const std::string text = "f: >\n  one\n  two\n\n  three\n    more\n  end\n";
  const yaml::Stream stream = Parse(text);
  const Node& f = At(Root(stream), "f");
  EXPECT_EQ(f.style, ScalarStyle::Folded);
  EXPECT_EQ(f.value.text, "one two\nthree\n  more\nend\n");
  EXPECT_EQ(f.value.offsets, Cat({Range(7, 10),
                                  {10},
                                  Range(13, 16),
                                  {17},
                                  Range(20, 25),
                                  {25},
                                  Range(28, 34),
                                  {34},
                                  Range(37, 40),
                                  {40}}));
}

TEST(YamlScalar, EmptyValuesAndNulls) {
  const std::string text = "a:\nb: ~\nc: null\nd: \"\"\ne: !!str\nf: NULL\ng: Null\nh: !!null ''\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_TRUE(At(root, "a").is_null());
  EXPECT_EQ(At(root, "a").span, S(2, 2));  // just after the colon
  EXPECT_TRUE(At(root, "b").is_null());
  EXPECT_TRUE(At(root, "c").is_null());
  EXPECT_FALSE(At(root, "d").is_null());
  EXPECT_FALSE(At(root, "e").is_null());
  EXPECT_TRUE(At(root, "f").is_null());
  EXPECT_TRUE(At(root, "g").is_null());
  EXPECT_FALSE(At(root, "h").is_null());  // quoted
  EXPECT_EQ(At(root, "e").tag, "!!str");
  EXPECT_EQ(root.get("zzz"), nullptr);
  EXPECT_EQ(At(root, "a").get("a"), nullptr);  // not a mapping
}

TEST(YamlScalar, GetReturnsLastRepeatedKey) {
  const yaml::Stream stream = Parse("a: 1\na: 2\n");
  const Node& root = Root(stream);
  EXPECT_EQ(At(root, "a").value.text, "2");
  EXPECT_EQ(root.entries.size(), 2u);
}

// A shell script in a GitHub Actions `run: |` keeps its positions in the workflow file.
TEST(YamlScalar, GitHubActionsRunBlock) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - name: Start daemon\n"
      "        run: |\n"
      "          dockerd -H tcp://0.0.0.0:2375 &\n"
      "\n"
      "          echo \"up\"   # comment stays\n"
      "      - run: echo done\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  const Node& steps = At(At(At(root, "jobs"), "build"), "steps");
  ASSERT_EQ(steps.items.size(), 3u);
  const Node& run = At(steps.items[1], "run");
  EXPECT_EQ(run.style, ScalarStyle::Literal);
  const std::string script = "dockerd -H tcp://0.0.0.0:2375 &\n\necho \"up\"   # comment stays\n";
  EXPECT_EQ(run.value.text, script);
  ASSERT_EQ(run.value.offsets.size(), script.size());
  for (std::size_t i = 0; i < script.size(); ++i) {
    EXPECT_EQ(text[run.value.offsets[i]], script[i]) << i;
  }
  const std::size_t dockerd = text.find("dockerd");
  EXPECT_EQ(run.value.offsets[0], dockerd);
  EXPECT_EQ(run.value.span_of(11, 29), S(dockerd + 11, dockerd + 29));  // tcp://0.0.0.0:2375
  EXPECT_EQ(run.span.begin, text.find('|'));
  EXPECT_EQ(run.span.end, text.find("stays") + 6);
  EXPECT_EQ(At(steps.items[2], "run").value.text, "echo done");
}

// GitLab CI `script:` lists: plain, quoted and folded items.
TEST(YamlScalar, GitLabScriptList) {
  const std::string text =
      "variables:\n"
      "  DOCKER_HOST: tcp://docker:2375\n"
      "build:\n"
      "  script:\n"
      "    - docker info\n"
      "    - 'docker run --privileged image'\n"
      "    - >\n"
      "      docker build\n"
      "      -t app .\n"
      "    - \"echo \\\"done\\\"\"\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(At(At(root, "variables"), "DOCKER_HOST").value.text, "tcp://docker:2375");
  const Node& script = At(At(root, "build"), "script");
  ASSERT_EQ(script.items.size(), 4u);
  EXPECT_EQ(script.items[0].value.text, "docker info");
  EXPECT_EQ(script.items[0].value.offsets[0], text.find("docker info"));
  EXPECT_EQ(script.items[1].value.text, "docker run --privileged image");
  EXPECT_EQ(script.items[1].value.offsets[0], text.find("docker run"));
  EXPECT_EQ(script.items[2].value.text, "docker build -t app .\n");
  EXPECT_EQ(script.items[2].value.offsets[12], text.find("build\n") + 5);  // folded break
  EXPECT_EQ(script.items[2].value.offsets[13], text.find("-t app"));
  EXPECT_EQ(script.items[3].value.text, "echo \"done\"");
  EXPECT_EQ(script.items[3].value.offsets[5], text.find("\\\"done") + 1);
}

// ---------------------------------------------------------------------------------------
// Rebuilt values against libyaml for generated scalars of every style.

struct LibyamlScalars {
  bool ok = false;
  std::vector<std::string> values;
};

LibyamlScalars ReadWithLibyaml(const std::string& text) {
  LibyamlScalars result;
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  while (true) {
    yaml_event_t event;
    if (yaml_parser_parse(&parser, &event) == 0) break;
    const bool done = event.type == YAML_STREAM_END_EVENT;
    if (event.type == YAML_SCALAR_EVENT) {
      result.values.emplace_back(reinterpret_cast<const char*>(event.data.scalar.value),
                                 event.data.scalar.length);
    }
    yaml_event_delete(&event);
    if (done) {
      result.ok = true;
      break;
    }
  }
  yaml_parser_delete(&parser);
  return result;
}

class ScalarGenerator {
 public:
  explicit ScalarGenerator(std::uint32_t seed) : random_(seed) {}

  // A document with one generated scalar (and sometimes a sibling), in a random context.
  std::string Document() {
    const int style = Pick(5);
    const bool block = style >= 3;
    const int context = Pick(block ? 6 : 7);
    std::string prefix;
    int indent = -1;  // libyaml's indentation level around the scalar
    switch (context) {
      case 0: prefix = "--- "; break;
      case 1:
        prefix = "key: ";
        indent = 0;
        break;
      case 2:
        prefix = "- ";
        indent = 0;
        break;
      case 3:
        prefix = "outer:\n  inner: ";
        indent = 2;
        break;
      case 4:
        prefix = "- k: ";
        indent = 2;
        break;
      case 5:
        prefix = "k:\n- ";
        indent = 0;
        break;
      default:
        prefix = "[x, ";
        indent = 0;
        break;
    }
    std::string text = prefix + Properties(indent) + Scalar(style, indent);
    if (context == 6) {
      text += ", y]\n";
    } else if (Pick(2) == 0 && context != 0) {
      text += (text.back() == '\n' ? "" : "\n") +
              std::string(context == 3 || context == 4 ? "  " : "") +
              (context == 2 || context == 5 ? "- next\n" : "next: 1\n");
    }
    return text;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  // Sometimes an anchor and/or tag first, maybe with a comment and the value on the next line.
  std::string Properties(int indent) {
    switch (Pick(10)) {
      case 0: return "&anchor-1 ";
      case 1: return "!local ";
      case 2: return "!!str &a ";
      case 3: return "&a !<tag:yaml.org,2002:str> ";
      case 4:
        return "!t # note" + Break() +
               std::string(static_cast<std::size_t>(indent + 1 + Pick(2)), ' ');
      default: return "";
    }
  }

  std::string Break() {
    switch (Pick(12)) {
      case 0: return "\r\n";
      case 1: return "\r";
      case 2: return "\xC2\x85";      // NEL
      case 3: return "\xE2\x80\xA8";  // LS
      default: return "\n";
    }
  }

  std::string Blanks(int max) {
    std::string out;
    for (int n = Pick(max + 1); n > 0; --n) out += Pick(4) == 0 ? '\t' : ' ';
    return out;
  }

  static std::vector<std::string> Split(std::string_view words) {
    std::vector<std::string> out;
    while (!words.empty()) {
      const std::size_t space = std::min(words.find(' '), words.size());
      out.emplace_back(words.substr(0, space));
      words.remove_prefix(std::min(space + 1, words.size()));
    }
    return out;
  }

  std::string Word(bool quoted) {
    // Pieces of plain words, separated by spaces here.
    static const std::vector<std::string> kPieces = Split(
        "a b z 0 9 - . / _ \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 x:y a#b tcp://0.0.0.0:2375 = ( ) "
        "$ %");
    static const std::vector<std::string> kQuoted = {":", " #", "#", ",", "[", "]", "{", "}",
                                                     "*", "&",  "!", "|", ">", "@", "`", "\\"};
    std::string out = Pick(3) == 0 ? "w" : "";
    for (int n = 1 + Pick(4); n > 0; --n) {
      if (quoted && Pick(4) == 0) {
        out += kQuoted[static_cast<std::size_t>(Pick(static_cast<int>(kQuoted.size())))];
      } else {
        out += kPieces[static_cast<std::size_t>(Pick(static_cast<int>(kPieces.size())))];
      }
    }
    if (!quoted && (out[0] == '-' || out[0] == '.' || out[0] == '%')) out = "w" + out;
    return out;
  }

  // Content lines for plain and quoted scalars, continuation lines indented past `indent`.
  std::string Lines(bool quoted, int indent, const std::function<std::string()>& word) {
    std::string out = word();
    for (int n = Pick(5); n > 0; --n) {
      if (Pick(3) == 0) {
        out += std::string(static_cast<std::size_t>(1 + Pick(2)), ' ') + word();
        continue;
      }
      if (quoted || Pick(2) == 0) out += Blanks(2);
      out += Break();
      for (int blank = Pick(3); blank > 0; --blank) {
        if (Pick(2) == 0) out += Blanks(1);
        out += Break();
      }
      out += std::string(static_cast<std::size_t>(indent + 1 + Pick(3)), ' ');
      if (Pick(3) == 0) out += "\t";
      out += word();
    }
    return out;
  }

  std::string Scalar(int style, int indent) {
    switch (style) {
      case 0: return Lines(false, indent, [&] { return Word(false); });
      case 1:
        return "'" +
               Lines(true, indent,
                     [&] {
                       std::string w = Word(true);
                       if (Pick(3) == 0) w += "''";
                       if (Pick(4) == 0) w += "\"";
                       return w;
                     }) +
               Blanks(2) + "'";
      case 2:
        return "\"" +
               Lines(true, indent,
                     [&] {
                       static const std::vector<std::string> kEscapes = {
                           "\\n",   "\\t",   "\\\t",    "\\\\",        "\\\"", "\\/", "\\0",
                           "\\a",   "\\e",   "\\ ",     "\\_",         "\\N",  "\\L", "\\P",
                           "\\x41", "\\xe9", "\\u20AC", "\\U0001F600", "\\'",  "'"};
                       std::string w = Word(true);
                       if (w.back() == '\\') w += "\\";
                       if (Pick(2) == 0) {
                         w += kEscapes[static_cast<std::size_t>(
                             Pick(static_cast<int>(kEscapes.size())))];
                       }
                       if (Pick(5) == 0) w += Blanks(2) + "\\" + Break() + Blanks(3);
                       return w;
                     }) +
               Blanks(1) + "\"";
      default: return Block(style == 3, indent);
    }
  }

  std::string Block(bool literal, int parent) {
    std::string out = literal ? "|" : ">";
    const int base = std::max(parent, 0) + 1 + Pick(3);
    const int chomp = Pick(3);
    const char* chomping = chomp == 0 ? "" : chomp == 1 ? "-" : "+";
    if (Pick(3) == 0) {
      const int increment = base - (parent >= 0 ? parent : 0);
      if (increment >= 1 && increment <= 9) {
        out += Pick(2) == 0 ? chomping + std::to_string(increment)
                            : std::to_string(increment) + chomping;
      } else {
        out += chomping;
      }
    } else {
      out += chomping;
    }
    if (Pick(4) == 0) out += "  # note";
    out += Break();
    for (int n = Pick(3); n > 0; --n)
      out += std::string(static_cast<std::size_t>(Pick(base + 1)), ' ') + Break();
    for (int n = 1 + Pick(5); n > 0; --n) {
      out += std::string(static_cast<std::size_t>(base), ' ');
      if (Pick(4) == 0) out += std::string(static_cast<std::size_t>(1 + Pick(3)), ' ');
      if (Pick(8) == 0) out += "\t";
      out += Word(true);
      if (Pick(3) == 0) out += " " + Word(true);
      if (Pick(6) == 0) out += Blanks(2);
      out += Break();
      for (int blank = Pick(3) == 0 ? 1 + Pick(2) : 0; blank > 0; --blank) {
        out += std::string(static_cast<std::size_t>(Pick(base + 3)), ' ') + Break();
      }
    }
    if (Pick(4) == 0) out.resize(out.size() - 1);  // sometimes no final line break
    return out;
  }

  std::mt19937 random_;
};

// True when byte i of `value` is accounted for by the source byte at its offset.
bool Explained(const std::string& text, const SourcedText& value, std::size_t i) {
  const std::uint32_t at = value.offsets[i];
  if (at >= text.size()) return false;
  const char c = value.text[i];
  if (text[at] == c) return true;
  const bool line_break = text[at] == '\n' || text[at] == '\r' ||
                          (static_cast<unsigned char>(text[at]) == 0xC2 && at + 1 < text.size() &&
                           static_cast<unsigned char>(text[at + 1]) == 0x85);
  if (line_break && (c == ' ' || c == '\n')) return true;
  return at > 0 && text[at - 1] == '\\';  // an escape sequence's letter
}

TEST(YamlScalarOracle, MatchesLibyamlForGeneratedScalars) {
  ScalarGenerator generator(20240611);
  int parsed = 0;
  int by_style[5] = {};
  for (int n = 0; n < 20000; ++n) {
    const std::string text = generator.Document();
    const LibyamlScalars expected = ReadWithLibyaml(text);
    const yaml::Stream stream = Parse(text);
    if (!expected.ok) {
      EXPECT_TRUE(stream.error.has_value()) << text;
      continue;
    }
    ASSERT_FALSE(stream.error.has_value()) << text << "\n" << stream.error->message;
    ++parsed;
    std::vector<const Node*> scalars;
    for (const auto& document : stream.documents) {
      Walk(document.root, [&](const Node& node, std::size_t) {
        if (node.is_scalar()) scalars.push_back(&node);
      });
    }
    ASSERT_EQ(scalars.size(), expected.values.size()) << text;
    for (std::size_t k = 0; k < scalars.size(); ++k) {
      const Node& node = *scalars[k];
      const SourcedText& value = node.value;
      ++by_style[static_cast<int>(node.style)];
      ASSERT_EQ(value.text, expected.values[k]) << text;
      ASSERT_EQ(value.offsets.size(), value.text.size()) << text;
      for (std::size_t i = 0; i < value.text.size(); ++i) {
        ASSERT_TRUE(Explained(text, value, i)) << "byte " << i << " of scalar " << k << " in\n"
                                               << text;
        ASSERT_TRUE(node.span.contains(value.offsets[i])) << text;
        if (i > 0) {
          ASSERT_LE(value.offsets[i - 1], value.offsets[i]) << text;
        }
      }
    }
  }
  // The generator must exercise every style on inputs libyaml accepts.
  EXPECT_GT(parsed, 15000);
  for (const int count : by_style) EXPECT_GT(count, 2000);
}

// ---------------------------------------------------------------------------------------
// Collections, documents, anchors, aliases, merge keys, tags.

TEST(YamlStructure, FlowCollections) {
  // 0:{ 1:a 2:: 4:[ 5:1 6:, 8:" 9:x 10:" 11:] 12:}
  const std::string text = "{a: [1, \"x\"]}";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  ASSERT_EQ(root.kind, Node::Kind::Mapping);
  EXPECT_EQ(root.span, S(0, 13));
  const Node& list = At(root, "a");
  ASSERT_EQ(list.kind, Node::Kind::Sequence);
  EXPECT_EQ(list.span, S(4, 12));
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[0].value.text, "1");
  EXPECT_EQ(list.items[0].span, S(5, 6));
  EXPECT_EQ(list.items[1].value.text, "x");
  EXPECT_EQ(list.items[1].style, ScalarStyle::DoubleQuoted);
  EXPECT_EQ(list.items[1].value.offsets, (std::vector<std::uint32_t>{9}));
  EXPECT_EQ(list.items[1].span, S(8, 11));
}

TEST(YamlStructure, BlockCollectionSpansEndAtTheirLastChild) {
  // 0:a: 3:\n 4:"  b: 1" 9:1 10:\n 11:"  c: [x]" 17:] 18:\n 19:# trailing 29:\n 30:d
  const std::string text = "a:\n  b: 1\n  c: [x]\n# trailing\nd: 2\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(At(root, "a").span, S(5, 18));
  EXPECT_EQ(root.span, S(0, 34));
}

TEST(YamlStructure, MultipleDocuments) {
  // 0:a: 1 4:\n 5:--- 8:\n 9:b: 2 13:\n 14:... 17:\n 18:--- 21:\n 22:- c 25:\n
  const std::string text = "a: 1\n---\nb: 2\n...\n---\n- c\n";
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  ASSERT_EQ(stream.documents.size(), 3u);
  EXPECT_EQ(stream.documents[0].span, S(0, 4));
  EXPECT_EQ(At(stream.documents[0].root, "a").value.text, "1");
  EXPECT_EQ(stream.documents[1].span, S(5, 17));
  EXPECT_EQ(At(stream.documents[1].root, "b").value.offsets, (std::vector<std::uint32_t>{12}));
  EXPECT_EQ(stream.documents[2].span, S(18, 25));
  EXPECT_EQ(stream.documents[2].root.span, S(22, 25));
  ASSERT_EQ(stream.documents[2].root.items.size(), 1u);
  EXPECT_EQ(stream.documents[2].root.items[0].value.text, "c");
  EXPECT_EQ(stream.documents[2].root.items[0].value.offsets, (std::vector<std::uint32_t>{24}));
}

TEST(YamlStructure, EmptyStreamHasNoDocuments) {
  const yaml::Stream stream = Parse("# only a comment\n\n");
  EXPECT_FALSE(stream.error.has_value());
  EXPECT_TRUE(stream.documents.empty());
  EXPECT_TRUE(Parse("").documents.empty());
}

TEST(YamlStructure, AliasesCopyTheAnchoredNode) {
  const std::string text =
      "base: &b\n"
      "  image: nginx\n"
      "  ports: [80]\n"
      "copy: *b\n"
      "name: &n web\n"
      "again: *n\n"
      "missing: *nope\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  const Node& base = At(root, "base");
  const Node& copy = At(root, "copy");
  ASSERT_EQ(copy.kind, Node::Kind::Mapping);
  EXPECT_EQ(copy.span, base.span);
  const std::uint32_t star = static_cast<std::uint32_t>(text.find("*b"));
  EXPECT_EQ(copy.alias, S(star, star + 2));
  EXPECT_FALSE(base.alias.valid());
  EXPECT_EQ(At(copy, "image").value.text, "nginx");
  EXPECT_EQ(At(copy, "image").value.offsets, At(base, "image").value.offsets);
  EXPECT_EQ(At(copy, "image").alias, copy.alias);  // every node of the copy
  EXPECT_EQ(At(copy, "ports").items.at(0).value.text, "80");
  EXPECT_EQ(At(root, "again").value.text, "web");
  EXPECT_EQ(At(root, "again").span.begin, text.find("&n web"));  // with its properties
  EXPECT_EQ(At(root, "again").value.offsets.front(), text.find("web"));
  const Node& missing = At(root, "missing");
  EXPECT_EQ(missing.kind, Node::Kind::Unknown);
  const std::uint32_t nope = static_cast<std::uint32_t>(text.find("*nope"));
  EXPECT_EQ(missing.alias, S(nope, nope + 5));
}

TEST(YamlStructure, MergeKeysExpandInPlace) {
  const std::string text =
      "defaults: &d\n"
      "  privileged: true\n"
      "  image: alpine\n"
      "extra: &e\n"
      "  network_mode: host\n"
      "  image: busybox\n"
      "svc:\n"
      "  image: mine\n"
      "  <<: [*d, *e]\n"
      "  user: root\n"
      "only:\n"
      "  <<: [*e, *d]\n"
      "one:\n"
      "  <<: *d\n"
      "  privileged: false\n"
      "inline:\n"
      "  <<: {pid: host}\n"
      "quoted:\n"
      "  '<<': *d\n"
      "bad:\n"
      "  <<: 5\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  const auto keys = [](const Node& node) {
    std::vector<std::string> out;
    for (const auto& [key, value] : node.entries) out.push_back(key.value.text);
    return out;
  };
  const Node& svc = At(root, "svc");
  EXPECT_EQ(keys(svc), (std::vector<std::string>{"image", "privileged", "network_mode", "user"}));
  EXPECT_EQ(At(svc, "image").value.text, "mine");  // explicit keys win
  EXPECT_EQ(At(svc, "privileged").value.text, "true");
  const std::uint32_t star_d = static_cast<std::uint32_t>(text.find("*d"));
  EXPECT_EQ(At(svc, "privileged").alias, S(star_d, star_d + 2));
  EXPECT_EQ(At(svc, "privileged").span.begin, text.find("true"));
  const Node& only = At(root, "only");
  EXPECT_EQ(keys(only), (std::vector<std::string>{"network_mode", "image", "privileged"}));
  EXPECT_EQ(At(only, "image").value.text, "busybox");  // earlier mappings win
  const Node& one = At(root, "one");
  EXPECT_EQ(keys(one), (std::vector<std::string>{"image", "privileged"}));
  EXPECT_EQ(At(one, "privileged").value.text, "false");
  EXPECT_EQ(keys(At(root, "inline")), (std::vector<std::string>{"pid"}));
  EXPECT_FALSE(At(At(root, "inline"), "pid").alias.valid());
  EXPECT_EQ(keys(At(root, "quoted")), (std::vector<std::string>{"<<"}));  // a plain key only
  EXPECT_EQ(keys(At(root, "bad")), (std::vector<std::string>{"<<"}));     // nothing to merge
}

TEST(YamlStructure, TagsAsWritten) {
  const std::string text =
      "a: !Ref Name\n"
      "b: !!str 1\n"
      "c: !<tag:yaml.org,2002:str> x\n"
      "d: !!map {k: v}\n"
      "e: &x !!seq\n"
      "  - 1\n"
      "f: !GetAtt\n"
      "  # comment between\n"
      "  Web.Arn\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(At(root, "a").tag, "!Ref");
  EXPECT_EQ(At(root, "a").value.text, "Name");
  EXPECT_EQ(At(root, "a").value.offsets.front(), text.find("Name"));
  EXPECT_EQ(At(root, "a").span.begin, text.find("!Ref"));  // properties are part of the node
  EXPECT_EQ(At(root, "b").tag, "!!str");
  EXPECT_EQ(At(root, "c").tag, "!<tag:yaml.org,2002:str>");
  EXPECT_EQ(At(root, "d").tag, "!!map");
  EXPECT_EQ(At(root, "e").tag, "!!seq");
  EXPECT_EQ(At(root, "e").items.at(0).value.text, "1");
  EXPECT_EQ(At(root, "f").tag, "!GetAtt");
  EXPECT_EQ(At(root, "f").value.text, "Web.Arn");
  EXPECT_EQ(At(root, "f").value.offsets.front(), text.find("Web.Arn"));
  EXPECT_EQ(At(root, "a").entries.size(), 0u);
}

// ---------------------------------------------------------------------------------------
// Limits: alias bombs, deep nesting, large input.

TEST(YamlLimits, AliasBombStaysBounded) {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    text += std::string(1, name) + ": &" + name + " [";
    for (int k = 0; k < 9; ++k) text += std::string(k == 0 ? "" : ",") + "*" + previous;
    text += "]\n";
    previous = name;
  }
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  const std::size_t count = CountNodes(stream);
  EXPECT_LT(count, 250000u);  // 9^9 lols unexpanded: the budget is 100,000 copies
  EXPECT_GT(count, 1000u);
  std::size_t unknown = 0;
  Walk(stream.documents[0].root, [&](const Node& node, std::size_t) {
    if (node.kind == Node::Kind::Unknown) {
      ++unknown;
      EXPECT_TRUE(node.alias.valid());
    }
  });
  EXPECT_GT(unknown, 0u);
  // The small expansions near the top are complete.
  const Node& b = At(stream.documents[0].root, "b");
  ASSERT_EQ(b.items.size(), 9u);
  EXPECT_EQ(b.items[8].items.at(8).value.text, "lol");
}

TEST(YamlLimits, LongStringAliasBombStaysBounded) {
  std::string text =
      "a: &a \"" + std::string(100000, 'x') + "\"\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n";
  for (char name = 'c'; name <= 'h'; ++name) {
    text += std::string(1, name) + ": &" + name + " [*" + static_cast<char>(name - 1) + ",*" +
            static_cast<char>(name - 1) + ",*" + static_cast<char>(name - 1) + ",*" +
            static_cast<char>(name - 1) + "]\n";
  }
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  std::size_t bytes = 0;
  Walk(stream.documents[0].root,
       [&](const Node& node, std::size_t) { bytes += node.value.text.size(); });
  EXPECT_LE(bytes, (8u << 20) + 100000u);
}

TEST(YamlLimits, DeepBlockNestingBecomesUnknown) {
  std::string text;
  for (int k = 0; k < 100000; ++k) text += "- ";
  text += "x\n";
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  ASSERT_EQ(stream.documents.size(), 1u);
  std::size_t max_depth = 0;
  std::size_t unknown = 0;
  Walk(stream.documents[0].root, [&](const Node& node, std::size_t depth) {
    max_depth = std::max(max_depth, depth);
    if (node.kind == Node::Kind::Unknown) {
      ++unknown;
      EXPECT_EQ(node.span.begin, 2 * (depth - 1));
      EXPECT_GT(node.span.end, 199990u);
    }
  });
  EXPECT_EQ(unknown, 1u);
  EXPECT_LE(max_depth, 1001u);
  EXPECT_GE(max_depth, 1000u);
  // Destroying and copying the tree must not recurse 100,000 deep either.
  const yaml::Stream copy = stream;
  EXPECT_EQ(CountNodes(copy), CountNodes(stream));
}

TEST(YamlLimits, DeepFlowNestingIsAnError) {
  for (const std::string& open : {"["s, "{a: "s}) {
    std::string text;
    for (int k = 0; k < 100000; ++k) text += open;
    text += "x";
    for (int k = 0; k < 100000; ++k) text += open == "[" ? "]" : "}";
    const yaml::Stream stream = Parse(text);
    ASSERT_TRUE(stream.error.has_value());
    EXPECT_NE(stream.error->message.find("nested deeper"), std::string::npos);
    EXPECT_GE(stream.error->span.begin, 1000 * open.size());
    EXPECT_LT(stream.error->span.begin, 3000 * open.size());
    EXPECT_TRUE(stream.documents.empty());
  }
  // 500 levels are fine.
  const std::string ok = std::string(500, '[') + "x" + std::string(500, ']');
  const yaml::Stream stream = Parse(ok);
  EXPECT_FALSE(stream.error.has_value());
}

TEST(YamlLimits, AliasesCannotBuildDeepTrees) {
  // Each anchor wraps the previous alias once more: expanding the last one would nest 3,000
  // levels, so past the depth limit aliases become Unknown.
  std::string text = "a0: &a0 [x]\n";
  for (int k = 1; k < 3000; ++k) {
    text += "a" + std::to_string(k) + ": &a" + std::to_string(k) + " [*a" + std::to_string(k - 1) +
            "]\n";
  }
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  std::size_t max_depth = 0;
  std::size_t unknown = 0;
  Walk(stream.documents[0].root, [&](const Node& node, std::size_t depth) {
    max_depth = std::max(max_depth, depth);
    if (node.kind == Node::Kind::Unknown) ++unknown;
  });
  EXPECT_LE(max_depth, 1001u);
  EXPECT_GT(unknown, 0u);
}

// Larger than --max-file-size's default (10 MiB) lets through; 50 MB was measured by hand
// (3 s, bench/ territory), the suite keeps a size that runs quickly under the sanitizers.
TEST(YamlLimits, TwelveMegabytes) {
  // A manifest-like list with one large block scalar.
  std::string text = "items:\n";
  const std::string item = "  - name: service\n    image: \"registry/app:1.0\"\n    port: 2375\n";
  while (text.size() < 6u << 20) text += item;
  text += "script: |\n";
  const std::string line = "  echo dockerd -H tcp://0.0.0.0:2375 \xC3\xA9\n";
  while (text.size() < 12u << 20) text += line;
  text += "tail: end\n";
  const yaml::Stream stream = Parse(text);
  ASSERT_FALSE(stream.error.has_value());
  const Node& root = Root(stream);
  EXPECT_GT(At(root, "items").items.size(), 90000u);
  const Node& script = At(root, "script");
  EXPECT_GT(script.value.text.size(), 5u << 20);
  EXPECT_EQ(script.value.offsets.size(), script.value.text.size());
  const Node& tail = At(root, "tail");
  EXPECT_EQ(tail.value.offsets.at(0), text.size() - 4);
}

// ---------------------------------------------------------------------------------------
// Templates.

TEST(YamlTemplates, HelmValuesAreUnknown) {
  const std::string text =
      "{{- if .Values.enabled }}\n"
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "spec:\n"
      "  template:\n"
      "    spec:\n"
      "      containers:\n"
      "        - name: app\n"
      "          image: {{ .Values.image }}\n"
      "          command: docker-{{ .Values.cmd }}\n"
      "          args: [\"--host\", \"tcp://{{ .Values.host }}:2375\"]\n"
      "          env:\n"
      "            {{- toYaml .Values.env | nindent 12 }}\n"
      "          privileged: true\n"
      "{{- end }}\n";
  const auto regions = tmpl::find_regions(text, 0, static_cast<std::uint32_t>(text.size()));
  const yaml::Stream stream = yaml::parse(text, kFile, 0, UINT32_MAX, regions);
  const Node& root = Root(stream);
  EXPECT_EQ(At(root, "kind").value.text, "Deployment");
  EXPECT_TRUE(At(root, "kind").value.known);
  const Node& container =
      At(At(At(At(root, "spec"), "template"), "spec"), "containers").items.at(0);
  EXPECT_TRUE(At(container, "name").value.known);
  const Node& image = At(container, "image");
  EXPECT_FALSE(image.value.known);
  EXPECT_FALSE(image.is_null());
  const Node& command = At(container, "command");
  EXPECT_EQ(command.value.text, "docker-");
  EXPECT_FALSE(command.value.known);
  const Node& args = At(container, "args");
  EXPECT_TRUE(args.items.at(0).value.known);
  EXPECT_FALSE(args.items.at(1).value.known);
  EXPECT_FALSE(At(container, "env").value.known);
  EXPECT_EQ(At(container, "privileged").value.text, "true");
  EXPECT_TRUE(At(container, "privileged").value.known);
  EXPECT_EQ(At(container, "privileged").value.offsets[0], text.find("true"));
}

TEST(YamlTemplates, JinjaLinesVanish) {
  const std::string text =
      "hosts:\n"
      "{% for h in hosts %}\n"
      "  - {{ h }}\n"
      "{% endfor %}\n"
      "  - unix:///var/run/docker.sock\n";
  const auto regions = tmpl::find_regions(text, 0, static_cast<std::uint32_t>(text.size()));
  const yaml::Stream stream = yaml::parse(text, kFile, 0, UINT32_MAX, regions);
  const Node& root = Root(stream);
  const Node& hosts = At(root, "hosts");
  ASSERT_EQ(hosts.items.size(), 2u);
  EXPECT_FALSE(hosts.items[0].value.known);
  EXPECT_TRUE(hosts.items[1].value.known);
  EXPECT_EQ(hosts.items[1].value.text, "unix:///var/run/docker.sock");
}

// ---------------------------------------------------------------------------------------
// Errors.

TEST(YamlErrors, SyntaxErrorAtLibyamlPosition) {
  // 0:a: [1, 2 8:\n 9:b: 3: 4
  const std::string text = "a: 1\nb: c: d\n";
  const yaml::Stream stream = Parse(text);
  ASSERT_TRUE(stream.error.has_value());
  EXPECT_EQ(stream.error->message, "mapping values are not allowed in this context");
  EXPECT_EQ(stream.error->span, S(9, 10));
  EXPECT_TRUE(stream.documents.empty());

  const yaml::Stream flow = Parse("a: [1, 2\nb: 3\n");
  ASSERT_TRUE(flow.error.has_value());
  EXPECT_EQ(flow.error->message, "did not find expected ',' or ']' while parsing a flow sequence");
  EXPECT_EQ(flow.error->span.begin, 10u);
}

TEST(YamlErrors, EarlierDocumentsAreKept) {
  const yaml::Stream stream = Parse("a: 1\n---\nb: 'open\n");
  ASSERT_TRUE(stream.error.has_value());
  EXPECT_NE(stream.error->message.find("while scanning a quoted scalar"), std::string::npos);
  ASSERT_EQ(stream.documents.size(), 1u);
  EXPECT_EQ(At(stream.documents[0].root, "a").value.text, "1");
}

TEST(YamlErrors, InvalidUtf8AndControlCharacters) {
  const std::string text = "a: 1\n---\nb: \xFF\n";
  const yaml::Stream stream = Parse(text);
  ASSERT_TRUE(stream.error.has_value());
  EXPECT_EQ(stream.error->message, "invalid leading UTF-8 octet");
  EXPECT_EQ(stream.error->span.begin, 12u);
  ASSERT_EQ(stream.documents.size(), 1u);  // libyaml alone would have lost it
  EXPECT_EQ(At(stream.documents[0].root, "a").value.text, "1");

  const yaml::Stream nul = Parse("a: b\0c\n"s);
  ASSERT_TRUE(nul.error.has_value());
  EXPECT_EQ(nul.error->message, "control characters are not allowed");
  EXPECT_EQ(nul.error->span.begin, 4u);
  EXPECT_TRUE(nul.documents.empty());

  const yaml::Stream truncated = Parse("a: \xC3");
  ASSERT_TRUE(truncated.error.has_value());
  EXPECT_EQ(truncated.error->message, "incomplete UTF-8 octet sequence");
  EXPECT_EQ(Parse("a: \xED\xA0\x80").error->message, "invalid Unicode character");
  EXPECT_EQ(Parse("a: \xC0\x80").error->message, "invalid length of a UTF-8 sequence");
  EXPECT_EQ(Parse("a: \xC3(").error->span, S(4, 5));  // libyaml names the bad octet
  EXPECT_EQ(Parse("a: \xC3(").error->message, "invalid trailing UTF-8 octet");
  // A UTF-16 byte order mark is not UTF-8.
  EXPECT_TRUE(Parse("\xFF\xFE"
                    "a\0:\0"s)
                  .error.has_value());
}

TEST(YamlErrors, BinaryAndMutatedInputNeverCrash) {
  std::mt19937 random(7);
  const std::string seed =
      "a: &x {b: [1, \"two\\n\", 'th''ree']}\n"
      "c: |+2\n   block\n\n"
      "d: >-\n  folded\n  text\n"
      "e: *x\nf:\n  <<: *x\n  g: !t h\n---\n- - ? k\n    : v\n...\n";
  for (int n = 0; n < 3000; ++n) {
    std::string text = seed;
    for (int m = 1 + static_cast<int>(random() % 6); m > 0; --m) {
      const std::size_t at = random() % text.size();
      switch (random() % 4) {
        case 0: text[at] = static_cast<char>(random() % 256); break;
        case 1: text.erase(at, 1); break;
        case 2: text.insert(at, 1, " \n:-[]{}'\"|>#&*!\\\t\r"[random() % 19]); break;
        default: text.insert(at, text.substr(random() % text.size(), random() % 12)); break;
      }
    }
    const yaml::Stream stream = Parse(text);
    for (const auto& document : stream.documents) {
      Walk(document.root, [&](const Node& node, std::size_t) {
        ASSERT_EQ(node.value.text.size(), node.value.offsets.size()) << text;
        for (const std::uint32_t at : node.value.offsets) ASSERT_LT(at, text.size()) << text;
        ASSERT_LE(node.span.begin, node.span.end);
        ASSERT_LE(node.span.end, text.size());
      });
    }
    if (stream.error) {
      ASSERT_LE(stream.error->span.begin, stream.error->span.end);
      ASSERT_LE(stream.error->span.end, text.size());
    }
  }
  std::string binary;
  for (int k = 0; k < 100000; ++k) binary.push_back(static_cast<char>(random() % 256));
  EXPECT_TRUE(Parse(binary).error.has_value());
}

// ---------------------------------------------------------------------------------------
// Encodings and input ranges.

TEST(YamlEncoding, ByteOrderMarkAndRange) {
  const std::string text =
      "\xEF\xBB\xBF"
      "a: b\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(stream.documents[0].span.begin, 3u);
  EXPECT_EQ(At(root, "a").value.offsets, (std::vector<std::uint32_t>{6}));

  // A YAML block inside a larger file: offsets stay file offsets.
  const std::string outer = "#!/bin/sh\ncat <<EOF\n\xEF\xBB\xBFhosts: [tcp://0.0.0.0:2375]\nEOF\n";
  const std::uint32_t begin = static_cast<std::uint32_t>(outer.find('\xEF'));
  const std::uint32_t end = static_cast<std::uint32_t>(outer.find("EOF\n", begin));
  const yaml::Stream inner = yaml::parse(outer, kFile, begin, end);
  const Node& hosts = At(Root(inner), "hosts");
  EXPECT_EQ(hosts.items.at(0).value.offsets.front(), outer.find("tcp"));
  EXPECT_EQ(hosts.span.begin, outer.find('['));
}

// Values are kept compactly while a document is read (offsets only when they are not
// consecutive): every kind of value, copied by aliases and merge keys, keeps its offsets.
TEST(YamlStructure, CopiedValuesKeepTheirOffsets) {
  // 15:x 16:\\ 17:t 18:y; 27:i 28:t 29-30:'' 31:s; 39:plain; 56:one\n 64:two\n; 100:q
  const std::string text =
      "base: &b\n"
      "  a: \"x\\ty\"\n"
      "  b: 'it''s'\n"
      "  c: plain\n"
      "  d: |\n"
      "    one\n"
      "    two\n"
      "copy: *b\n"
      "merged:\n"
      "  <<: *b\n"
      "  e: \"q\"\n";
  ASSERT_EQ(text.size(), 103u);
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  for (const char* name : {"base", "copy", "merged"}) {
    SCOPED_TRACE(name);
    const Node& m = At(root, name);
    EXPECT_EQ(At(m, "a").value.text, "x\ty");
    EXPECT_EQ(At(m, "a").value.offsets, (std::vector<std::uint32_t>{15, 17, 18}));
    EXPECT_EQ(At(m, "b").value.text, "it's");
    EXPECT_EQ(At(m, "b").value.offsets, (std::vector<std::uint32_t>{27, 28, 30, 31}));
    EXPECT_EQ(At(m, "c").value.text, "plain");
    EXPECT_EQ(At(m, "c").value.offsets, Range(39, 44));
    EXPECT_EQ(At(m, "d").value.text, "one\ntwo\n");
    EXPECT_EQ(At(m, "d").value.offsets, Cat({Range(56, 60), Range(64, 68)}));
    EXPECT_EQ(At(m, "c").value.file, kFile);
  }
  EXPECT_EQ(At(At(root, "merged"), "e").value.offsets, (std::vector<std::uint32_t>{100}));
  EXPECT_TRUE(At(At(root, "copy"), "c").alias.valid());
  EXPECT_FALSE(At(At(root, "base"), "c").alias.valid());
}

// Plain YAML is read in place; a template's blanked copy gives the same offsets.
TEST(YamlTemplates, BlankedCopyKeepsOffsets) {
  const std::string plain = "a: b\nc: {{ x }}\nd: e\n";
  const auto regions = tmpl::find_regions(plain, 0, static_cast<std::uint32_t>(plain.size()));
  ASSERT_FALSE(regions.empty());
  const yaml::Stream blanked = yaml::parse(plain, kFile, 0, UINT32_MAX, regions);
  const Node& root = Root(blanked);
  EXPECT_EQ(At(root, "a").value.offsets, (std::vector<std::uint32_t>{3}));
  EXPECT_EQ(At(root, "d").value.offsets, (std::vector<std::uint32_t>{19}));
  EXPECT_FALSE(At(root, "c").value.known);
  EXPECT_TRUE(At(root, "d").value.known);
}

TEST(YamlStructure, TagsCopyAndCompare) {
  const yaml::Stream stream = Parse("a: !Ref x\nb: y\n");
  const Node& root = Root(stream);
  Node copy = At(root, "a");  // a deep copy, independent of the stream
  EXPECT_EQ(copy.tag, "!Ref");
  EXPECT_NE(copy.tag, "!Sub");
  EXPECT_TRUE(At(root, "b").tag.empty());
  copy.tag = At(root, "b").tag;
  EXPECT_TRUE(copy.tag.empty());
  EXPECT_EQ(At(root, "a").tag, "!Ref");
  EXPECT_EQ(std::string_view(At(root, "a").tag), "!Ref");
}

TEST(YamlEncoding, CrLfLineBreaks) {
  // 0:a: | 4:\r\n 6:"  x" 8:x 9:\r\n 11:"  y" 13:y 14:\r\n 16:b: 'p 20:p 21:\r\n 23:"  q'" 25:q
  // 27:\r\n 29:c: d 32:d
  const std::string text = "a: |\r\n  x\r\n  y\r\nb: 'p\r\n  q'\r\nc: d\r\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(At(root, "a").value.text, "x\ny\n");
  EXPECT_EQ(At(root, "a").value.offsets, (std::vector<std::uint32_t>{8, 9, 13, 14}));
  EXPECT_EQ(At(root, "b").value.text, "p q");
  EXPECT_EQ(At(root, "b").value.offsets, (std::vector<std::uint32_t>{20, 21, 25}));
  EXPECT_EQ(At(root, "c").span, S(32, 33));
}

TEST(YamlEncoding, MultibyteCharactersKeepByteOffsets) {
  // 0:é(2) 2:: 4:ü(2) 6:\n 7:k 8:: 10:"€ v"(5)
  const std::string text = "\xC3\xA9: \xC3\xBC\nk: \xE2\x82\xAC v\n";
  const yaml::Stream stream = Parse(text);
  const Node& root = Root(stream);
  EXPECT_EQ(root.entries.at(0).first.span, S(0, 2));
  EXPECT_EQ(root.entries.at(0).second.span, S(4, 6));
  EXPECT_EQ(At(root, "k").value.offsets, (std::vector<std::uint32_t>{10, 11, 12, 13, 14}));
  EXPECT_EQ(At(root, "k").span, S(10, 15));
}

}  // namespace
}  // namespace dl

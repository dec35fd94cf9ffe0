// write_spliced: a document printed with one array's elements streamed into it is the same
// text as the whole document printed at once.
#include "linter/engine/json_splice.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace dl {
namespace {

using Json = nlohmann::ordered_json;

// `document` printed whole, and printed with the array at `pointer` (whose key and indent
// `placeholder` gives) streamed into it.
void expect_same_text(Json document, const std::string& pointer, const std::string& placeholder) {
  const std::string whole = document.dump(2);
  const Json::json_pointer at(pointer);
  const Json elements = document[at];
  document[at] = Json::array();
  std::ostringstream out;
  write_spliced(out, document.dump(2), placeholder, elements.size(),
                [&](std::size_t i) { return elements[i].dump(2); });
  EXPECT_EQ(out.str(), whole) << pointer << " with " << elements.size() << " elements";
}

Json nested_element(int n) {
  return Json{{"id", n},
              {"text", "line one\nline two \xC3\xA9 \"quoted\""},
              {"empty_array", Json::array()},
              {"empty_object", Json::object()},
              {"nested", {{"list", {1, Json{{"deep", Json::array({Json::object()})}}, "x"}}}}};
}

TEST(JsonSplice, TopLevelArrayBeforeOtherKeys) {
  for (int count : {0, 1, 3}) {
    Json document{{"head", {{"a", 1}}}, {"items", Json::array()}, {"tail", {1, 2}}};
    for (int n = 0; n < count; ++n) document["items"].push_back(nested_element(n));
    expect_same_text(document, "/items", "\n  \"items\": []");
  }
}

TEST(JsonSplice, ArrayDeepInsideTheDocumentAndLast) {
  for (int count : {0, 1, 4}) {
    Json run{{"tool", {{"name", "x"}}}, {"results", Json::array()}};
    for (int n = 0; n < count; ++n) run["results"].push_back(nested_element(n));
    Json log{{"version", "2.1.0"}, {"runs", Json::array({run})}};
    expect_same_text(log, "/runs/0/results", "\n      \"results\": []");
  }
}

TEST(JsonSplice, ScalarElements) {
  Json document{{"values", {1, "two", nullptr, true}}};
  expect_same_text(document, "/values", "\n  \"values\": []");
}

TEST(JsonSplice, DocumentThatIsTheArray) {
  for (int count : {0, 1, 3}) {
    Json elements = Json::array();
    for (int i = 0; i < count; ++i) elements.push_back(nested_element(i));
    std::ostringstream out;
    write_spliced(out, "[]", "[]", elements.size(),
                  [&](std::size_t i) { return elements[i].dump(2); });
    EXPECT_EQ(out.str(), elements.dump(2)) << count << " elements";
  }
}

TEST(JsonSplice, MissingOrRepeatedPlaceholderIsAProgrammingError) {
  std::ostringstream out;
  const auto none = [](std::size_t) { return std::string("1"); };
  EXPECT_THROW(write_spliced(out, "{\n  \"a\": []\n}", "\n  \"b\": []", 0, none), std::logic_error);
  EXPECT_THROW(write_spliced(out, "{\n  \"a\": [],\n  \"a\": []\n}", "\n  \"a\": []", 0, none),
               std::logic_error);
  EXPECT_THROW(write_spliced(out, "{\n  \"a\": 1\n}", "\n  \"a\": 1", 0, none), std::logic_error);
}

}  // namespace
}  // namespace dl

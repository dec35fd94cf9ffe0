// Writes a pretty-printed JSON report one array element at a time, so a report of many
// findings is never held whole (as a JSON tree and then as its text) in memory.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace dl {

// `document` is JSON printed with a 2-space indent in which `placeholder`, an empty array
// with its key and the newline before it ("\n  \"findings\": []"), occurs exactly once; or
// both are "[]", for a document that is the array.
// Writes `document` to `out` with that array holding `count` elements: element i is
// `print_element(i)`, printed on its own with a 2-space indent. The output is byte for
// byte what printing the whole document with those elements in place would give.
// Throws std::logic_error when the placeholder is missing or ambiguous (a programming
// error, not bad input).
void write_spliced(std::ostream& out, std::string_view document, std::string_view placeholder,
                   std::size_t count, const std::function<std::string(std::size_t)>& print_element);

// The same, one element at a time: the constructor writes the document up to the array's
// elements (and throws as write_spliced does), add() writes one, finish() the rest.
class SplicedArray {
 public:
  SplicedArray(std::ostream& out, std::string_view document, std::string_view placeholder);
  void add(std::string_view printed_element);
  void finish();

 private:
  std::ostream& out_;
  std::string_view document_;
  std::size_t key_indent_ = 0;
  std::string element_indent_;
  std::size_t close_ = 0;
  std::size_t count_ = 0;
};

}  // namespace dl

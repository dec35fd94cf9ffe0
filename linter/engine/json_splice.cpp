#include "linter/engine/json_splice.h"

#include <stdexcept>

namespace dl {
namespace {

// `text` with `indent` before each of its lines.
void write_indented(std::ostream& out, std::string_view text, std::string_view indent) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) newline = text.size() - 1;
    out << indent;
    out.write(text.data() + start, static_cast<std::streamsize>(newline + 1 - start));
    start = newline + 1;
  }
}

}  // namespace

void write_spliced(std::ostream& out, std::string_view document, std::string_view placeholder,
                   std::size_t count,
                   const std::function<std::string(std::size_t)>& print_element) {
  const std::size_t at = document.find(placeholder);
  // The document may also be the array itself: "[]" for both.
  const bool whole = placeholder == "[]" && document == "[]";
  if (!whole && (placeholder.size() < 4 || placeholder.front() != '\n' ||
                 !placeholder.ends_with("[]") || at == std::string_view::npos ||
                 document.find(placeholder, at + 1) != std::string_view::npos)) {
    throw std::logic_error("write_spliced: the placeholder must occur exactly once");
  }
  // The key's indent: the spaces after the newline; its elements sit one level deeper.
  const std::size_t key_indent = whole ? 0 : placeholder.find_first_not_of(' ', 1) - 1;
  const std::string element_indent(key_indent + 2, ' ');
  const std::size_t close = at + placeholder.size() - 1;  // the ']' of "[]"
  out.write(document.data(), static_cast<std::streamsize>(close));
  if (count > 0) {
    for (std::size_t i = 0; i < count; ++i) {
      out << (i == 0 ? "\n" : ",\n");
      write_indented(out, print_element(i), element_indent);
    }
    out << '\n' << std::string(key_indent, ' ');
  }
  out.write(document.data() + close, static_cast<std::streamsize>(document.size() - close));
}

}  // namespace dl

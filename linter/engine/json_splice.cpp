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

SplicedArray::SplicedArray(std::ostream& out, std::string_view document,
                           std::string_view placeholder)
    : out_(out), document_(document) {
  const std::size_t at = document.find(placeholder);
  // The document may also be the array itself: "[]" for both.
  const bool whole = placeholder == "[]" && document == "[]";
  if (!whole && (placeholder.size() < 4 || placeholder.front() != '\n' ||
                 !placeholder.ends_with("[]") || at == std::string_view::npos ||
                 document.find(placeholder, at + 1) != std::string_view::npos)) {
    throw std::logic_error("write_spliced: the placeholder must occur exactly once");
  }
  // The key's indent: the spaces after the newline; its elements sit one level deeper.
  key_indent_ = whole ? 0 : placeholder.find_first_not_of(' ', 1) - 1;
  element_indent_.assign(key_indent_ + 2, ' ');
  close_ = at + placeholder.size() - 1;  // the ']' of "[]"
  out_.write(document.data(), static_cast<std::streamsize>(close_));
}

void SplicedArray::add(std::string_view printed_element) {
  out_ << (count_ == 0 ? "\n" : ",\n");
  write_indented(out_, printed_element, element_indent_);
  ++count_;
}

void SplicedArray::finish() {
  if (count_ > 0) out_ << '\n' << std::string(key_indent_, ' ');
  out_.write(document_.data() + close_, static_cast<std::streamsize>(document_.size() - close_));
}

void write_spliced(std::ostream& out, std::string_view document, std::string_view placeholder,
                   std::size_t count,
                   const std::function<std::string(std::size_t)>& print_element) {
  SplicedArray array(out, document, placeholder);
  for (std::size_t i = 0; i < count; ++i) array.add(print_element(i));
  array.finish();
}

}  // namespace dl

#include "parsers/common/template_text.h"

#include <algorithm>
#include <array>

namespace dl::tmpl {
namespace {

constexpr std::array<std::string_view, 5> kTemplateSuffixes = {".j2", ".jinja2", ".jinja", ".tpl",
                                                               ".tmpl"};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The closing delimiter of a tag opened at text[i], or "" when none opens there.
std::string_view closer_at(std::string_view text, std::size_t i, bool& is_statement) {
  if (i + 1 >= text.size()) return {};
  const char a = text[i];
  const char b = text[i + 1];
  is_statement = false;
  if (a == '{' && b == '{') return "}}";
  if (a == '{' && b == '#') return "#}";
  if (a == '{' && b == '%') {
    is_statement = true;
    return "%}";
  }
  if ((a == '$' || a == '%') && b == '{') {
    is_statement = a == '%';
    return "}";
  }
  return {};
}

}  // namespace

std::vector<Region> find_regions(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  std::vector<Region> regions;
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text.size()));
  std::size_t i = begin;
  while (i + 1 < end) {
    bool is_statement = false;
    const std::string_view closer = closer_at(text, i, is_statement);
    if (closer.empty()) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    std::size_t j = i + 2;
    char quote = 0;
    // Terraform's ${ } may nest braces (${ {a = 1} }); Jinja's delimiters do not.
    int depth = closer == "}" ? 1 : 0;
    std::size_t stop = end;
    while (j < end) {
      const char c = text[j];
      if (quote != 0) {
        if (c == '\\') {
          j += 2;
          continue;
        }
        if (c == quote) quote = 0;
        ++j;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        ++j;
        continue;
      }
      if (closer == "}") {
        if (c == '{') ++depth;
        if (c == '}' && --depth == 0) {
          stop = j + 1;
          break;
        }
      } else if (text.compare(j, closer.size(), closer) == 0) {
        stop = j + closer.size();
        break;
      }
      ++j;
    }
    // A quote left open inside a tag (e.g. a lone apostrophe): retry without quotes so
    // one stray character does not swallow the rest of the file.
    if (stop == end && quote != 0) {
      const std::size_t found = text.substr(0, end).find(closer, i + 2);
      if (found != std::string_view::npos) stop = found + closer.size();
    }
    regions.push_back(
        {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(stop), is_statement});
    i = stop;
  }
  return regions;
}

std::string blank(std::string_view text, const std::vector<Region>& regions) {
  std::string out(text);
  for (const Region& region : regions) {
    for (std::uint32_t k = region.begin; k < region.end && k < out.size(); ++k) {
      if (out[k] != '\n' && out[k] != '\r') out[k] = ' ';
    }
  }
  return out;
}

bool overlaps(const std::vector<Region>& regions, std::uint32_t begin, std::uint32_t end) {
  // Regions are sorted and disjoint: find the first that ends after `begin`.
  auto it = std::upper_bound(regions.begin(), regions.end(), begin,
                             [](std::uint32_t offset, const Region& r) { return offset < r.end; });
  return it != regions.end() && it->begin < end;
}

namespace {

// The first word inside a tag, without delimiters and whitespace-control markers.
std::string_view tag_keyword(std::string_view text, const Region& region) {
  if (region.end <= region.begin + 2 || region.end > text.size()) return {};
  std::string_view inner = text.substr(region.begin + 2, region.end - region.begin - 2);
  const auto is_marker = [](char c) {
    return c == '-' || c == '~' || c == '+' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  };
  while (!inner.empty() && is_marker(inner.front())) inner.remove_prefix(1);
  std::size_t length = 0;
  while (length < inner.size() &&
         ((inner[length] >= 'a' && inner[length] <= 'z') || inner[length] == '_')) {
    ++length;
  }
  return inner.substr(0, length);
}

bool opens_block(std::string_view keyword) {
  return keyword == "if" || keyword == "for" || keyword == "range" || keyword == "with" ||
         keyword == "block" || keyword == "macro" || keyword == "call" || keyword == "filter" ||
         keyword == "define";  // Go's {{ define }} … {{ end }}
}

bool closes_block(std::string_view keyword) {
  return keyword == "end" || (keyword.size() > 3 && keyword.starts_with("end"));
}

}  // namespace

std::vector<Conditional> find_conditionals(std::string_view text,
                                           const std::vector<Region>& regions) {
  struct Open {
    std::string_view keyword;
    bool is_if;
    std::size_t index;  // into `result` when is_if
  };
  std::vector<Conditional> result;
  std::vector<Open> stack;
  for (const Region& region : regions) {
    // Comments ({# … #}) and Terraform interpolations (${ … }) hold no control flow.
    if (text[region.begin] == '$' || text[region.begin + 1] == '#') continue;
    const std::string_view keyword = tag_keyword(text, region);
    if (keyword.empty()) continue;
    if (opens_block(keyword)) {
      const bool is_if = keyword == "if";
      if (is_if) result.push_back({region.begin, static_cast<std::uint32_t>(text.size()), {}});
      stack.push_back({keyword, is_if, is_if ? result.size() - 1 : 0});
    } else if (keyword == "else" || keyword == "elif" || keyword == "elsif") {
      if (!stack.empty() && stack.back().is_if) {
        result[stack.back().index].branch_starts.push_back(region.begin);
      }
    } else if (closes_block(keyword) && !stack.empty()) {
      // Jinja's `endX` closes only an open X: the end of a block this code does not track
      // ({% set x %}…{% endset %}, {% raw %}) must not close the enclosing if. Go's bare
      // `end` closes whatever is open.
      if (keyword != "end" && keyword.substr(3) != stack.back().keyword) continue;
      if (stack.back().is_if) result[stack.back().index].end = region.end;
      stack.pop_back();
    }
  }
  return result;
}

bool is_template_name(std::string_view file_name) {
  return std::any_of(kTemplateSuffixes.begin(), kTemplateSuffixes.end(),
                     [&](std::string_view suffix) { return ends_with(file_name, suffix); });
}

std::string_view strip_template_suffix(std::string_view file_name) {
  for (std::string_view suffix : kTemplateSuffixes) {
    if (ends_with(file_name, suffix)) return file_name.substr(0, file_name.size() - suffix.size());
  }
  return file_name;
}

}  // namespace dl::tmpl

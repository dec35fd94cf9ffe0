// Template syntax in configuration templates (Jinja/Ansible .j2, Go and Terraform .tpl):
// located so parsers can blank it out and lint what is literal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dl::tmpl {

struct Region {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool is_statement = false;  // {% … %} / %{ … }: control flow, not a value
};

// Regions of `{{ … }}`, `{% … %}`, `{# … #}`, and (Terraform) `${ … }`, `%{ … }`, within
// [begin, end) of `text`. Quoted strings inside a tag are skipped, so `{{ '}}' }}` is one
// region. An unterminated tag runs to `end`.
std::vector<Region> find_regions(std::string_view text, std::uint32_t begin, std::uint32_t end);

// A copy of `text` with every region replaced by spaces (newlines kept), so byte offsets
// stay the same.
std::string blank(std::string_view text, const std::vector<Region>& regions);

// True when [begin, end) overlaps a region.
bool overlaps(const std::vector<Region>& regions, std::uint32_t begin, std::uint32_t end);

// The if-blocks formed by the regions (Jinja `{% if %}`/`{% elif %}`/`{% else %}`/
// `{% endif %}`, Go `{{ if }}`/`{{ else }}`/`{{ end }}`, Terraform `%{ if }`/`%{ endif }`),
// with their branch boundaries. Loops and other blocks are tracked only so that their ends
// close the right block. Unclosed blocks run to the end of the text.
struct Conditional {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::vector<std::uint32_t> branch_starts;
};
std::vector<Conditional> find_conditionals(std::string_view text,
                                           const std::vector<Region>& regions);

// True for file names whose content is a template: *.j2, *.jinja, *.jinja2, *.tpl, *.tmpl.
bool is_template_name(std::string_view file_name);
// The file name without its template suffix ("daemon.json.j2" -> "daemon.json").
std::string_view strip_template_suffix(std::string_view file_name);

}  // namespace dl::tmpl

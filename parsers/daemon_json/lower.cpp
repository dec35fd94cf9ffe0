#include "parsers/daemon_json/lower.h"

#include <algorithm>
#include <string_view>

#include "linter/core/utf8.h"
#include "parsers/common/template_text.h"
#include "parsers/daemon_json/json_reader.h"

namespace dl::daemon_json {
namespace {

// encoding/json matches object keys to struct fields case-insensitively.
bool key_is(std::string_view key, std::string_view field) {
  if (key.size() != field.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != field[i]) return false;
  }
  return true;
}

void lower_bool(const JsonMember& member, BoolSetting& setting) {
  setting = BoolSetting{};
  setting.present = true;
  setting.span = member.key_span;
  const JsonValue& value = member.value;
  if (value.templated || value.kind == JsonValue::Kind::Unknown) {
    setting.known = false;
  } else if (value.kind == JsonValue::Kind::Bool) {
    setting.value = value.text == "true";
  } else if (value.kind != JsonValue::Kind::Null) {
    setting.known = false;  // wrong type: dockerd refuses to start (DE003)
  }
}

void lower_string(const JsonMember& member, StringSetting& setting) {
  setting = StringSetting{};
  setting.present = true;
  setting.span = member.key_span;
  const JsonValue& value = member.value;
  if (value.templated || value.kind == JsonValue::Kind::Unknown) {
    setting.known = false;
  } else if (value.kind == JsonValue::Kind::String) {
    setting.value = value.text;
  } else if (value.kind != JsonValue::Kind::Null) {
    setting.known = false;
  }
}

void lower_hosts(const JsonMember& member, DaemonInputs& inputs) {
  inputs.file_hosts_present = true;
  inputs.file_hosts_key = member.key_span;
  inputs.file_hosts.clear();
  const JsonValue& value = member.value;
  if (value.kind != JsonValue::Kind::Array) {
    // A templated value ("hosts": {{ list }}) or the wrong type: nothing knowable.
    if (value.templated || value.kind == JsonValue::Kind::Unknown) {
      inputs.file_hosts.push_back({std::string(), false, value.span, {}});
    }
    return;
  }
  for (const JsonValue& element : value.elements) {
    if (element.templated || element.kind == JsonValue::Kind::Unknown) {
      inputs.file_hosts.push_back({element.text, false, element.span, {}});
    } else if (element.kind == JsonValue::Kind::String) {
      inputs.file_hosts.push_back({element.text, true, element.span, {}});
    }
    // null decodes to "" (the default); other types fail decoding (DE003).
  }
}

}  // namespace

DaemonJsonDocument parse(ts::Parser& json_parser, const SourceFile& file, bool is_template) {
  DaemonJsonDocument document;
  document.file = file.id;
  document.is_template = is_template;
  switch (file.encoding) {
    case TextEncoding::Utf8: break;
    case TextEncoding::Utf8Bom: document.bom = ByteOrderMark::Utf8; break;
    case TextEncoding::Utf16LeBom: document.bom = ByteOrderMark::Utf16Le; break;
    case TextEncoding::Utf16BeBom: document.bom = ByteOrderMark::Utf16Be; break;
  }
  if (file.encoding == TextEncoding::Utf8 || file.encoding == TextEncoding::Utf8Bom) {
    const std::string_view text = file.text;
    for (std::size_t i = file.content_start; i < text.size();) {
      const std::size_t length = utf8::sequence_length(text, i);
      if (length == 0) {
        document.first_invalid_utf8 = static_cast<std::uint32_t>(i);
        break;
      }
      i += length;
    }
  }
  const auto begin = file.content_start;
  const auto end = static_cast<std::uint32_t>(file.text.size());
  json::ReadResult read;
  if (is_template) {
    const auto regions = tmpl::find_regions(file.text, begin, end);
    const std::string blanked = tmpl::blank(file.text, regions);
    read = json::read(json_parser, blanked, file.id, begin, end, regions, file.text);
    // Template control flow can leave commas and values that only rendering settles, so
    // syntax is judged only for templates that turn out to hold no template syntax.
    if (!regions.empty()) read.first_error.reset();
    for (tmpl::Conditional& block : tmpl::find_conditionals(file.text, regions)) {
      document.template_conditionals.push_back(
          {block.begin, block.end, std::move(block.branch_starts)});
    }
  } else {
    read = json::read(json_parser, file.text, file.id, begin, end);
  }
  if (read.first_error) document.syntax_errors.push_back(std::move(*read.first_error));
  document.has_root = read.has_root;
  document.root = std::move(read.root);
  return document;
}

DaemonJsonDocument parse_with_opaque(ts::Parser& json_parser, const SourceFile& file,
                                     const std::vector<tmpl::Region>& opaque) {
  if (opaque.empty()) return parse(json_parser, file, false);
  DaemonJsonDocument document;
  document.file = file.id;
  const auto begin = file.content_start;
  const auto end = static_cast<std::uint32_t>(file.text.size());
  const std::string blanked = tmpl::blank(file.text, opaque);
  json::ReadResult read = json::read(json_parser, blanked, file.id, begin, end, opaque, file.text);
  if (read.first_error) {
    // `"debug": $DEBUG,` blanks to `"debug":       ,`: the error follows the expansion.
    const std::uint32_t at = read.first_error->span.begin;
    const auto in_or_after_region = [&](std::uint32_t p) {
      return std::any_of(opaque.begin(), opaque.end(), [&](const tmpl::Region& r) {
        return r.end == p || (r.begin <= p && p < r.end);
      });
    };
    std::uint32_t p = at;
    bool after_expansion = in_or_after_region(p);
    while (!after_expansion && p > begin &&
           (blanked[p - 1] == ' ' || blanked[p - 1] == '\t' || blanked[p - 1] == '\n' ||
            blanked[p - 1] == '\r')) {
      --p;
      after_expansion = in_or_after_region(p);
    }
    if (after_expansion) read.first_error.reset();
  }
  if (read.first_error) document.syntax_errors.push_back(std::move(*read.first_error));
  document.has_root = read.has_root;
  document.root = std::move(read.root);
  return document;
}

void lower(const DaemonJsonDocument& document, DaemonInputs& inputs) {
  if (!document.has_root) return;
  // Related locations point at the object's opening brace, not at the whole file.
  inputs.file_root = Span{document.file, document.root.span.begin, document.root.span.begin + 1};
  for (const JsonMember& member : document.root.members) {
    if (member.key_templated) continue;
    const std::string_view key = member.key;
    if (key_is(key, "hosts")) {
      lower_hosts(member, inputs);
    } else if (key_is(key, "tls")) {
      lower_bool(member, inputs.file.tls);
    } else if (key_is(key, "tlsverify")) {
      lower_bool(member, inputs.file.tlsverify);
    } else if (key_is(key, "tlscacert")) {
      lower_string(member, inputs.file.tlscacert);
    } else if (key_is(key, "tlscert")) {
      lower_string(member, inputs.file.tlscert);
    } else if (key_is(key, "tlskey")) {
      lower_string(member, inputs.file.tlskey);
    }
  }
}

}  // namespace dl::daemon_json

// SARIF 2.1.0 writer. Field choices follow shared/docs/sarif-precommit.md §1 (what GitHub
// code scanning reads and what gets an upload rejected).
#include "sarif/sarif_writer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "linter/core/utf8.h"
#include "linter/docs/rule_docs.h"
#include "linter/engine/json_splice.h"
#include "rules/registry.h"

namespace dl::sarif {
namespace {

using Json = nlohmann::ordered_json;  // insertion order: stable, readable output

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kToolName = "dockerd-lint";
// The project's home; the one place to change it.
constexpr std::string_view kInformationUri = "https://github.com/dockerd-lint/dockerd-lint";
constexpr std::string_view kSrcRoot = "%SRCROOT%";
// GitHub keeps descriptions up to 1024 characters and only 10 tags per rule (§1.7).
constexpr std::size_t kMaxDescriptionUnits = 1024;
constexpr std::size_t kMaxTags = 10;

std::string str(std::string_view text) {
  return std::string(text);
}

// UTF-16 units of the code point at text[i] and its byte length; an invalid byte counts
// as one unit, like the U+FFFD the JSON dump replaces it with.
struct CodePoint {
  std::size_t bytes;
  std::size_t units;
};

CodePoint code_point_at(std::string_view text, std::size_t i) {
  const std::size_t length = utf8::sequence_length(text, i);
  if (length == 0) return {1, 1};
  return {length, length == 4 ? std::size_t{2} : std::size_t{1}};
}

// Cuts `text` to at most `max_units` UTF-16 units (the strictest count a consumer may use)
// without splitting a code point; a cut text ends in "…".
std::string truncate_units(std::string_view text, std::size_t max_units) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = code_point_at(text, i);
    units += cp.units;
    i += cp.bytes;
  }
  if (units <= max_units) return str(text);
  std::size_t kept_units = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    const CodePoint cp = code_point_at(text, end);
    if (kept_units + cp.units > max_units - 1) break;  // leave room for the ellipsis
    kept_units += cp.units;
    end += cp.bytes;
  }
  return str(text.substr(0, end)) + "\u2026";
}

// RFC 3986: keep unreserved characters and '/', percent-encode every other byte. This also
// encodes ':' so a relative path's first segment can never read as a URI scheme.
std::string percent_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~' || byte == '/';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

bool is_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.front() == '\\') return false;
  const bool drive = path.size() >= 2 && path[1] == ':';  // "C:\..." from a Windows host
  return !drive;
}

// Where artifact URIs are relative to. Display paths are relative to the working directory,
// or absolute under a root given outside it; both become URIs relative to a base id whose
// location is not written (the upload action reads `uri` as repo-relative, §1.5), so no
// machine path ends up in the file. %SRCROOT% is the working directory, or the first
// outside root when no path is relative; other outside roots get SRCROOT2, SRCROOT3, ….
// With `absolute_uris` every URI is an absolute file:// URI instead.
class UriBases {
 public:
  UriBases(const ScanResult& scan, const UriOptions& options)
      : absolute_(options.absolute), working_directory_(options.working_directory) {
    bool any_relative = false;
    // Paths only: a large scan's files are not read back for this.
    for (FileId id = 0; id < scan.files.size(); ++id) {
      any_relative |= is_relative_path(scan.files.path(id));
    }
    for (const ScanProblem& problem : scan.problems) {
      any_relative |= !problem.path.empty() && is_relative_path(problem.path);
    }
    if (any_relative || absolute_) bases_.push_back({"", str(kSrcRoot)});
    for (const std::string& root : absolute_ ? std::vector<std::string>{} : scan.outside_roots) {
      if (std::any_of(bases_.begin(), bases_.end(),
                      [&](const Base& base) { return base.root == root; })) {
        continue;
      }
      const std::size_t number = bases_.size() + 1;
      bases_.push_back({root, number == 1 ? str(kSrcRoot) : "SRCROOT" + std::to_string(number)});
    }
    if (bases_.empty()) bases_.push_back({"", str(kSrcRoot)});
  }

  Json location(std::string_view path) const {
    Json location;
    if (absolute_) {
      location["uri"] = "file://" + percent_encode_path(absolute(path));
      return location;
    }
    if (const auto [base, rest] = split(path); base != nullptr) {
      location["uri"] = percent_encode_path(rest);
      location["uriBaseId"] = base->id;
    } else {
      location["uri"] = "file://" + percent_encode_path(path);  // outside every root
    }
    return location;
  }

  bool under_a_root(std::string_view path) const { return split(path).first != nullptr; }

  // A path as message text: relative to its root, like its URI.
  std::string text(std::string_view path) const {
    if (absolute_) return str(path);
    const auto [base, rest] = split(path);
    return base != nullptr ? rest : str(path);
  }

  Json original_uri_base_ids() const {
    Json ids = Json::object();
    for (const Base& base : bases_) {
      Json& entry = ids[base.id];
      if (absolute_) {
        std::string directory = working_directory_;
        if (!directory.ends_with('/')) directory += '/';
        entry["uri"] = "file://" + percent_encode_path(directory);
      }
      entry["description"]["text"] = base.root.empty()
                                         ? "The root of the scanned tree."
                                         : "A root of the scanned tree given on the command line.";
    }
    return ids;
  }

 private:
  struct Base {
    std::string root;  // "" for the working directory
    std::string id;
  };

  // The deepest root holding `path`, and the path relative to it.
  std::pair<const Base*, std::string> split(std::string_view path) const {
    if (is_relative_path(path)) return {&bases_.front(), str(path)};
    const Base* best = nullptr;
    for (const Base& base : bases_) {
      if (base.root.empty()) continue;
      const bool inside =
          path == base.root ||
          (path.starts_with(base.root) && (base.root == "/" || path[base.root.size()] == '/'));
      if (inside && (best == nullptr || base.root.size() > best->root.size())) best = &base;
    }
    if (best == nullptr) return {nullptr, {}};
    std::string_view rest = path.substr(best->root.size());
    while (rest.starts_with('/')) rest.remove_prefix(1);
    return {best, rest.empty() ? "." : str(rest)};
  }

  std::string absolute(std::string_view path) const {
    if (!is_relative_path(path)) return str(path);
    std::string directory = working_directory_;
    if (!directory.ends_with('/')) directory += '/';
    return directory + str(path);
  }

  bool absolute_;
  std::string working_directory_;
  std::vector<Base> bases_;  // the working directory's first, when it has one
};

struct Region {
  std::uint32_t start_line = 1;
  std::uint32_t start_column = 1;
  std::uint32_t end_line = 1;
  std::uint32_t end_column = 1;
};

// Byte offset where the line's content ends (before "\n" or "\r\n").
std::uint32_t content_end(const SourceFile& file, std::uint32_t line) {
  const auto length = file.lines.line_text(file.text, line).size();
  return file.lines.line_start(line) + static_cast<std::uint32_t>(length);
}

// Column (UTF-16, 1-based) just past the line's content: the largest column that still
// points into the line.
std::uint32_t end_of_line_column(const SourceFile& file, std::uint32_t line) {
  return file.position(content_end(file, line)).utf16_column;
}

// Byte span → SARIF region in UTF-16 columns, endColumn exclusive. The rules, so every
// region is valid (all fields ≥ 1, end ≥ start) and stays on the lines it names:
// - offsets inside a line terminator clamp to the end of that line's content;
// - a non-empty span that ends right after a newline ends on the previous line instead
//   (otherwise GitHub would count the next, untouched line as part of the alert);
// - an empty span covers the character it points at (1 or 2 units); at the end of a line
//   or file there is none, so it stays an insertion point (endColumn == startColumn, allowed
//   by SARIF §3.30 and accepted by both validators).
Region region_of(const SourceFile& file, Span span) {
  const auto size = static_cast<std::uint32_t>(file.text.size());
  const std::uint32_t begin = std::min(span.begin, size);
  const std::uint32_t end = std::min(std::max(span.begin, span.end), size);

  Region region;
  const Position start = file.position(begin);
  region.start_line = start.line;
  region.start_column = std::min(start.utf16_column, end_of_line_column(file, start.line));
  region.end_line = region.start_line;
  region.end_column = region.start_column;

  if (end > begin) {
    const Position stop = file.position(end);
    region.end_line = stop.line;
    region.end_column = std::min(stop.utf16_column, end_of_line_column(file, stop.line));
    if (stop.line > start.line && end == file.lines.line_start(stop.line)) {
      region.end_line = stop.line - 1;
      region.end_column = end_of_line_column(file, region.end_line);
    }
  }
  const bool empty =
      region.end_line == region.start_line && region.end_column <= region.start_column;
  if (empty) {
    region.end_line = region.start_line;
    region.end_column = region.start_column;
    if (begin < content_end(file, start.line)) {
      region.end_column += static_cast<std::uint32_t>(code_point_at(file.text, begin).units);
    }
  }
  return region;
}

Json physical_location(const ScanResult& result, const UriBases& uris, Span span) {
  const SourceFile& file = result.file(span.file);
  const Region region = region_of(file, span);
  Json location;
  location["artifactLocation"] = uris.location(file.path);
  location["region"] = {{"startLine", region.start_line},
                        {"startColumn", region.start_column},
                        {"endLine", region.end_line},
                        {"endColumn", region.end_column}};
  return location;
}

bool has_file(const ScanResult& result, Span span) {
  return span.valid() && span.file < result.files.size();
}

// ---------------------------------------------------------------------------------------
// Rule descriptors.

// Markdown inline links "[text](url)" read as "text (url)" in plain text.
std::string markdown_to_plain(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '[') {
      const std::size_t close = text.find(']', i + 1);
      const bool link =
          close != std::string_view::npos && close + 1 < text.size() && text[close + 1] == '(';
      const std::size_t paren = link ? text.find(')', close + 2) : std::string_view::npos;
      const auto label = link ? text.substr(i + 1, close - i - 1) : std::string_view{};
      if (paren != std::string_view::npos && label.find('\n') == std::string_view::npos) {
        out.append(label).append(" (");
        out.append(text.substr(close + 2, paren - close - 2)).append(")");
        i = paren + 1;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string trim_newlines(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return str(text);
}

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && c != '\n') out.append(prefix);
    out.push_back(c);
    line_start = c == '\n';
  }
  return out;
}

struct Section {
  std::string_view heading;
  std::string markdown;
  std::string plain;
};

std::vector<Section> doc_sections(const rules::RuleMeta& meta) {
  const std::string_view language = docs::fence_language(meta.example_path);
  std::vector<Section> sections;
  const auto prose = [&](std::string_view heading, std::string_view body) {
    if (!body.empty()) {
      sections.push_back({heading, trim_newlines(body), markdown_to_plain(trim_newlines(body))});
    }
  };
  const auto example = [&](std::string_view heading, std::string_view code) {
    if (!code.empty()) {
      sections.push_back(
          {heading, docs::fenced(code, language), indent(trim_newlines(code), "    ")});
    }
  };
  prose("What it does", meta.doc.what);
  prose("Why is this bad?", meta.doc.why);
  example("Example", meta.doc.bad_example);
  example("Use instead", meta.doc.good_example);
  prose("How to fix", meta.doc.fix);
  return sections;
}

Json help_of(const rules::RuleMeta& meta) {
  std::string text;
  std::string markdown;
  for (const Section& section : doc_sections(meta)) {
    if (!text.empty()) {
      text += "\n\n";
      markdown += "\n\n";
    }
    text += str(section.heading) + (section.heading.ends_with("?") ? "\n" : ":\n");
    text += section.plain;
    markdown += "## " + str(section.heading) + "\n\n" + section.markdown;
  }
  if (text.empty()) text = str(meta.summary);  // help.text is required, never empty
  Json help;
  help["text"] = text + "\n";
  if (!markdown.empty()) help["markdown"] = markdown + "\n";
  return help;
}

// "security" first (every rule here is a security rule), then the rule's own tags, no
// duplicates, at most the 10 GitHub keeps.
Json tags_of(const rules::RuleMeta& meta) {
  std::vector<std::string> tags{"security"};
  for (const std::string_view tag : meta.tags) {
    if (tags.size() == kMaxTags) break;
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.push_back(str(tag));
    }
  }
  return tags;
}

// GitHub's problem.severity has no "note": its counterpart is "recommendation".
std::string_view problem_severity(Level level) {
  return level == Level::Note ? "recommendation" : to_string(level);
}

Json rule_descriptor(const rules::RuleMeta& meta) {
  Json rule;
  rule["id"] = meta.id;
  rule["name"] = meta.name;
  const std::string_view full = meta.doc.what.empty() ? meta.summary : meta.doc.what;
  rule["shortDescription"] = {{"text", truncate_units(meta.summary, kMaxDescriptionUnits)}};
  rule["fullDescription"] = {{"text", truncate_units(trim_newlines(full), kMaxDescriptionUnits)}};
  rule["help"] = help_of(meta);
  rule["defaultConfiguration"] = {{"level", to_string(meta.level)}};
  Json properties;
  properties["tags"] = tags_of(meta);
  properties["precision"] = "high";
  if (!meta.security_severity.empty()) {
    properties["security-severity"] = meta.security_severity;  // a string, per GitHub
  } else {
    properties["problem.severity"] = problem_severity(meta.level);
  }
  rule["properties"] = std::move(properties);
  return rule;
}

// ---------------------------------------------------------------------------------------
// Results and invocation.

Json result_of(const ScanResult& scan, const UriBases& uris, const Finding& finding) {
  Json result;
  result["ruleId"] = finding.rule_id;
  const int index = rules::rule_index(finding.rule_id);
  if (index >= 0) result["ruleIndex"] = index;
  result["level"] = to_string(finding.level);
  std::string message = finding.message;
  if (message.empty()) {  // GitHub does not display a result without message text
    const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
    message = rule != nullptr ? str(rule->meta.summary) : finding.rule_id;
  }
  result["message"] = {{"text", message}};
  // The engine always sets a span; a result without one is still reported, unlocated.
  if (has_file(scan, finding.span)) {
    Json location;
    location["physicalLocation"] = physical_location(scan, uris, finding.span);
    result["locations"] = Json::array({std::move(location)});
  }
  Json related = Json::array();
  for (const RelatedLocation& location : finding.related) {
    if (!has_file(scan, location.span)) continue;
    Json entry;
    entry["id"] = related.size() + 1;
    entry["physicalLocation"] = physical_location(scan, uris, location.span);
    if (!location.message.empty()) entry["message"] = {{"text", location.message}};
    related.push_back(std::move(entry));
  }
  if (!related.empty()) result["relatedLocations"] = std::move(related);
  // Suppressed findings are reported as such rather than dropped (SARIF §3.27.23), so a
  // consumer can audit them. GitHub's upload does not dismiss them by itself; the
  // advanced-security/dismiss-alerts action does, from these entries.
  if (finding.suppressed()) {
    Json suppression;
    suppression["kind"] =
        finding.suppression->kind == Suppression::Kind::InSource ? "inSource" : "external";
    // No "status": absent means in effect (§3.35.3), and the OASIS draft-07 schema that
    // validators use has no such property.
    if (!finding.suppression->justification.empty()) {
      suppression["justification"] = finding.suppression->justification;
    }
    result["suppressions"] = Json::array({std::move(suppression)});
  }
  return result;
}

// CWE as a SARIF taxonomy (kics#6373 asked for it): every rule relates to the CWE entries
// its `external/cwe/cwe-N` tags name. GitHub reads the tags; other consumers read the taxa.
constexpr std::string_view kCweTagPrefix = "external/cwe/cwe-";

std::vector<std::string> cwe_ids(const rules::RuleMeta& meta) {
  std::vector<std::string> ids;
  for (const std::string_view tag : meta.tags) {
    if (tag.starts_with(kCweTagPrefix)) ids.emplace_back(tag.substr(kCweTagPrefix.size()));
  }
  return ids;
}

std::vector<std::string> all_cwe_ids() {
  std::vector<std::string> ids;
  for (const rules::RuleDef* rule : rules::all_rules()) {
    for (std::string& id : cwe_ids(rule->meta)) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
  }
  std::sort(ids.begin(), ids.end(),
            [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  return ids;
}

std::string_view cwe_name(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"284", "Improper Access Control"},
      {"295", "Improper Certificate Validation"},
      {"306", "Missing Authentication for Critical Function"},
      {"319", "Cleartext Transmission of Sensitive Information"},
      {"1327", "Binding to an Unrestricted IP Address"},
  };
  for (const auto& [known, name] : kNames) {
    if (known == id) return name;
  }
  return {};
}

Json cwe_taxonomy(const std::vector<std::string>& ids) {
  Json taxa = Json::array();
  for (const std::string& id : ids) {
    Json taxon;
    taxon["id"] = id;
    if (const std::string_view name = cwe_name(id); !name.empty()) {
      taxon["name"] = name;
      taxon["shortDescription"] = {{"text", "CWE-" + id + ": " + std::string(name)}};
    }
    taxon["helpUri"] = "https://cwe.mitre.org/data/definitions/" + id + ".html";
    taxa.push_back(std::move(taxon));
  }
  Json taxonomy;
  taxonomy["name"] = "CWE";
  taxonomy["organization"] = "MITRE";
  taxonomy["informationUri"] = "https://cwe.mitre.org/";
  taxonomy["shortDescription"] = {{"text", "The MITRE Common Weakness Enumeration"}};
  taxonomy["taxa"] = std::move(taxa);
  return taxonomy;
}

Json cwe_relationships(const rules::RuleMeta& meta, const std::vector<std::string>& taxa) {
  Json relationships = Json::array();
  for (const std::string& id : cwe_ids(meta)) {
    const auto at = std::find(taxa.begin(), taxa.end(), id);
    Json target;
    target["id"] = id;
    target["index"] = at - taxa.begin();
    target["toolComponent"] = {{"name", "CWE"}, {"index", 0}};
    relationships.push_back({{"target", std::move(target)}, {"kinds", Json::array({"superset"})}});
  }
  return relationships;
}

Json invocation_of(const ScanResult& scan, const UriBases& uris) {
  bool success = true;
  Json notifications = Json::array();
  for (const ScanProblem& problem : scan.problems) {
    success = success && !problem.is_error;
    Json notification;
    notification["level"] = problem.is_error ? "error" : "note";
    const std::string text =
        problem.path.empty() ? problem.message : uris.text(problem.path) + ": " + problem.message;
    notification["message"] = {{"text", text}};
    if (!problem.path.empty() && uris.under_a_root(problem.path)) {
      Json location;
      location["physicalLocation"]["artifactLocation"] = uris.location(problem.path);
      notification["locations"] = Json::array({std::move(location)});
    }
    notifications.push_back(std::move(notification));
  }
  Json invocation;
  invocation["executionSuccessful"] = success;
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  return invocation;
}

}  // namespace

void write_sarif(std::ostream& out, const ScanResult& result, const SarifOptions& options,
                 const UriOptions& uri_options) {
  Json driver;
  driver["name"] = kToolName;
  if (!options.tool_version.empty()) driver["semanticVersion"] = options.tool_version;
  driver["informationUri"] = kInformationUri;
  const std::vector<std::string> cwes = all_cwe_ids();
  Json descriptors = Json::array();  // every rule, in registry order: ruleIndex points here
  for (const rules::RuleDef* rule : rules::all_rules()) {
    Json descriptor = rule_descriptor(rule->meta);
    Json relationships = cwe_relationships(rule->meta, cwes);
    if (!relationships.empty()) descriptor["relationships"] = std::move(relationships);
    descriptors.push_back(std::move(descriptor));
  }
  driver["rules"] = std::move(descriptors);

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  if (!cwes.empty()) run["taxonomies"] = Json::array({cwe_taxonomy(cwes)});
  // An empty category leaves automationDetails out, so upload-sarif's `category` input applies.
  if (!options.category.empty()) {
    const bool slash = options.category.back() == '/';
    run["automationDetails"] = {{"id", options.category + (slash ? "" : "/")}};
  }
  const UriBases uris(result, uri_options);
  run["originalUriBaseIds"] = uris.original_uri_base_ids();
  run["invocations"] = Json::array({invocation_of(result, uris)});
  run["columnKind"] = "utf16CodeUnits";
  // Filled below, one result at a time, so the log is never held whole.
  run["results"] = Json::array();

  Json log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  // Invalid UTF-8 (from scanned bytes quoted in messages) becomes U+FFFD instead of throwing.
  const auto print = [](const Json& json) {
    return json.dump(2, ' ', false, Json::error_handler_t::replace);
  };
  const std::string printed = print(log);
  SplicedArray results(out, printed, "\n      \"results\": []");
  result.for_each_finding(
      [&](const Finding& finding) { results.add(print(result_of(result, uris, finding))); });
  results.finish();
  out << '\n';
}

std::string write_sarif(const ScanResult& result, const SarifOptions& options,
                        const UriOptions& uri_options) {
  std::ostringstream out;
  write_sarif(out, result, options, uri_options);
  return std::move(out).str();
}

}  // namespace dl::sarif

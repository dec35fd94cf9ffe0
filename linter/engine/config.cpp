#include "linter/engine/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "linter/core/source_file.h"
#include "parsers/yaml/yaml_document.h"
#include "rules/registry.h"

namespace dl::config {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kKeys = {"select",         "ignore",  "override",
                                        "fail-on",        "exclude", "per-path-ignores",
                                        "engine-version", "category"};
const std::vector<std::string> kLevels = {"error", "warning", "note"};

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& known) {
  const auto suggestion = suggest(word, known);
  return suggestion ? " (did you mean " + in_quotes(*suggestion) + "?)" : "";
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

std::vector<std::string> rule_words() {
  std::vector<std::string> words;
  for (const rules::RuleDef* rule : rules::all_rules()) {
    words.emplace_back(rule->meta.id);
    words.emplace_back(rule->meta.name);
  }
  return words;
}

// An error for a selector that names no rule, or "".
std::string check_selector(const std::string& selector) {
  if (!rules_matching(selector).empty()) return "";
  return "unknown rule " + in_quotes(selector) + did_you_mean(selector, rule_words()) +
         "; `dockerd-lint rules` lists them";
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& path) : file_(0, path, std::string(text)) {}

  ParseOutcome read() {
    ParseOutcome outcome;
    const yaml::Stream stream = yaml::parse(file_.text, file_.id);
    if (stream.error) {
      outcome.error = at(stream.error->span, "not valid YAML: " + stream.error->message);
      return outcome;
    }
    if (stream.documents.size() > 1) {
      outcome.error = at(stream.documents[1].span, "one YAML document is expected, not several");
      return outcome;
    }
    Config config;
    config.path = file_.path;
    if (stream.documents.empty() || stream.documents[0].root.is_null()) {
      outcome.config = std::move(config);  // an empty file: all defaults
      return outcome;
    }
    const yaml::Node& root = stream.documents[0].root;
    if (root.kind != yaml::Node::Kind::Mapping) {
      outcome.error = at(root.span,
                         "the configuration must be a mapping of keys (select:, "
                         "ignore:, …)");
      return outcome;
    }
    std::vector<std::string> seen;
    for (const yaml::Entry& entry : root.entries) {
      const std::string key = entry.first.value.text;
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        return fail(entry.first.span, "unknown key " + in_quotes(key) + did_you_mean(key, kKeys) +
                                          "; the keys are " + joined(kKeys));
      }
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        return fail(entry.first.span, "the key " + in_quotes(key) + " is given twice");
      }
      seen.push_back(key);
      if (!read_key(key, entry.second, config.settings)) return std::move(outcome_);
    }
    outcome.config = std::move(config);
    return outcome;
  }

 private:
  bool read_key(const std::string& key, const yaml::Node& value, Settings& settings) {
    if (key == "select" || key == "ignore") {
      auto list = rule_list(key, value);
      if (!list) return false;
      (key == "select" ? settings.select : settings.ignore) = std::move(*list);
      return true;
    }
    if (key == "exclude") {
      auto list = string_list(key, value);
      if (!list) return false;
      settings.exclude = std::move(*list);
      return true;
    }
    if (key == "fail-on" || key == "engine-version" || key == "category") {
      auto text = scalar(key, value);
      if (!text) return false;
      if (key == "fail-on") {
        if (std::find(kFailOn.begin(), kFailOn.end(), *text) == kFailOn.end()) {
          return error(value.span, "fail-on: " + in_quotes(*text) + " is not one of " +
                                       joined(kFailOn) + did_you_mean(*text, kFailOn));
        }
        settings.fail_on = *text;
      } else if (key == "engine-version") {
        if (!dockerd::EngineVersion::parse(*text)) {
          return error(value.span, "engine-version: " + in_quotes(*text) +
                                       " is not a version such as \"20.10\" or \"29.7\" (quote "
                                       "it: YAML reads 20.10 as the number 20.1)");
        }
        settings.engine_version = *text;
      } else {
        settings.category = *text;
      }
      return true;
    }
    if (key == "override") return read_override(value, settings);
    return read_per_path_ignores(value, settings);
  }

  // override: {error: [DE104], warning: [...], note: [...]} (hadolint's shape).
  bool read_override(const yaml::Node& value, Settings& settings) {
    if (value.kind != yaml::Node::Kind::Mapping) {
      return error(value.span,
                   "override: expected a mapping of levels to rules, e.g. "
                   "`override: {error: [DE104]}`");
    }
    for (const yaml::Entry& entry : value.entries) {
      const std::string level_name = entry.first.value.text;
      const std::optional<Level> level = parse_level(level_name);
      if (!level) {
        return error(entry.first.span, "override: unknown level " + in_quotes(level_name) +
                                           did_you_mean(level_name, kLevels) + "; the levels are " +
                                           joined(kLevels));
      }
      auto rules = rule_list("override." + level_name, entry.second);
      if (!rules) return false;
      for (const std::string& selector : *rules) {
        for (const std::string& id : rules_matching(selector)) settings.overrides[id] = *level;
      }
    }
    return true;
  }

  // per-path-ignores: {"tests/**": [DE101], "legacy/*.sh": [DE104, DE106]}
  bool read_per_path_ignores(const yaml::Node& value, Settings& settings) {
    if (value.kind != yaml::Node::Kind::Mapping) {
      return error(value.span,
                   "per-path-ignores: expected a mapping of path globs to rules, "
                   "e.g. `per-path-ignores: {\"tests/**\": [DE101]}`");
    }
    for (const yaml::Entry& entry : value.entries) {
      if (!entry.first.is_scalar() || entry.first.value.text.empty()) {
        return error(entry.first.span, "per-path-ignores: a key must be a path glob");
      }
      auto rules = rule_list("per-path-ignores." + entry.first.value.text, entry.second);
      if (!rules) return false;
      settings.per_path_ignores.push_back(
          {entry.first.value.text, std::move(*rules), "per-path-ignores in " + file_.path});
    }
    return true;
  }

  std::optional<std::string> scalar(const std::string& key, const yaml::Node& value) {
    if (!value.is_scalar() || value.is_null()) {
      error(value.span, key + ": expected a single value");
      return std::nullopt;
    }
    return value.value.text;
  }

  // A list, or one scalar (`ignore: DE104`), of non-empty strings.
  std::optional<std::vector<std::string>> string_list(const std::string& key,
                                                      const yaml::Node& value) {
    std::vector<std::string> out;
    if (value.is_scalar() && !value.is_null()) {
      out.push_back(value.value.text);
      return out;
    }
    if (value.kind != yaml::Node::Kind::Sequence) {
      error(value.span, key + ": expected a list, e.g. `" + key + ": [DE101]`");
      return std::nullopt;
    }
    for (const yaml::Node& item : value.items) {
      if (!item.is_scalar() || item.is_null() || item.value.text.empty()) {
        error(item.span, key + ": each item must be a non-empty string");
        return std::nullopt;
      }
      out.push_back(item.value.text);
    }
    return out;
  }

  std::optional<std::vector<std::string>> rule_list(const std::string& key,
                                                    const yaml::Node& value) {
    auto list = string_list(key, value);
    if (!list) return std::nullopt;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string problem = check_selector((*list)[i]);
      if (problem.empty()) continue;
      const Span span = value.kind == yaml::Node::Kind::Sequence ? value.items[i].span : value.span;
      error(span, key + ": " + problem);
      return std::nullopt;
    }
    return list;
  }

  std::string at(Span span, const std::string& message) const {
    const Position pos = file_.position(span.begin);
    return file_.path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " +
           message;
  }
  bool error(Span span, const std::string& message) {
    outcome_.error = at(span, message);
    return false;
  }
  ParseOutcome fail(Span span, const std::string& message) {
    ParseOutcome outcome;
    outcome.error = at(span, message);
    return outcome;
  }

  SourceFile file_;
  ParseOutcome outcome_;
};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  std::string normalized(word);
  std::replace(normalized.begin(), normalized.end(), '_', '-');
  for (const std::string& candidate : known) {
    // An abbreviation ("warn" for "warning") is as likely a slip as a typo.
    if (normalized.size() >= 3 && candidate.starts_with(normalized)) return candidate;
  }
  for (const std::string& candidate : known) {
    const std::size_t distance = edit_distance(normalized, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

ParseOutcome parse(std::string_view text, const std::string& display_path) {
  return Reader(text, display_path).read();
}

std::optional<fs::path> find(const std::vector<std::string>& paths) {
  std::error_code ec;
  std::optional<fs::path> common;
  for (const std::string& path : paths.empty() ? std::vector<std::string>{"."} : paths) {
    fs::path absolute = fs::absolute(path, ec).lexically_normal();
    if (ec) continue;
    if (!fs::is_directory(absolute, ec)) absolute = absolute.parent_path();
    if (!absolute.has_filename() && absolute.has_parent_path() &&
        absolute != absolute.root_path()) {
      absolute = absolute.parent_path();  // "dir/" normalizes to a trailing empty component
    }
    if (!common) {
      common = absolute;
      continue;
    }
    fs::path shared;
    for (auto a = common->begin(), b = absolute.begin(); a != common->end() && b != absolute.end();
         ++a, ++b) {
      if (*a != *b) break;
      shared /= *a;
    }
    common = shared;
  }
  if (!common) return std::nullopt;
  for (fs::path dir = *common;; dir = dir.parent_path()) {
    for (std::string_view name : kFileNames) {
      const fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) {
        // Shown relative to the working directory when it is below it, as scanned paths are.
        const fs::path relative = candidate.lexically_relative(fs::current_path(ec));
        if (!ec && !relative.empty() && *relative.begin() != "..") return relative;
        return candidate;
      }
    }
    if (fs::exists(dir / ".git", ec)) return std::nullopt;  // the repository root
    if (dir == dir.root_path() || dir.parent_path() == dir) return std::nullopt;
  }
}

ParseOutcome load(const fs::path& path) {
  ParseOutcome outcome;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    outcome.error = path.string() + ": cannot read the configuration file";
    return outcome;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    outcome.error = path.string() + ": cannot read the configuration file";
    return outcome;
  }
  outcome = parse(text.str(), path.string());
  if (outcome.config) {
    std::error_code ec;
    outcome.config->base = fs::absolute(path, ec).lexically_normal().parent_path();
  }
  return outcome;
}

EnvironmentOutcome from_environment(
    const std::vector<std::pair<std::string, std::string>>& environment) {
  static const std::vector<std::string> kVariables = {
      "DOCKERD_LINT_CONFIG",         "DOCKERD_LINT_FORMAT",  "DOCKERD_LINT_SELECT",
      "DOCKERD_LINT_IGNORE",         "DOCKERD_LINT_FAIL_ON", "DOCKERD_LINT_EXCLUDE",
      "DOCKERD_LINT_ENGINE_VERSION", "DOCKERD_LINT_CATEGORY"};
  EnvironmentOutcome out;
  for (const auto& [name, value] : environment) {
    if (!name.starts_with("DOCKERD_LINT_")) continue;
    if (std::find(kVariables.begin(), kVariables.end(), name) == kVariables.end()) {
      out.warnings.push_back("ignoring unknown environment variable " + name +
                             did_you_mean(name, kVariables) + "; the variables are " +
                             joined(kVariables));
      continue;
    }
    if (value.empty()) continue;  // set but empty: as if unset (CI templates often do this)
    if (name == "DOCKERD_LINT_CONFIG") {
      out.config_path = value;
    } else if (name == "DOCKERD_LINT_FORMAT") {
      if (std::find(kFormats.begin(), kFormats.end(), value) == kFormats.end()) {
        out.error =
            name + "=" + value + ": not one of " + joined(kFormats) + did_you_mean(value, kFormats);
        return out;
      }
      out.settings.format = value;
    } else if (name == "DOCKERD_LINT_FAIL_ON") {
      if (std::find(kFailOn.begin(), kFailOn.end(), value) == kFailOn.end()) {
        out.error =
            name + "=" + value + ": not one of " + joined(kFailOn) + did_you_mean(value, kFailOn);
        return out;
      }
      out.settings.fail_on = value;
    } else if (name == "DOCKERD_LINT_ENGINE_VERSION") {
      if (!dockerd::EngineVersion::parse(value)) {
        out.error = name + "=" + value + ": not a version such as 20.10 or 29.7";
        return out;
      }
      out.settings.engine_version = value;
    } else if (name == "DOCKERD_LINT_CATEGORY") {
      out.settings.category = value;
    } else if (name == "DOCKERD_LINT_EXCLUDE") {
      out.settings.exclude = split_list(value);
    } else {
      std::vector<std::string> rules = split_list(value);
      for (const std::string& selector : rules) {
        const std::string problem = check_selector(selector);
        if (!problem.empty()) {
          out.error = name + ": " + problem;
          return out;
        }
      }
      (name == "DOCKERD_LINT_SELECT" ? out.settings.select : out.settings.ignore) = rules;
    }
  }
  return out;
}

}  // namespace dl::config

// The configuration file `.dockerd-lint.yaml` and the DOCKERD_LINT_* environment variables.
//
// Precedence (hadolint's and ruff's): command line > environment > configuration file >
// defaults. A key or variable the linter does not know is an error with a suggestion, never
// silently ignored: a typo in `ignore:` must not turn a rule back on unnoticed.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/level.h"
#include "linter/engine/engine.h"

namespace dl::config {

inline constexpr std::string_view kFileNames[] = {".dockerd-lint.yaml", ".dockerd-lint.yml"};

// The values of fail-on and of the output format, wherever they are given (command line,
// environment, file).
inline const std::vector<std::string> kFailOn = {"error", "warning", "note", "never"};
inline const std::vector<std::string> kFormats = {"text",   "json",  "sarif",     "github",
                                                  "gitlab", "junit", "checkstyle"};

// Settings that can come from the file or the environment; unset ones stay nullopt.
struct Settings {
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::optional<std::string> fail_on;  // error, warning, note or never
  std::optional<std::vector<std::string>> exclude;
  std::optional<std::string> engine_version;
  std::optional<std::string> category;
  std::optional<std::string> format;       // environment only (DOCKERD_LINT_FORMAT)
  std::map<std::string, Level> overrides;  // rule id -> level
  std::vector<EngineOptions::PathIgnore> per_path_ignores;
};

struct Config {
  std::string path;            // as found or given; empty when there is none
  std::filesystem::path base;  // absolute directory the globs are relative to
  Settings settings;
};

// Parses a configuration file's text. On error returns the message, prefixed with
// `display_path:line:column:` where the problem is.
struct ParseOutcome {
  std::optional<Config> config;
  std::string error;
};
ParseOutcome parse(std::string_view text, const std::string& display_path);

// The configuration file for a scan of `paths`: searched from the paths' deepest common
// directory upward, stopping at the repository root (the first directory holding `.git`)
// or the filesystem root. nullopt when there is none.
std::optional<std::filesystem::path> find(const std::vector<std::string>& paths);

// Reads and parses a configuration file; errors as in parse(), or an I/O message.
ParseOutcome load(const std::filesystem::path& path);

// DOCKERD_LINT_* variables from `environment` (name=value pairs). DOCKERD_LINT_CONFIG is
// returned in `config_path`. A bad value is an error; an unknown DOCKERD_LINT_ variable is a
// warning with a suggestion (wrappers and CI templates may use the prefix for their own).
struct EnvironmentOutcome {
  Settings settings;
  std::optional<std::string> config_path;
  std::string error;
  std::vector<std::string> warnings;
};
EnvironmentOutcome from_environment(
    const std::vector<std::pair<std::string, std::string>>& environment);

// The known name closest to `word` (edit distance), if close enough to be a likely typo.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& known);

}  // namespace dl::config

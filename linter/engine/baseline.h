// Baselines: accept the findings a repository has today, report only new ones.
//
// An entry is rule id + file + a location-independent fingerprint (the offending value and
// the line it sits on, without blanks or line numbers) + how many such findings there were.
// Moving code keeps its entries; a new violation in another file, or one more of the same
// kind in the same file, is reported (Checkov's baseline keyed on resource + check id and
// absorbed violations elsewhere: checkov#7647).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "linter/engine/scan_result.h"

namespace dl::baseline {

inline constexpr int kFormatVersion = 1;

struct Key {
  std::string rule;
  std::string path;  // relative to the baseline file's directory, '/' separators
  std::string fingerprint;
  friend auto operator<=>(const Key&, const Key&) = default;
};

struct Baseline {
  std::map<Key, std::size_t> counts;
};

// `display_path` relative to `base` (the baseline file's directory) when it lies below it.
std::string path_key(const std::string& display_path, const std::filesystem::path& base);

// The baseline of a scan's unsuppressed findings (scan without --baseline to write one), as
// JSON text (sorted, stable, one entry
// per key with its count and, for people reading it, the offending value).
std::string write(const ScanResult& result, const std::filesystem::path& base);

struct LoadOutcome {
  std::optional<Baseline> baseline;
  std::string error;
};
LoadOutcome parse(std::string_view text, const std::string& display_path);
LoadOutcome load(const std::filesystem::path& path);

// Applies a baseline to findings met one at a time, in report order: each entry absorbs
// as many findings as its count, the first ones met.
class Applier {
 public:
  Applier(const Baseline& baseline, std::filesystem::path base, std::string justification);
  // Marks `finding` (in `file`) suppressed (kind External) when the baseline covers it;
  // true when it did.
  bool apply(Finding& finding, const SourceFile& file);

 private:
  std::map<Key, std::size_t> remaining_;
  std::filesystem::path base_;
  std::string justification_;
};

// Marks the findings the baseline covers as suppressed (kind External); returns how many.
// Only `result.findings` (a small scan's, a test's): a scan applies its baseline itself, as
// findings come out of its merge (EngineOptions::baseline), whatever their number.
std::size_t apply(ScanResult& result, const Baseline& baseline, const std::filesystem::path& base,
                  const std::string& justification);

}  // namespace dl::baseline

#include "linter/engine/baseline.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "linter/engine/fingerprint.h"

namespace dl::baseline {
namespace {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

Key key_of(const SourceFile& file, const Finding& finding, const fs::path& base) {
  const std::string path = path_key(file.path, base);
  return {finding.rule_id, path, stable_fingerprint(file, path, finding)};
}

}  // namespace

std::string path_key(const std::string& display_path, const fs::path& base) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(display_path, ec).lexically_normal();
  if (ec || base.empty()) return display_path;
  const fs::path relative = absolute.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") return display_path;
  return relative.generic_string();
}

std::string write(const ScanResult& result, const fs::path& base) {
  struct Row {
    std::size_t count = 0;
    std::string value;
  };
  std::map<Key, Row> rows;
  result.for_each_finding([&](const Finding& finding) {
    // Findings a comment or the configuration suppresses stay governed by those.
    if (finding.suppressed()) return;
    Row& row = rows[key_of(result.file(finding.span.file), finding, base)];
    ++row.count;
    if (row.value.empty()) {
      row.value = finding_key(result.file(finding.span.file), finding).value.substr(0, 200);
    }
  });
  ordered_json entries = ordered_json::array();
  for (const auto& [key, row] : rows) {
    entries.push_back({{"rule", key.rule},
                       {"path", key.path},
                       {"fingerprint", key.fingerprint},
                       {"count", row.count},
                       {"value", row.value}});
  }
  ordered_json document = {{"dockerd-lint-baseline", kFormatVersion},
                           {"findings", std::move(entries)}};
  // Invalid UTF-8 in a value is replaced rather than failing the write.
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

LoadOutcome parse(std::string_view text, const std::string& display_path) {
  LoadOutcome out;
  const ordered_json document = ordered_json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    out.error = display_path + ": not a baseline: invalid JSON";
    return out;
  }
  if (!document.is_object() || !document.contains("dockerd-lint-baseline")) {
    out.error = display_path + ": not a dockerd-lint baseline (write one with --write-baseline)";
    return out;
  }
  if (document["dockerd-lint-baseline"] != kFormatVersion) {
    out.error = display_path + ": baseline format " + document["dockerd-lint-baseline"].dump() +
                " is not supported (this dockerd-lint reads format " +
                std::to_string(kFormatVersion) + ")";
    return out;
  }
  const auto findings = document.find("findings");
  if (findings == document.end() || !findings->is_array()) {
    out.error = display_path + ": the baseline has no \"findings\" list";
    return out;
  }
  Baseline baseline;
  std::size_t index = 0;
  for (const ordered_json& entry : *findings) {
    const bool valid = entry.is_object() && entry.contains("rule") && entry["rule"].is_string() &&
                       entry.contains("path") && entry["path"].is_string() &&
                       entry.contains("fingerprint") && entry["fingerprint"].is_string() &&
                       (!entry.contains("count") || entry["count"].is_number_unsigned());
    if (!valid) {
      out.error = display_path + ": findings[" + std::to_string(index) +
                  "] needs string \"rule\", \"path\" and \"fingerprint\" and a count";
      return out;
    }
    const std::size_t count = entry.contains("count") ? entry["count"].get<std::size_t>() : 1;
    baseline.counts[{entry["rule"], entry["path"], entry["fingerprint"]}] += count;
    ++index;
  }
  out.baseline = std::move(baseline);
  return out;
}

LoadOutcome load(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path.string() + ": cannot read the baseline"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return {std::nullopt, path.string() + ": cannot read the baseline"};
  return parse(text.str(), path.string());
}

Applier::Applier(const Baseline& baseline, fs::path base, std::string justification)
    : remaining_(baseline.counts),
      base_(std::move(base)),
      justification_(std::move(justification)) {}

bool Applier::apply(Finding& finding, const SourceFile& file) {
  if (finding.suppressed()) return false;
  const auto it = remaining_.find(key_of(file, finding, base_));
  if (it == remaining_.end() || it->second == 0) return false;
  --it->second;
  finding.suppression = Suppression{Suppression::Kind::External, justification_};
  return true;
}

std::size_t apply(ScanResult& result, const Baseline& baseline, const fs::path& base,
                  const std::string& justification) {
  Applier applier(baseline, base, justification);
  std::size_t absorbed = 0;
  // Findings are in file order, so when a file has one more than the baseline allows, the
  // last one (most likely the new one) is reported.
  for (Finding& finding : result.findings) {
    absorbed += applier.apply(finding, result.file(finding.span.file)) ? 1 : 0;
  }
  return absorbed;
}

}  // namespace dl::baseline

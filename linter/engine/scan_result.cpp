#include "linter/engine/scan_result.h"

#include "linter/engine/finding_store.h"

namespace dl {

const SourceFile& ScanResult::file(FileId id) const {
  return files[id];
}

std::size_t ScanResult::finding_count() const {
  return logged ? logged->size() : findings.size();
}

void ScanResult::for_each_finding(const std::function<void(const Finding&)>& visit) const {
  // The files a finding's report read back are released once it is written (those read
  // back before the pass stay).
  const std::size_t kept = files.resident_count();
  const auto visit_and_release = [&](const Finding& finding) {
    visit(finding);
    files.release_since(kept);
  };
  if (!logged) {
    for (const Finding& finding : findings) visit_and_release(finding);
    return;
  }
  FindingLog::Reader reader(*logged);
  while (const Finding* finding = reader.next()) visit_and_release(*finding);
}

}  // namespace dl

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
  // The files a finding's report reads back stay for the next findings (mostly in the same
  // files) and are released, oldest first, past a few; between findings no reporter holds
  // one. Files read back before the pass stay.
  constexpr std::size_t kKeptReadBack = 16;
  const std::size_t kept = files.resident_count();
  const auto visit_and_release = [&](const Finding& finding) {
    visit(finding);
    files.release_oldest_since(kept, kKeptReadBack);
  };
  if (!logged) {
    for (const Finding& finding : findings) visit_and_release(finding);
    files.release_since(kept);
    return;
  }
  FindingLog::Reader reader(*logged);
  while (const Finding* finding = reader.next()) visit_and_release(*finding);
  files.release_since(kept);
}

}  // namespace dl

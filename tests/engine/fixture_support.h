// Fixture cases: files under fixtures/ whose own-line annotations say which findings
// the linter must produce (style-anchors.md §6.4).
//
//   # expect: DE101            the next non-annotation line has a DE101 finding
//   # expect: DE101@17         … starting at column 17 (code points, 1-based)
//   # expect: DE101 "no TLS"   … whose message contains the quoted text
//   # expect(+3): DE101@5      the third non-annotation line below (for heredoc bodies,
//                              where a comment line would change the embedded document)
//   # todo-expect: DE102       a known false negative: reported, never failing
//   # engine-version: 19.03    scan the case with this --engine-version
//
// Annotation lines are blanked to spaces before the scan (newlines kept), so offsets stay
// exact and JSON stays valid; outside JSON the '#' is kept, so the line stays a comment
// (inside a systemd continuation a comment is skipped, a blank line would end it). A case is a file
// directly under fixtures/<group>/, or a directory fixtures/<group>/<name>.case/ scanned as one
// tree.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "linter/dockerd/engine_version.h"
#include "linter/engine/engine.h"

namespace dl::testing {

struct Expectation {
  std::string path;  // display path of the file, relative to the case root
  std::uint32_t line = 0;
  std::string rule_id;
  std::optional<std::uint32_t> column;
  std::string message_part;
  bool todo = false;
};

struct FixtureCase {
  std::string name;                 // "DE101/bad_hosts.daemon.json"
  std::string group;                // "DE101"
  std::vector<InMemoryFile> files;  // annotation lines blanked
  std::vector<Expectation> expectations;
  dockerd::EngineVersion engine = dockerd::kCurrentEngine;
  std::vector<std::string> annotation_errors;  // malformed annotations
};

std::string fixtures_root();
std::vector<FixtureCase> load_fixture_cases();

// gtest prints parameters with this (instead of a byte dump).
inline void PrintTo(const FixtureCase& fixture, std::ostream* os) {
  *os << fixture.name;
}

// Blanks annotations in `text` and collects them for `path`.
void parse_annotations(const std::string& path, std::string& text, FixtureCase& out);

// Compares findings with expectations; returns a readable report of every mismatch
// (empty when they agree), closed-world: unexpected findings fail like missing ones.
std::string compare(const FixtureCase& fixture, const ScanResult& result);

}  // namespace dl::testing

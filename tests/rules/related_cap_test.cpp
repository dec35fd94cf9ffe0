// Related locations gathered from the whole repository (firewall rules, listeners on a port)
// are capped, so that a tree with hundreds of them stays linear in its report.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "linter/engine/engine.h"

namespace dl {
namespace {

const Finding* first_of(const ScanResult& result, std::string_view rule) {
  for (const Finding& f : result.findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

TEST(RelatedCap, ManyRestrictingFirewallRulesAreCappedWithACount) {
  std::string script = "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375 &\n";
  for (int i = 0; i < 8; ++i) {
    script +=
        "iptables -A INPUT -p tcp -s 10.0." + std::to_string(i) + ".0/24 --dport 2375 -j ACCEPT\n";
  }
  const ScanResult result = scan_buffers({{"fw.sh", script, std::nullopt}}, {});
  const Finding* finding = first_of(result, "DE101");
  ASSERT_NE(finding, nullptr);
  std::vector<std::string> firewall_notes;
  for (const RelatedLocation& r : finding->related) {
    if (r.message.find("by this firewall rule") != std::string::npos) {
      firewall_notes.push_back(r.message);
    }
  }
  ASSERT_EQ(firewall_notes.size(), 5u);
  EXPECT_EQ(firewall_notes[0], "reachable only from 10.0.0.0/24 by this firewall rule");
  EXPECT_EQ(firewall_notes[4],
            "reachable only from 10.0.4.0/24 by this firewall rule (and 3 more)");
}

TEST(RelatedCap, ManyListenersOnAnOpenedPortAreCappedWithACount) {
  std::vector<InMemoryFile> files;
  for (int i = 0; i < 7; ++i) {
    files.push_back({"d" + std::to_string(i) + "/etc/docker/daemon.json",
                     R"({"hosts": ["tcp://0.0.0.0:4243"]})", std::nullopt});
  }
  files.push_back({"fw.sh", "#!/bin/sh\nufw allow 4243/tcp\n", std::nullopt});
  const ScanResult result = scan_buffers(files, {});
  const Finding* finding = first_of(result, "DE108");
  ASSERT_NE(finding, nullptr);
  ASSERT_EQ(finding->related.size(), 5u);
  EXPECT_NE(finding->related[4].message.find("(and 2 more)"), std::string::npos)
      << finding->related[4].message;
}

// The engine keeps only the first five listeners of each port, across every part of the tree,
// and counts the rest: a rule that opens two ports still names the first five of both in
// source order and counts all the others.
TEST(RelatedCap, ListenersOnTwoOpenedPortsAreCountedAcrossParts) {
  std::vector<InMemoryFile> files;
  for (int i = 0; i < 13; ++i) {
    const std::string port = i % 2 == 0 ? "4243" : "4244";
    files.push_back(
        {"d" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "/etc/docker/daemon.json",
         R"({"hosts": ["tcp://0.0.0.0:)" + port + R"("]})", std::nullopt});
  }
  files.push_back({"fw.sh", "#!/bin/sh\nufw allow 4243:4244/tcp\n", std::nullopt});
  const ScanResult result = scan_buffers(files, {});
  const Finding* finding = first_of(result, "DE108");
  ASSERT_NE(finding, nullptr);
  ASSERT_EQ(finding->related.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(result.files.path(finding->related[i].span.file),
              "d0" + std::to_string(i) + "/etc/docker/daemon.json");
  }
  EXPECT_NE(finding->related[4].message.find("(and 8 more)"), std::string::npos)
      << finding->related[4].message;
}

// Which listeners are shown follows the files, not how the engine grouped them into daemons:
// a placed daemon.json is assembled before a script's dockerd, yet the script comes first.
TEST(RelatedCap, ListenersOnAnOpenedPortAreShownInSourceOrder) {
  std::vector<InMemoryFile> files;
  files.push_back({"a/start.sh", "#!/bin/sh\ndockerd -H tcp://0.0.0.0:4243 &\n", std::nullopt});
  files.push_back(
      {"b/etc/docker/daemon.json", R"({"hosts": ["tcp://0.0.0.0:4243"]})", std::nullopt});
  files.push_back({"c/fw.sh", "#!/bin/sh\nufw allow 4243/tcp\n", std::nullopt});
  const ScanResult result = scan_buffers(files, {});
  const Finding* finding = first_of(result, "DE108");
  ASSERT_NE(finding, nullptr);
  ASSERT_EQ(finding->related.size(), 2u);
  EXPECT_EQ(result.files[finding->related[0].span.file].path, "a/start.sh");
  EXPECT_EQ(result.files[finding->related[1].span.file].path, "b/etc/docker/daemon.json");
}

}  // namespace
}  // namespace dl

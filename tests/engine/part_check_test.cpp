// The engine checks a walked tree a part at a time (files that can assemble into one daemon
// are never split) and checks the whole repository's firewall rules and listeners at the
// end: the findings are those of one check of everything.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "linter/engine/engine.h"
#include "tests/engine/cli_support.h"

namespace dl {
namespace {

std::vector<const Finding*> of_rule(const ScanResult& result, std::string_view rule) {
  std::vector<const Finding*> found;
  for (const Finding& f : result.findings) {
    if (f.rule_id == rule) found.push_back(&f);
  }
  return found;
}

const std::string kHostsDaemonJson = R"({"hosts": ["tcp://0.0.0.0:2375"]})";
const std::string kPackagedUnit =
    "[Service]\nExecStart=/usr/bin/dockerd -H fd:// "
    "--containerd=/run/containerd/containerd.sock\n";
// A Docker-related script that sorts between the files of one root.
const std::string kScriptBetween = "#!/bin/sh\ndocker info\n";

TEST(PartCheck, FilesOfOneRootStayTogetherAcrossFilesBetweenThem) {
  // -H fd:// in the unit and "hosts" in daemon.json conflict only when both are one daemon.
  const ScanResult result =
      scan_buffers({{"r/etc/docker/daemon.json", kHostsDaemonJson, {}},
                    {"r/etc/profile.d/docker.sh", kScriptBetween, {}},
                    {"r/etc/systemd/system/docker.service", kPackagedUnit, {}},
                    {"s/etc/docker/daemon.json", "{}", {}}},
                   {});
  const auto conflicts = of_rule(result, "DE004");
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(result.files[conflicts[0]->span.file].path, "r/etc/systemd/system/docker.service");
}

TEST(PartCheck, LooseUnitsOfOneDirectoryStayTogether) {
  // The drop-in replaces the unit's ExecStart=: the unit's TCP listener is gone only when the
  // two are one daemon.
  std::vector<InMemoryFile> files = {
      {"x/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n", {}},
      {"x/docker.service-helper.sh", kScriptBetween, {}}};
  EXPECT_EQ(of_rule(scan_buffers(files, {}), "DE101").size(), 1u);
  files.push_back({"x/docker.service.d/local.conf",
                   "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/d.sock\n",
                   {}});
  EXPECT_EQ(of_rule(scan_buffers(files, {}), "DE101").size(), 0u);
}

TEST(PartCheck, FirewallRuleOfALaterPartIsContextForAnEarlierListener) {
  const ScanResult result =
      scan_buffers({{"a/etc/docker/daemon.json", kHostsDaemonJson, {}},
                    {"z/fw.sh",
                     "#!/bin/sh\niptables -A INPUT -p tcp -s 10.0.5.0/24 --dport 2375 -j ACCEPT\n",
                     {}}},
                   {});
  const auto plaintext = of_rule(result, "DE101");
  ASSERT_EQ(plaintext.size(), 1u);
  std::vector<std::string> firewall_notes;
  for (const RelatedLocation& related : plaintext[0]->related) {
    if (result.files[related.span.file].path == "z/fw.sh")
      firewall_notes.push_back(related.message);
  }
  EXPECT_EQ(firewall_notes,
            std::vector<std::string>{"reachable only from 10.0.5.0/24 by this firewall rule"});
}

TEST(PartCheck, OpenFirewallRuleOfAnEarlierPartSeesListenersOfLaterParts) {
  // 4243 is no Docker port: only the later daemon's listener makes the rule a finding.
  const ScanResult result =
      scan_buffers({{"a/fw.sh", "#!/bin/sh\nufw allow 4243/tcp\n", {}},
                    {"z/etc/docker/daemon.json", R"({"hosts": ["tcp://0.0.0.0:4243"]})", {}}},
                   {});
  const auto open = of_rule(result, "DE108");
  ASSERT_EQ(open.size(), 1u);
  ASSERT_EQ(open[0]->related.size(), 1u);
  EXPECT_EQ(result.files[open[0]->related[0].span.file].path, "z/etc/docker/daemon.json");
}

class PartCheckCli : public testing::Cli {};

TEST_F(PartCheckCli, FilesNamedInAnyOrderAreCheckedAsOneTree) {
  // A pre-commit hook names changed files in its own order: one root's files may come apart.
  write("r/etc/docker/daemon.json", kHostsDaemonJson);
  write("q/start.sh", kScriptBetween);
  write("r/etc/systemd/system/docker.service", kPackagedUnit);
  const testing::CommandResult r =
      run("check --no-config -f json r/etc/systemd/system/docker.service q/start.sh "
          "r/etc/docker/daemon.json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("\"DE004\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dl

// The prefilter (linter/engine/prefilter.h) must never change what is found: every fixture,
// and the cross-file cases where the file that matters mentions no Docker word itself, give
// the same findings with and without it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "linter/engine/engine.h"
#include "linter/engine/prefilter.h"
#include "tests/engine/fixture_support.h"

namespace dl::testing {
namespace {

using Key = std::tuple<std::string, std::uint32_t, std::uint32_t, std::string, std::string, bool>;

std::vector<Key> keys(const ScanResult& result) {
  std::vector<Key> out;
  for (const Finding& f : result.findings) {
    out.emplace_back(result.file(f.span.file).path, f.span.begin, f.span.end, f.rule_id, f.message,
                     f.suppressed());
  }
  return out;
}

std::vector<Key> findings(const std::vector<InMemoryFile>& files, bool prefilter,
                          dockerd::EngineVersion engine = dockerd::kCurrentEngine) {
  EngineOptions options;
  options.engine = engine;
  options.prefilter = prefilter;
  return keys(scan_buffers(files, options));
}

TEST(Prefilter, DropsNoFindingOfAnyFixture) {
  std::size_t with_findings = 0;
  for (const FixtureCase& fixture : load_fixture_cases()) {
    const std::vector<Key> all = findings(fixture.files, false, fixture.engine);
    with_findings += all.empty() ? 0 : 1;
    EXPECT_EQ(findings(fixture.files, true, fixture.engine), all) << fixture.name;
  }
  EXPECT_GT(with_findings, 250u);  // the comparison is not vacuous
}

// Each case: the file that decides the finding has no "docker" in it.
TEST(Prefilter, KeepsFilesThatMatterThroughAnotherFile) {
  const std::vector<std::vector<InMemoryFile>> cases = {
      // DE108: a firewall script opens the port a daemon.json elsewhere listens on.
      {{"etc/docker/daemon.json", R"({"hosts": ["tcp://0.0.0.0:4243"]})", std::nullopt},
       {"fw.sh", "#!/bin/sh\niptables -A INPUT -p tcp --dport 4243 -j ACCEPT\n", std::nullopt}},
      {{"etc/docker/daemon.json", R"({"hosts": ["tcp://0.0.0.0:4243"]})", std::nullopt},
       {"fw.sh", "#!/bin/sh\nufw allow 4243/tcp\n", std::nullopt}},
      // A GitLab pipeline that only includes the job that runs dind.
      {{".gitlab-ci.yml", "include:\n  - local: ci/jobs.yml\nvariables:\n  X: y\n", std::nullopt},
       {"ci/jobs.yml",
        "build:\n  services:\n    - docker:24-dind\n  variables:\n    DOCKER_TLS_CERTDIR: \"\"\n"
        "  script: [make]\n",
        std::nullopt}},
      // Terraform user data read from a template that is not a script by its name.
      {{"main.tf", "resource \"aws_instance\" \"a\" {\n  user_data = file(\"init.tpl\")\n}\n",
        std::nullopt},
       {"init.tpl", "#!/bin/bash\ndockerd -H tcp://0.0.0.0:2375 &\n", std::nullopt}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::vector<Key> all = findings(cases[i], false);
    EXPECT_FALSE(all.empty()) << "case " << i << " finds nothing: it proves nothing";
    EXPECT_EQ(findings(cases[i], true), all) << "case " << i;
  }
}

TEST(Prefilter, SkipsFilesWithoutAnyToken) {
  EXPECT_FALSE(prefilter::may_matter(FileKind::Yaml, "apiVersion: v1\nkind: ConfigMap\n"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::ShellScript, "#!/bin/sh\nmake all\n"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::Terraform, "resource \"a\" \"b\" {}\n"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::Dockerfile, "FROM debian\nRUN make\n"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::ShellScript, ""));
  EXPECT_FALSE(prefilter::may_matter(FileKind::ShellScript, "d"));
}

TEST(Prefilter, FindsTokensAnywhereIncludingTheEdges) {
  for (const char* token : {"docker", "Docker", "DOCKER", "dind", "2375", "2376", "iptables",
                            "ip6tables", "ufw", "firewall-cmd", "nft", "socat"}) {
    const std::string t(token);
    for (const std::string& text : {t, "x" + t, t + "x", "a\n" + t + "\nb"}) {
      EXPECT_TRUE(prefilter::may_matter(FileKind::ShellScript, text)) << text;
    }
  }
  EXPECT_TRUE(prefilter::may_matter(FileKind::Yaml, "include: a.yml"));
  EXPECT_TRUE(prefilter::may_matter(FileKind::Yaml, "template: src=a.j2 dest=/etc/x"));
  EXPECT_TRUE(prefilter::may_matter(FileKind::Yaml, "template:\n  src: a.j2"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::Yaml, "value: import\nrun: make import_module"));
  EXPECT_TRUE(prefilter::may_matter(FileKind::Terraform, "x = templatefile(\"a\", {})"));
  EXPECT_FALSE(prefilter::may_matter(FileKind::ShellScript, "include file"))
      << "references matter only to carriers that follow them";
}

TEST(Prefilter, FilesNamedForTheDaemonAlwaysMatter) {
  for (FileKind kind :
       {FileKind::DaemonJson, FileKind::ConfigFileCandidate, FileKind::SystemdService,
        FileKind::SystemdDropIn, FileKind::SystemdSocket, FileKind::EnvFile}) {
    EXPECT_TRUE(prefilter::may_matter(kind, "")) << static_cast<int>(kind);
  }
}

}  // namespace
}  // namespace dl::testing

// Large files are prefiltered a chunk at a time (never held whole unless they may matter):
// a token across the boundary of two chunks is still found, and then the file is read
// whole; a file without one is dropped with no problem reported.
namespace chunked {

namespace fs = std::filesystem;

class ChunkedRead : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dl-chunked-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A script whose line `line` starts `before_boundary` bytes before the end of the first
  // chunk, padded to two chunks and more.
  std::string write_script(const std::string& name, std::size_t before_boundary,
                           const std::string& line) {
    std::string text = "#!/bin/sh\n";
    const std::size_t line_start = dl::detail::kReadChunk - before_boundary;
    while (text.size() + 10 < line_start - 1) text += "# padding\n";
    text.append(line_start - 1 - text.size(), '#');
    text += "\n";
    text += line + "\n";
    while (text.size() < 2 * dl::detail::kReadChunk + 100) text += "# more padding\n";
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return text;
  }

  fs::path dir_;
};

TEST_F(ChunkedRead, ATokenAcrossTheChunkBoundaryIsFoundAndTheFileReadWhole) {
  // "docker", across the boundary, is the only token: found only if chunks overlap.
  const std::string text = write_script("a.sh", 3, "docker ps");
  const auto may_matter = [](std::string_view b) {
    return dl::prefilter::may_matter(dl::FileKind::ShellScript, b);
  };
  dl::ScanProblem problem{"a.sh", {}, true};
  const std::optional<std::string> bytes =
      dl::detail::read_file(dir_ / "a.sh", 1 << 20, problem, may_matter);
  ASSERT_TRUE(bytes) << problem.message;
  EXPECT_EQ(*bytes, text);

  write_script("d.sh", 3, "dockerd -H tcp://0.0.0.0:2375");
  dl::EngineOptions options;
  options.jobs = 1;
  const dl::ScanResult result = dl::scan_paths({(dir_ / "d.sh").string()}, options);
  EXPECT_EQ(result.files_scanned, 1U);
  bool de101 = false;
  result.for_each_finding([&](const dl::Finding& f) { de101 = de101 || f.rule_id == "DE101"; });
  EXPECT_TRUE(de101);
}

TEST_F(ChunkedRead, ALargeFileWithoutATokenIsDroppedWithoutAProblem) {
  write_script("b.sh", 3, "echo nothing to see");
  const auto may_matter = [](std::string_view b) {
    return dl::prefilter::may_matter(dl::FileKind::ShellScript, b);
  };
  dl::ScanProblem problem{"b.sh", {}, true};
  EXPECT_FALSE(dl::detail::read_file(dir_ / "b.sh", 1 << 20, problem, may_matter));
  EXPECT_EQ(problem.message, "");

  dl::EngineOptions options;
  options.jobs = 1;
  const dl::ScanResult result = dl::scan_paths({dir_.string()}, options);
  EXPECT_EQ(result.files_scanned, 0U);
  EXPECT_TRUE(result.problems.empty());
}

TEST_F(ChunkedRead, WithoutThePrefilterTheFileIsReadWhole) {
  const std::string text = write_script("c.sh", 3, "echo nothing to see");
  dl::ScanProblem problem{"c.sh", {}, true};
  const std::optional<std::string> bytes = dl::detail::read_file(dir_ / "c.sh", 1 << 20, problem);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, text);
}

}  // namespace chunked

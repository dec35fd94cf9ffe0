// YAML carriers (compose, Kubernetes/Helm, GitLab CI, GitHub Actions, cloud-init, Ansible):
// what lower_yaml extracts, with spans checked against the bytes of the literal inputs.
// Expected values follow each tool's documented behaviour (compose-go interpolation and
// go-shellwords splitting, kubelet $(VAR) expansion, GitLab's deep merge of extends and
// includes, cloud-init's write_files encodings, Ansible's free-form arguments).
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/source_file.h"
#include "parsers/carriers/yaml_carriers.h"

namespace dl {
namespace {

using carriers::kind_from_path;
using carriers::lower_yaml;
using carriers::Lowered;
using carriers::YamlKind;

constexpr FileId kFile = 7;
constexpr std::string_view kUnknown = "${__DOCKERD_LINT_UNKNOWN__}";

// Files of a scanned tree, looked up by a path relative to the lowered file's directory.
class Tree {
 public:
  const SourceFile& add(FileId id, const std::string& path, const std::string& text) {
    files_.emplace_back(id, path, text);
    by_path_[path] = &files_.back();
    return files_.back();
  }
  carriers::FileLookup lookup() const {
    return [this](std::string_view path) -> const SourceFile* {
      const auto it = by_path_.find(std::string(path));
      return it == by_path_.end() ? nullptr : it->second;
    };
  }
  const SourceFile* by_id(FileId id) const {
    for (const SourceFile& f : files_) {
      if (f.id == id) return &f;
    }
    return nullptr;
  }

 private:
  std::deque<SourceFile> files_;
  std::map<std::string, const SourceFile*> by_path_;
};

// Every value keeps one valid offset per byte into the file it names.
void CheckText(const SourcedText& t, const Tree& tree) {
  ASSERT_EQ(t.offsets.size(), t.text.size()) << t.text;
  if (t.text.empty()) return;
  const SourceFile* f = tree.by_id(t.file);
  ASSERT_NE(f, nullptr) << "file " << t.file << " for " << t.text;
  for (const std::uint32_t off : t.offsets) ASSERT_LT(off, f->text.size()) << t.text;
}

void CheckSpan(const Span& s, const Tree& tree) {
  if (!s.valid()) return;
  const SourceFile* f = tree.by_id(s.file);
  ASSERT_NE(f, nullptr);
  ASSERT_LE(s.begin, s.end);
  ASSERT_LE(s.end, f->text.size());
}

void CheckDocument(const carrier::Document& d, const Tree& tree) {
  const auto check_env = [&](const std::vector<carrier::EnvVar>& env) {
    for (const auto& v : env) {
      CheckText(v.value, tree);
      CheckSpan(v.name_span, tree);
    }
  };
  for (const auto& s : d.scripts) {
    CheckText(s.text, tree);
    check_env(s.env);
  }
  for (const auto& c : d.commands) {
    ASSERT_EQ(c.argv.size(), c.argv_text.size());
    for (const auto& t : c.argv_text) CheckText(t, tree);
    for (const auto& w : c.argv) CheckSpan(w.span, tree);
    check_env(c.env);
  }
  for (const auto& f : d.files) {
    CheckText(f.content, tree);
    CheckSpan(f.path.span, tree);
    for (const auto& [b, e] : f.unknown) {
      ASSERT_LE(b, e);
      ASSERT_LE(e, f.content.text.size());
    }
  }
  for (const auto& c : d.containers) {
    CheckSpan(c.image.span, tree);
    check_env(c.env);
    for (const auto& w : c.entrypoint) CheckSpan(w.span, tree);
    for (const auto& w : c.command) CheckSpan(w.span, tree);
    for (const auto& p : c.ports) CheckSpan(p.span, tree);
  }
  for (const auto& env : d.environments) check_env(env);
}

struct Result {
  Tree tree;
  const SourceFile* file = nullptr;
  Lowered lowered;

  const carrier::Document& doc() const { return lowered.document; }
  std::string at(const Span& s) const {
    const SourceFile* f = tree.by_id(s.file);
    EXPECT_NE(f, nullptr);
    if (f == nullptr || s.end > f->text.size() || s.begin > s.end) return "<bad span>";
    return f->text.substr(s.begin, s.end - s.begin);
  }
  // The file bytes behind a value.
  std::string at(const SourcedText& t) const { return at(t.span_of(0, t.text.size())); }
};

// Lowers `text` as `path` with `others` in its tree ({path, text}, ids from kFile + 1).
std::unique_ptr<Result> Lower(const std::string& path, const std::string& text,
                              const std::vector<std::pair<std::string, std::string>>& others = {}) {
  auto r = std::make_unique<Result>();
  r->file = &r->tree.add(kFile, path, text);
  FileId id = kFile + 1;
  for (const auto& [p, t] : others) r->tree.add(id++, p, t);
  r->lowered = lower_yaml(*r->file, r->tree.lookup());
  CheckDocument(r->lowered.document, r->tree);
  return r;
}

std::vector<std::string> Texts(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words) out.push_back(w.text);
  return out;
}

const carrier::EnvVar* FindEnv(const std::vector<carrier::EnvVar>& env, std::string_view name) {
  const carrier::EnvVar* found = nullptr;
  for (const auto& v : env) {
    if (v.name == name) found = &v;
  }
  return found;
}

std::uint32_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t at = text.find(needle, from);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

// ---------------------------------------------------------------------------------------

TEST(YamlCarrierKind, FromPath) {
  EXPECT_EQ(kind_from_path("docker-compose.yml"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("deploy/docker-compose.prod.yaml"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("compose.yaml"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("compose.override.yml"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("docker-compose.yml.j2"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("prod.docker-compose.yml"), YamlKind::Compose);
  EXPECT_EQ(kind_from_path("docker-compose.json"), YamlKind::None);
  EXPECT_EQ(kind_from_path("my-compose.yml"), YamlKind::None);
  EXPECT_EQ(kind_from_path(".gitlab-ci.yml"), YamlKind::GitLabCi);
  EXPECT_EQ(kind_from_path("sub/project/.gitlab-ci.yml"), YamlKind::GitLabCi);
  EXPECT_EQ(kind_from_path("templates/dind-job.gitlab-ci.yml"), YamlKind::GitLabCi);
  EXPECT_EQ(kind_from_path(".github/workflows/ci.yml"), YamlKind::GitHubActions);
  EXPECT_EQ(kind_from_path("repo/.github/workflows/build.yaml"), YamlKind::GitHubActions);
  EXPECT_EQ(kind_from_path(".github/workflows/nested/ci.yml"), YamlKind::None);
  EXPECT_EQ(kind_from_path(".github/dependabot.yml"), YamlKind::None);
  EXPECT_EQ(kind_from_path("user-data"), YamlKind::CloudInit);
  EXPECT_EQ(kind_from_path("infra/user-data.yaml"), YamlKind::CloudInit);
  EXPECT_EQ(kind_from_path("user-data.sh"), YamlKind::None);
  EXPECT_EQ(kind_from_path("node.user-data"), YamlKind::CloudInit);
  EXPECT_EQ(kind_from_path("cloud-config.yml"), YamlKind::CloudInit);
  EXPECT_EQ(kind_from_path("cloud-init.yaml"), YamlKind::CloudInit);
  EXPECT_EQ(kind_from_path("values.yaml"), YamlKind::None);
  EXPECT_EQ(kind_from_path("tasks/main.yml"), YamlKind::None);
}

TEST(YamlCarrierKind, FromContent) {
  EXPECT_EQ(Lower("x.yml", "#cloud-config\nruncmd: [ls]\n")->lowered.kind, YamlKind::CloudInit);
  EXPECT_EQ(Lower("x.yml", "## template: jinja\n#cloud-config\nruncmd: [ls]\n")->lowered.kind,
            YamlKind::CloudInit);
  EXPECT_EQ(Lower("x.yml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")->lowered.kind,
            YamlKind::Kubernetes);
  EXPECT_EQ(Lower("x.yml", "services:\n  web:\n    image: nginx\n")->lowered.kind,
            YamlKind::Compose);
  EXPECT_EQ(Lower("x.yml", "- hosts: all\n  tasks: []\n")->lowered.kind, YamlKind::Ansible);
  EXPECT_EQ(Lower("x.yml", "- name: t\n  ansible.builtin.debug: {msg: hi}\n")->lowered.kind,
            YamlKind::Ansible);
  EXPECT_EQ(Lower("x.yml", "- copy: {content: x, dest: /tmp/x}\n")->lowered.kind,
            YamlKind::Ansible);
  EXPECT_EQ(Lower("x.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: []\n")
                ->lowered.kind,
            YamlKind::GitHubActions);
  EXPECT_EQ(Lower("ci.yml", "stages: [build]\nbuild:\n  script: [make]\n")->lowered.kind,
            YamlKind::GitLabCi);
  // Random YAML is no carrier.
  EXPECT_EQ(Lower("x.yml", "name: demo\nversion: 1.2\nitems:\n  - a\n  - b: c\n")->lowered.kind,
            YamlKind::None);
  EXPECT_EQ(Lower("x.yml", "- 1\n- two\n- {three: 3}\n")->lowered.kind, YamlKind::None);
  EXPECT_EQ(Lower("x.yml", "services:\n  web: {ports: [80]}\n")->lowered.kind, YamlKind::None);
  EXPECT_EQ(Lower("x.yml", "")->lowered.kind, YamlKind::None);
  EXPECT_EQ(Lower("x.yml", "just a string\n")->lowered.kind, YamlKind::None);
  // user-data that is a script is not cloud-config.
  EXPECT_EQ(Lower("user-data", "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375\n")->lowered.kind,
            YamlKind::None);
}

// ---------------------------------------------------------------------------------------
// Compose

TEST(YamlCarrierCompose, DindServiceWithEnvironmentForms) {
  const std::string text =
      "x-env: &common\n"
      "  LOG: debug\n"
      "services:\n"
      "  docker:\n"
      "    image: docker:24-dind\n"
      "    privileged: true\n"
      "    environment:\n"
      "      - DOCKER_TLS_CERTDIR=\n"
      "      - FROM_SHELL\n"
      "      - TAG=${TAG:-latest}\n"
      "      - 'QUOTED=a b'\n"
      "    ports:\n"
      "      - \"2375:2375\"\n"
      "  client:\n"
      "    image: \"docker:${CLI_TAG}\"\n"
      "    environment:\n"
      "      <<: *common\n"
      "      DOCKER_HOST: tcp://docker:2375\n"
      "      DOCKER_TLS_VERIFY:\n"
      "      PRICE: $$5\n";
  const auto r = Lower("docker-compose.yml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::Compose);
  ASSERT_EQ(r->doc().containers.size(), 2u);
  const carrier::Container& dind = r->doc().containers[0];
  EXPECT_EQ(dind.description, "compose service \"docker\"");
  EXPECT_EQ(dind.image.text, "docker:24-dind");
  EXPECT_TRUE(dind.image.known);
  EXPECT_EQ(r->at(dind.image.span), "docker:24-dind");
  ASSERT_EQ(dind.env.size(), 4u);
  EXPECT_EQ(dind.env[0].name, "DOCKER_TLS_CERTDIR");
  EXPECT_EQ(r->at(dind.env[0].name_span), "DOCKER_TLS_CERTDIR");
  EXPECT_EQ(dind.env[0].value.text, "");
  EXPECT_TRUE(dind.env[0].value.known);
  EXPECT_EQ(dind.env[0].value_span.begin, Find(text, "=\n") + 1);
  EXPECT_TRUE(dind.env[0].value_span.empty());
  EXPECT_EQ(dind.env[1].name, "FROM_SHELL");
  EXPECT_FALSE(dind.env[1].value.known);
  EXPECT_EQ(dind.env[2].name, "TAG");
  EXPECT_EQ(dind.env[2].value.text, "${TAG:-latest}");
  EXPECT_FALSE(dind.env[2].value.known);
  EXPECT_EQ(r->at(dind.env[2].value), "${TAG:-latest}");
  EXPECT_EQ(dind.env[3].name, "QUOTED");
  EXPECT_EQ(dind.env[3].value.text, "a b");
  EXPECT_EQ(r->at(dind.env[3].value), "a b");
  EXPECT_FALSE(dind.has_entrypoint);
  EXPECT_FALSE(dind.has_command);
  ASSERT_EQ(dind.ports.size(), 1u);
  EXPECT_EQ(dind.ports[0].host_ip, "");
  EXPECT_EQ(dind.ports[0].host_port, 2375u);
  EXPECT_EQ(dind.ports[0].container_port, 2375u);
  EXPECT_TRUE(dind.ports[0].tcp);
  EXPECT_EQ(r->at(dind.ports[0].span), "\"2375:2375\"");

  const carrier::Container& client = r->doc().containers[1];
  EXPECT_EQ(client.image.text, "docker:${CLI_TAG}");
  EXPECT_FALSE(client.image.known);
  EXPECT_EQ(r->at(client.image.span), "docker:${CLI_TAG}");
  const auto* host = FindEnv(client.env, "DOCKER_HOST");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->value.text, "tcp://docker:2375");
  EXPECT_TRUE(host->value.known);
  EXPECT_EQ(r->at(host->value), "tcp://docker:2375");
  EXPECT_EQ(host->value.offsets[0], Find(text, "tcp://docker"));
  const auto* verify = FindEnv(client.env, "DOCKER_TLS_VERIFY");
  ASSERT_NE(verify, nullptr);
  EXPECT_FALSE(verify->value.known);             // from compose's own environment
  const auto* log = FindEnv(client.env, "LOG");  // through the merge key
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->value.text, "debug");
  const auto* price = FindEnv(client.env, "PRICE");
  ASSERT_NE(price, nullptr);
  EXPECT_EQ(price->value.text, "$5");
  EXPECT_TRUE(price->value.known);
  EXPECT_EQ(r->at(price->value), "$$5");
  EXPECT_TRUE(r->doc().scripts.empty());
  EXPECT_TRUE(r->doc().problems.empty());
}

TEST(YamlCarrierCompose, CommandStringAndShellScript) {
  const std::string text =
      "services:\n"
      "  dind:\n"
      "    image: docker:dind\n"
      "    environment:\n"
      "      PORT: \"2375\"\n"
      "    command: sh -c \"dockerd -H tcp://0.0.0.0:$${PORT} --tls=false\" 'x y' \"\"\n"
      "  dind2:\n"
      "    image: docker:dind\n"
      "    entrypoint: [\"/bin/sh\", \"-ec\"]\n"
      "    command:\n"
      "      - |\n"
      "        dockerd \\\n"
      "          --host=tcp://0.0.0.0:2375\n"
      "  plain:\n"
      "    image: docker:dind\n"
      "    command: [\"--host=tcp://0.0.0.0:${PORT}\", \"--tls=false\"]\n";
  const auto r = Lower("compose.yaml", text);
  ASSERT_EQ(r->doc().containers.size(), 3u);
  const carrier::Container& a = r->doc().containers[0];
  EXPECT_TRUE(a.has_command);
  EXPECT_FALSE(a.has_entrypoint);
  EXPECT_EQ(Texts(a.command),
            (std::vector<std::string>{"sh", "-c", "dockerd -H tcp://0.0.0.0:${PORT} --tls=false",
                                      "x y", ""}));
  EXPECT_EQ(r->at(a.command[0].span), "sh");
  EXPECT_EQ(r->at(a.command[2].span), "dockerd -H tcp://0.0.0.0:$${PORT} --tls=false");
  EXPECT_TRUE(a.command[2].known);
  EXPECT_EQ(r->at(a.command[3].span), "x y");
  EXPECT_EQ(r->at(a.command[4].span), "\"\"");

  const carrier::Container& b = r->doc().containers[1];
  EXPECT_TRUE(b.has_entrypoint);
  EXPECT_EQ(Texts(b.entrypoint), (std::vector<std::string>{"/bin/sh", "-ec"}));
  ASSERT_EQ(b.command.size(), 1u);
  EXPECT_EQ(b.command[0].text, "dockerd \\\n  --host=tcp://0.0.0.0:2375\n");

  const carrier::Container& c = r->doc().containers[2];
  EXPECT_EQ(c.command[0].text, "--host=tcp://0.0.0.0:${PORT}");
  EXPECT_FALSE(c.command[0].known);
  EXPECT_TRUE(c.command[1].known);

  // Two sh -c scripts, with the service's environment.
  ASSERT_EQ(r->doc().scripts.size(), 2u);
  const carrier::Script& s0 = r->doc().scripts[0];
  EXPECT_EQ(s0.text.text, "dockerd -H tcp://0.0.0.0:${PORT} --tls=false");
  EXPECT_EQ(r->at(s0.text), "dockerd -H tcp://0.0.0.0:$${PORT} --tls=false");
  const std::size_t dollar = s0.text.text.find('$');
  EXPECT_EQ(s0.text.offsets[dollar], Find(text, "$${PORT}"));
  ASSERT_EQ(s0.env.size(), 1u);
  EXPECT_EQ(s0.env[0].name, "PORT");
  EXPECT_EQ(s0.env[0].value.text, "2375");
  const carrier::Script& s1 = r->doc().scripts[1];
  EXPECT_EQ(s1.text.text, "dockerd \\\n  --host=tcp://0.0.0.0:2375\n");
  EXPECT_EQ(s1.text.offsets[0], Find(text, "dockerd \\"));
  EXPECT_EQ(s1.text.offsets[s1.text.text.find("--host")], Find(text, "--host=tcp://0.0.0.0:2375"));
}

TEST(YamlCarrierCompose, ScriptWithInterpolationGetsPlaceholder) {
  const std::string text =
      "services:\n"
      "  d:\n"
      "    image: docker:dind\n"
      "    command: [\"sh\", \"-c\", \"dockerd -H ${DOCKER_BIND} &\"]\n";
  const auto r = Lower("docker-compose.yml", text);
  ASSERT_EQ(r->doc().scripts.size(), 1u);
  const carrier::Script& s = r->doc().scripts[0];
  EXPECT_EQ(s.text.text, "dockerd -H " + std::string(kUnknown) + " &");
  const std::size_t p = s.text.text.find(kUnknown);
  EXPECT_EQ(s.text.offsets[p], Find(text, "${DOCKER_BIND}"));
  EXPECT_EQ(s.text.offsets[p + kUnknown.size() - 1], Find(text, "} &"));
}

TEST(YamlCarrierCompose, PortForms) {
  const std::string text =
      "services:\n"
      "  d:\n"
      "    image: docker:dind\n"
      "    ports:\n"
      "      - 2375\n"
      "      - \"127.0.0.1:2376:2376\"\n"
      "      - \"[::1]:2377:2375\"\n"
      "      - \"2380-2381:2375-2376\"\n"
      "      - \"5353:53/udp\"\n"
      "      - \"${BIND}:2390:2375\"\n"
      "      - \"${HOST_PORT}:2391\"\n"
      "      - \"not a port\"\n"
      "      - target: 2375\n"
      "        published: \"12375\"\n"
      "        host_ip: 0.0.0.0\n"
      "        protocol: tcp\n"
      "      - {target: 2376}\n"
      "    network_mode: host\n";
  const auto r = Lower("docker-compose.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const auto& ports = r->doc().containers[0].ports;
  EXPECT_TRUE(r->doc().containers[0].host_network);
  ASSERT_EQ(ports.size(), 9u);
  EXPECT_EQ(ports[0].host_port, 0u);
  EXPECT_EQ(ports[0].container_port, 2375u);
  EXPECT_EQ(r->at(ports[0].span), "2375");
  EXPECT_EQ(ports[1].host_ip, "127.0.0.1");
  EXPECT_EQ(ports[1].host_port, 2376u);
  EXPECT_EQ(ports[2].host_ip, "::1");
  EXPECT_EQ(ports[2].host_port, 2377u);
  EXPECT_EQ(ports[2].container_port, 2375u);
  EXPECT_EQ(ports[3].host_port, 2380u);
  EXPECT_EQ(ports[3].container_port, 2375u);
  EXPECT_EQ(ports[4].host_port, 2381u);
  EXPECT_EQ(ports[4].container_port, 2376u);
  EXPECT_EQ(r->at(ports[4].span), "\"2380-2381:2375-2376\"");
  EXPECT_FALSE(ports[5].tcp);
  EXPECT_EQ(ports[5].container_port, 53u);
  // ${BIND}: address unknowable, skipped; ${HOST_PORT}: any host port.
  EXPECT_EQ(ports[6].host_port, 0u);
  EXPECT_EQ(ports[6].container_port, 2391u);
  EXPECT_EQ(ports[7].host_ip, "0.0.0.0");
  EXPECT_EQ(ports[7].host_port, 12375u);
  EXPECT_EQ(ports[7].container_port, 2375u);
  EXPECT_EQ(r->at(ports[7].span).substr(0, 12), "target: 2375");
  EXPECT_EQ(ports[8].host_port, 0u);
  EXPECT_EQ(ports[8].container_port, 2376u);
}

TEST(YamlCarrierCompose, ExtendsAndEnvFile) {
  const std::string text =
      "services:\n"
      "  base:\n"
      "    image: docker:dind\n"
      "    environment: {DOCKER_TLS_CERTDIR: /certs, A: base}\n"
      "  docker:\n"
      "    extends: base\n"
      "    env_file: ./dind.env\n"
      "    environment: {DOCKER_TLS_CERTDIR: ''}\n"
      "  loop1: {extends: loop2, image: a}\n"
      "  loop2: {extends: {service: loop1}, image: b}\n";
  const std::string env_file = "# comment\nexport FROM_FILE=\"x y\"\nA=file\n";
  const auto r = Lower("docker-compose.yml", text, {{"dind.env", env_file}});
  ASSERT_EQ(r->doc().containers.size(), 4u);
  const carrier::Container& d = r->doc().containers[1];
  EXPECT_EQ(d.image.text, "docker:dind");
  const auto* certdir = FindEnv(d.env, "DOCKER_TLS_CERTDIR");
  ASSERT_NE(certdir, nullptr);
  EXPECT_EQ(certdir->value.text, "");
  EXPECT_EQ(certdir->name_span.begin, Find(text, "DOCKER_TLS_CERTDIR: ''"));
  const auto* from_file = FindEnv(d.env, "FROM_FILE");
  ASSERT_NE(from_file, nullptr);
  EXPECT_EQ(from_file->value.text, "x y");
  EXPECT_EQ(from_file->value.file, kFile + 1);
  EXPECT_EQ(r->at(from_file->value), "x y");
  const auto* a = FindEnv(d.env, "A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->value.text, "base");  // environment: wins over env_file
  EXPECT_EQ(r->doc().containers[2].image.text, "a");
  EXPECT_EQ(r->doc().containers[3].image.text, "b");
}

TEST(YamlCarrierCompose, VersionOneLayout) {
  const std::string text =
      "docker:\n"
      "  image: docker:1.12-dind\n"
      "  command: --host=tcp://0.0.0.0:2375\n"
      "data:\n"
      "  volumes: [/data]\n";
  const auto r = Lower("docker-compose.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  EXPECT_EQ(Texts(r->doc().containers[0].command),
            (std::vector<std::string>{"--host=tcp://0.0.0.0:2375"}));
  EXPECT_EQ(r->at(r->doc().containers[0].command[0].span), "--host=tcp://0.0.0.0:2375");
}

TEST(YamlCarrierCompose, CorpusJenkinsDind) {
  const std::string text =
      "services:\n"
      "  docker: \n"
      "    container_name: jenkins-docker\n"
      "    image: docker:dind\n"
      "    ports:\n"
      "      - \"2376:2376\"\n"
      "    privileged: true\n"
      "    environment:\n"
      "      - DOCKER_TLS_CERTDIR=/certs\n"
      "  jenkins:\n"
      "    image: jenkinsci/blueocean\n"
      "    environment:\n"
      "      - DOCKER_HOST=tcp://docker:2376\n"
      "      - DOCKER_CERT_PATH=/certs/client\n"
      "      - DOCKER_TLS_VERIFY=1\n"
      "volumes:\n"
      "  jenkins-docker-certs:\n"
      "    external: true\n";
  const auto r = Lower("docker-compose.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 2u);
  const auto& env = r->doc().containers[1].env;
  ASSERT_EQ(env.size(), 3u);
  EXPECT_EQ(env[0].name, "DOCKER_HOST");
  EXPECT_EQ(r->at(env[0].value), "tcp://docker:2376");
  EXPECT_EQ(r->at(env[0].name_span), "DOCKER_HOST");
  EXPECT_EQ(env[2].value.text, "1");
}

// ---------------------------------------------------------------------------------------
// Kubernetes

TEST(YamlCarrierKubernetes, DeploymentWithDind) {
  const std::string text =
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: ci-runner\n"
      "spec:\n"
      "  template:\n"
      "    spec:\n"
      "      initContainers:\n"
      "        - name: init\n"
      "          image: busybox\n"
      "          command: [\"sh\", \"-c\", \"echo init\"]\n"
      "      containers:\n"
      "        - name: dind\n"
      "          image: docker:20.10-dind\n"
      "          env:\n"
      "            - name: DOCKER_TLS_CERTDIR\n"
      "              value: \"\"\n"
      "            - name: SECRET\n"
      "              valueFrom:\n"
      "                secretKeyRef: {name: s, key: k}\n"
      "            - name: PORT\n"
      "              value: \"2375\"\n"
      "            - name: ADDR\n"
      "              value: tcp://0.0.0.0:$(PORT)\n"
      "          args: [\"--host=$(ADDR)\", \"$$(PORT)\", \"$(UNDEFINED)\", \"$(SECRET)\"]\n"
      "          ports:\n"
      "            - containerPort: 2375\n"
      "              hostPort: 2375\n"
      "              hostIP: 10.0.0.1\n"
      "            - containerPort: 8080\n";
  const auto r = Lower("k8s/runner.yaml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::Kubernetes);
  ASSERT_EQ(r->doc().containers.size(), 2u);
  const carrier::Container& init = r->doc().containers[0];
  EXPECT_EQ(init.description, "Kubernetes Deployment \"ci-runner\" init container \"init\"");
  EXPECT_TRUE(init.has_entrypoint);
  EXPECT_FALSE(init.has_command);
  const carrier::Container& dind = r->doc().containers[1];
  EXPECT_EQ(dind.description, "Kubernetes Deployment \"ci-runner\" container \"dind\"");
  EXPECT_EQ(dind.image.text, "docker:20.10-dind");
  EXPECT_EQ(r->at(dind.image.span), "docker:20.10-dind");
  ASSERT_EQ(dind.env.size(), 4u);
  EXPECT_EQ(dind.env[0].name, "DOCKER_TLS_CERTDIR");
  EXPECT_EQ(dind.env[0].value.text, "");
  EXPECT_TRUE(dind.env[0].value.known);
  EXPECT_EQ(r->at(dind.env[0].value_span), "\"\"");  // an empty value still has a place
  EXPECT_FALSE(dind.env[1].value.known);
  EXPECT_EQ(dind.env[3].value.text, "tcp://0.0.0.0:2375");
  EXPECT_TRUE(dind.env[3].value.known);
  EXPECT_FALSE(dind.has_entrypoint);
  EXPECT_TRUE(dind.has_command);
  EXPECT_EQ(Texts(dind.command), (std::vector<std::string>{"--host=tcp://0.0.0.0:2375", "$(PORT)",
                                                           "$(UNDEFINED)", "$(SECRET)"}));
  EXPECT_TRUE(dind.command[0].known);
  EXPECT_EQ(r->at(dind.command[0].span), "--host=$(ADDR)");
  EXPECT_TRUE(dind.command[1].known);
  EXPECT_TRUE(dind.command[2].known);  // kubelet leaves it as written
  EXPECT_FALSE(dind.command[3].known);
  ASSERT_EQ(dind.ports.size(), 1u);
  EXPECT_EQ(dind.ports[0].host_ip, "10.0.0.1");
  EXPECT_EQ(dind.ports[0].host_port, 2375u);
  EXPECT_EQ(dind.ports[0].container_port, 2375u);
  EXPECT_EQ(r->at(dind.ports[0].span).substr(0, 19), "containerPort: 2375");
  ASSERT_EQ(r->doc().scripts.size(), 1u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "echo init");
}

TEST(YamlCarrierKubernetes, HostNetworkCronJobAndList) {
  const std::string text =
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "  - apiVersion: batch/v1\n"
      "    kind: CronJob\n"
      "    metadata: {name: nightly}\n"
      "    spec:\n"
      "      jobTemplate:\n"
      "        spec:\n"
      "          template:\n"
      "            spec:\n"
      "              hostNetwork: true\n"
      "              containers:\n"
      "                - name: d\n"
      "                  image: docker:dind\n"
      "                  command: [dockerd]\n"
      "                  args: [-H, tcp://0.0.0.0:2375]\n"
      "                  ports: [{containerPort: 2375}, {containerPort: 53, protocol: UDP}]\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata: {name: p}\n"
      "spec:\n"
      "  containers:\n"
      "    - name: c\n"
      "      image: alpine\n"
      "      command: [/bin/bash]\n"
      "      args: [\"-c\", \"dockerd -H tcp://0.0.0.0:2375\"]\n";
  const auto r = Lower("all.yaml", text);
  ASSERT_EQ(r->doc().containers.size(), 2u);
  const carrier::Container& d = r->doc().containers[0];
  EXPECT_EQ(d.description, "Kubernetes CronJob \"nightly\" container \"d\"");
  EXPECT_TRUE(d.host_network);
  EXPECT_EQ(Texts(d.entrypoint), (std::vector<std::string>{"dockerd"}));
  EXPECT_EQ(Texts(d.command), (std::vector<std::string>{"-H", "tcp://0.0.0.0:2375"}));
  ASSERT_EQ(d.ports.size(), 2u);
  EXPECT_EQ(d.ports[0].host_ip, "");
  EXPECT_EQ(d.ports[0].host_port, 2375u);
  EXPECT_TRUE(d.ports[0].tcp);
  EXPECT_FALSE(d.ports[1].tcp);
  ASSERT_EQ(r->doc().scripts.size(), 1u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(r->at(r->doc().scripts[0].text), "dockerd -H tcp://0.0.0.0:2375");
}

TEST(YamlCarrierKubernetes, HelmTemplateTolerated) {
  const std::string text =
      "{{- if .Values.dind.enabled }}\n"
      "apiVersion: apps/v1\n"
      "kind: StatefulSet\n"
      "metadata:\n"
      "  name: {{ include \"chart.fullname\" . }}-dind\n"
      "  labels:\n"
      "    {{- include \"chart.labels\" . | nindent 4 }}\n"
      "spec:\n"
      "  template:\n"
      "    spec:\n"
      "      containers:\n"
      "        - name: dind\n"
      "          image: \"docker:{{ .Values.dind.tag }}\"\n"
      "          env:\n"
      "            - name: DOCKER_TLS_CERTDIR\n"
      "              value: {{ .Values.certdir | quote }}\n"
      "            - name: DOCKER_DRIVER\n"
      "              value: overlay2\n"
      "          args:\n"
      "            - \"--host=tcp://0.0.0.0:{{ .Values.port }}\"\n"
      "{{- end }}\n";
  const auto r = Lower("chart/templates/dind.yaml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::Kubernetes);
  EXPECT_TRUE(r->doc().problems.empty());
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const carrier::Container& c = r->doc().containers[0];
  EXPECT_EQ(c.image.text, "docker:{{ .Values.dind.tag }}");
  EXPECT_FALSE(c.image.known);
  EXPECT_EQ(r->at(c.image.span), "docker:{{ .Values.dind.tag }}");
  ASSERT_EQ(c.env.size(), 2u);
  EXPECT_FALSE(c.env[0].value.known);
  EXPECT_EQ(c.env[1].value.text, "overlay2");
  EXPECT_TRUE(c.env[1].value.known);
  ASSERT_EQ(c.command.size(), 1u);
  EXPECT_EQ(c.command[0].text, "--host=tcp://0.0.0.0:{{ .Values.port }}");
  EXPECT_FALSE(c.command[0].known);
}

// ---------------------------------------------------------------------------------------
// GitLab CI

TEST(YamlCarrierGitLab, JobsServicesScriptsAndVariables) {
  const std::string text =
      "variables:\n"
      "  DOCKER_HOST: tcp://docker:2375\n"
      "  DOCKER_TLS_CERTDIR: \"/certs\"\n"
      "  DIND: {value: \"docker:24-dind\", description: the service}\n"
      "default:\n"
      "  before_script:\n"
      "    - docker info\n"
      "stages: [build]\n"
      "build:\n"
      "  stage: build\n"
      "  image: docker:24\n"
      "  services:\n"
      "    - docker:24-dind\n"
      "    - name: $DIND\n"
      "      alias: docker2\n"
      "      command: [\"--tls=false\"]\n"
      "      variables: {EXTRA: \"1\"}\n"
      "  variables:\n"
      "    DOCKER_TLS_CERTDIR: \"\"\n"
      "  script:\n"
      "    - docker build -t app .\n"
      "    - - docker push app\n"
      "      - |\n"
      "        echo done\n"
      "        echo twice\n"
      "  after_script: echo bye\n";
  const auto r = Lower(".gitlab-ci.yml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::GitLabCi);
  ASSERT_EQ(r->doc().containers.size(), 2u);
  const carrier::Container& s0 = r->doc().containers[0];
  EXPECT_EQ(s0.description, "GitLab CI service \"docker:24-dind\" of job \"build\"");
  EXPECT_EQ(s0.image.text, "docker:24-dind");
  EXPECT_EQ(r->at(s0.image.span), "docker:24-dind");
  const auto* certdir = FindEnv(s0.env, "DOCKER_TLS_CERTDIR");
  ASSERT_NE(certdir, nullptr);
  EXPECT_EQ(certdir->value.text, "");  // the job's value overrides the global one
  EXPECT_TRUE(certdir->value.known);
  EXPECT_EQ(certdir->name_span.begin, Find(text, "DOCKER_TLS_CERTDIR: \"\""));
  const carrier::Container& s1 = r->doc().containers[1];
  EXPECT_EQ(s1.description, "GitLab CI service \"$DIND\" of job \"build\"");
  EXPECT_EQ(s1.image.text, "docker:24-dind");  // GitLab expands variables in names
  EXPECT_TRUE(s1.image.known);
  EXPECT_EQ(r->at(s1.image.span), "$DIND");
  EXPECT_TRUE(s1.has_command);
  EXPECT_EQ(Texts(s1.command), (std::vector<std::string>{"--tls=false"}));
  ASSERT_NE(FindEnv(s1.env, "EXTRA"), nullptr);
  ASSERT_NE(FindEnv(s1.env, "DOCKER_HOST"), nullptr);

  ASSERT_EQ(r->doc().scripts.size(), 1u);
  const carrier::Script& s = r->doc().scripts[0];
  EXPECT_EQ(s.text.text,
            "docker info\ndocker build -t app .\ndocker push app\necho done\necho twice\n\n"
            "echo bye");
  // The joining newline maps to the last byte of the line before it.
  const std::size_t nl = s.text.text.find('\n');
  EXPECT_EQ(s.text.offsets[nl], Find(text, "docker info") + 10);
  EXPECT_EQ(s.text.offsets[s.text.text.find("docker push")], Find(text, "docker push"));
  EXPECT_EQ(s.text.offsets[s.text.text.find("echo bye")], Find(text, "echo bye"));
  const auto* host = FindEnv(s.env, "DOCKER_HOST");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(r->at(host->value), "tcp://docker:2375");

  // The global block, and the job's (global + job) because it has its own.
  ASSERT_EQ(r->doc().environments.size(), 2u);
  EXPECT_EQ(r->doc().environments[0].size(), 3u);
  const auto* job_certdir = FindEnv(r->doc().environments[1], "DOCKER_TLS_CERTDIR");
  ASSERT_NE(job_certdir, nullptr);
  EXPECT_EQ(job_certdir->value.text, "");
}

TEST(YamlCarrierGitLab, ExtendsHiddenJobsAndInherit) {
  const std::string text =
      "variables:\n"
      "  GLOBAL: g\n"
      ".dind:\n"
      "  services:\n"
      "    - name: docker:dind\n"
      "  variables:\n"
      "    DOCKER_TLS_CERTDIR: \"/certs\"\n"
      "    A: from-dind\n"
      "  before_script: [\"echo dind\"]\n"
      ".other:\n"
      "  variables: {A: from-other, B: b}\n"
      "job:\n"
      "  extends: [.dind, .other]\n"
      "  variables: {DOCKER_TLS_CERTDIR: \"\"}\n"
      "  inherit:\n"
      "    variables: false\n"
      "  script: echo job\n"
      ".unused:\n"
      "  variables: {DOCKER_HOST: tcp://x:2375}\n"
      "cycle-a: {extends: cycle-b, script: a}\n"
      "cycle-b: {extends: cycle-a, script: b}\n";
  const auto r = Lower(".gitlab-ci.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const carrier::Container& c = r->doc().containers[0];
  EXPECT_EQ(c.description, "GitLab CI service \"docker:dind\" of job \"job\"");
  EXPECT_EQ(FindEnv(c.env, "GLOBAL"), nullptr);  // inherit: variables: false
  ASSERT_NE(FindEnv(c.env, "DOCKER_TLS_CERTDIR"), nullptr);
  EXPECT_EQ(FindEnv(c.env, "DOCKER_TLS_CERTDIR")->value.text, "");
  EXPECT_EQ(FindEnv(c.env, "A")->value.text, "from-other");  // the later extends wins
  EXPECT_EQ(FindEnv(c.env, "B")->value.text, "b");
  // job, cycle-a and cycle-b run scripts; the cycle ends.
  ASSERT_EQ(r->doc().scripts.size(), 3u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "echo dind\necho job");
  // The global block, the job's, and the unextended hidden .unused (a template).
  bool saw_unused = false;
  for (const auto& env : r->doc().environments) {
    if (FindEnv(env, "DOCKER_HOST") != nullptr) saw_unused = true;
  }
  EXPECT_TRUE(saw_unused);
}

TEST(YamlCarrierGitLab, IncludeLocalFiles) {
  const std::string text =
      "include:\n"
      "  - local: /ci/dind.yml\n"
      "  - remote: https://example.com/x.yml\n"
      "  - project: group/p\n"
      "    file: x.yml\n"
      "variables:\n"
      "  DOCKER_TLS_CERTDIR: \"\"\n"
      "build:\n"
      "  extends: .dind\n"
      "  script: [docker ps]\n";
  const std::string included =
      "variables:\n"
      "  DOCKER_TLS_CERTDIR: /certs\n"
      "  DOCKER_HOST: tcp://docker:2375\n"
      ".dind:\n"
      "  services: [docker:25-dind]\n"
      "  before_script: [docker info]\n";
  const auto r = Lower(".gitlab-ci.yml", text, {{"ci/dind.yml", included}});
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const carrier::Container& c = r->doc().containers[0];
  EXPECT_EQ(c.image.text, "docker:25-dind");
  EXPECT_EQ(c.image.span.file, kFile + 1);
  EXPECT_EQ(r->at(c.image.span), "docker:25-dind");
  const auto* certdir = FindEnv(c.env, "DOCKER_TLS_CERTDIR");
  ASSERT_NE(certdir, nullptr);
  EXPECT_EQ(certdir->value.text, "");  // the including file wins
  EXPECT_EQ(certdir->name_span.file, kFile);
  const auto* host = FindEnv(c.env, "DOCKER_HOST");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->value.file, kFile + 1);
  EXPECT_EQ(r->at(host->value), "tcp://docker:2375");
  // Lines from two files: one script text per file.
  ASSERT_EQ(r->doc().scripts.size(), 2u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "docker info");
  EXPECT_EQ(r->doc().scripts[0].text.file, kFile + 1);
  EXPECT_EQ(r->doc().scripts[1].text.text, "docker ps");
  EXPECT_EQ(r->doc().scripts[1].text.file, kFile);
}

TEST(YamlCarrierGitLab, CorpusDindTemplate) {
  const std::string text =
      "# Usage of this template:\n"
      ".docker-in-docker:\n"
      "  image: docker:${DOCKER_IMAGE_TAG}\n"
      "  services:\n"
      "    - docker:${DIND_IMAGE_TAG}\n"
      "  variables:\n"
      "    DOCKER_TLS_CERTDIR: \"/certs\"\n"
      "    DOCKER_IMAGE_TAG: \"27.3.1\"  # Adapt this\n"
      "    DIND_IMAGE_TAG: \"${DOCKER_IMAGE_TAG}-dind\"\n"
      "build-job:\n"
      "  extends:\n"
      "    - .docker-in-docker\n"
      "  script:\n"
      "    - docker build .\n";
  const auto r = Lower("dind-job.gitlab-ci.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const carrier::Container& c = r->doc().containers[0];
  EXPECT_EQ(c.image.text, "docker:27.3.1-dind");
  EXPECT_TRUE(c.image.known);
  EXPECT_EQ(r->at(c.image.span), "docker:${DIND_IMAGE_TAG}");
  const auto* tag = FindEnv(c.env, "DIND_IMAGE_TAG");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->value.text, "27.3.1-dind");
  EXPECT_TRUE(tag->value.known);
  EXPECT_EQ(r->at(tag->value), "${DOCKER_IMAGE_TAG}-dind");
  EXPECT_EQ(FindEnv(c.env, "DOCKER_TLS_CERTDIR")->value.text, "/certs");
}

TEST(YamlCarrierGitLab, ReferenceTagsAndUnknownVariables) {
  const std::string text =
      ".setup:\n"
      "  script:\n"
      "    - export X=1\n"
      "test:\n"
      "  variables:\n"
      "    DOCKER_HOST: tcp://$CI_SERVER_HOST:2375\n"
      "  script:\n"
      "    - !reference [.setup, script]\n"
      "    - docker ps\n";
  const auto r = Lower(".gitlab-ci.yml", text);
  ASSERT_EQ(r->doc().scripts.size(), 1u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "export X=1\ndocker ps");
  const auto* host = FindEnv(r->doc().scripts[0].env, "DOCKER_HOST");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->value.text, "tcp://$CI_SERVER_HOST:2375");
  EXPECT_FALSE(host->value.known);  // a predefined variable
}

TEST(YamlCarrierGitLab, ExpandFalseAndDefaultServices) {
  const std::string text =
      "variables:\n"
      "  RAW: {value: \"$$HOME $OTHER\", expand: false}\n"
      "  OTHER: o\n"
      "services:\n"
      "  - docker:dind\n"
      "test:\n"
      "  script: [\"docker info\"]\n"
      "quiet:\n"
      "  inherit: {default: false}\n"
      "  script: [\"true\"]\n";
  const auto r = Lower(".gitlab-ci.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);  // the legacy global services, not for quiet
  EXPECT_EQ(r->doc().containers[0].description,
            "GitLab CI service \"docker:dind\" of job \"test\"");
  const auto* raw = FindEnv(r->doc().containers[0].env, "RAW");
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->value.text, "$$HOME $OTHER");
  EXPECT_TRUE(raw->value.known);
}

// ---------------------------------------------------------------------------------------
// GitHub Actions

TEST(YamlCarrierGitHub, WorkflowStepsServicesAndEnv) {
  const std::string text =
      "name: ci\n"
      "on: [push]\n"
      "env:\n"
      "  DOCKER_HOST: tcp://localhost:2375\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    env:\n"
      "      LEVEL: job\n"
      "    services:\n"
      "      docker:\n"
      "        image: docker:dind\n"
      "        env:\n"
      "          DOCKER_TLS_CERTDIR: \"\"\n"
      "        ports:\n"
      "          - 2375:2375\n"
      "        options: --privileged\n"
      "    container:\n"
      "      image: node:20\n"
      "      env: {NODE_ENV: ci}\n"
      "    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - name: build\n"
      "        env:\n"
      "          LEVEL: step\n"
      "          TOKEN: ${{ secrets.TOKEN }}\n"
      "        run: |\n"
      "          docker -H ${{ env.HOST }} ps\n"
      "          docker build .\n"
      "      - shell: pwsh\n"
      "        run: Write-Host hi\n"
      "      - shell: bash -e {0}\n"
      "        run: echo bash\n"
      "  win:\n"
      "    runs-on: windows-latest\n"
      "    steps:\n"
      "      - run: dir\n"
      "      - shell: bash\n"
      "        run: echo ok\n";
  const auto r = Lower(".github/workflows/ci.yml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::GitHubActions);
  ASSERT_EQ(r->doc().scripts.size(), 3u);
  const carrier::Script& s = r->doc().scripts[0];
  const std::string expected = "docker -H " + std::string(kUnknown) + " ps\ndocker build .\n";
  EXPECT_EQ(s.text.text, expected);
  EXPECT_EQ(s.text.offsets[0], Find(text, "docker -H"));
  EXPECT_EQ(s.text.offsets[10], Find(text, "${{ env.HOST }}"));
  const auto* level = FindEnv(s.env, "LEVEL");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->value.text, "step");
  const auto* token = FindEnv(s.env, "TOKEN");
  ASSERT_NE(token, nullptr);
  EXPECT_FALSE(token->value.known);
  EXPECT_EQ(r->at(token->value), "${{ secrets.TOKEN }}");
  ASSERT_NE(FindEnv(s.env, "DOCKER_HOST"), nullptr);
  EXPECT_EQ(r->doc().scripts[1].text.text, "echo bash");
  EXPECT_EQ(r->doc().scripts[2].text.text, "echo ok");

  ASSERT_EQ(r->doc().containers.size(), 2u);
  const carrier::Container& svc = r->doc().containers[0];
  EXPECT_EQ(svc.description, "GitHub Actions service \"docker\" of job \"build\"");
  EXPECT_EQ(svc.image.text, "docker:dind");
  ASSERT_EQ(svc.env.size(), 1u);
  EXPECT_EQ(svc.env[0].name, "DOCKER_TLS_CERTDIR");
  EXPECT_EQ(svc.env[0].value.text, "");
  ASSERT_EQ(svc.ports.size(), 1u);
  EXPECT_EQ(svc.ports[0].host_port, 2375u);
  EXPECT_EQ(r->at(svc.ports[0].span), "2375:2375");
  EXPECT_EQ(r->doc().containers[1].description, "GitHub Actions container of job \"build\"");
  EXPECT_EQ(r->doc().containers[1].image.text, "node:20");

  // workflow env; build's merged env; the service's and the job container's env; the build
  // step's merged env.
  ASSERT_EQ(r->doc().environments.size(), 5u);
  EXPECT_EQ(r->doc().environments[0].size(), 1u);
  EXPECT_EQ(r->at(r->doc().environments[0][0].value), "tcp://localhost:2375");
}

TEST(YamlCarrierGitHub, ServiceOnHostNetwork) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  t:\n"
      "    runs-on: ubuntu-latest\n"
      "    services:\n"
      "      dind:\n"
      "        image: ${{ matrix.image }}\n"
      "        options: --privileged --network host\n";
  const auto r = Lower(".github/workflows/t.yaml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  EXPECT_TRUE(r->doc().containers[0].host_network);
  EXPECT_FALSE(r->doc().containers[0].image.known);
  EXPECT_EQ(r->at(r->doc().containers[0].image.span), "${{ matrix.image }}");
}

TEST(YamlCarrierGitHub, CompositeAction) {
  const std::string text =
      "name: setup\n"
      "runs:\n"
      "  using: composite\n"
      "  steps:\n"
      "    - shell: bash\n"
      "      run: dockerd -H tcp://0.0.0.0:${{ inputs.port }} &\n";
  const auto r = Lower("action.yml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::GitHubActions);
  ASSERT_EQ(r->doc().scripts.size(), 1u);
  EXPECT_EQ(r->doc().scripts[0].text.text,
            "dockerd -H tcp://0.0.0.0:" + std::string(kUnknown) + " &");
}

// ---------------------------------------------------------------------------------------
// cloud-init

TEST(YamlCarrierCloudInit, WriteFilesAndCommands) {
  // "eyJob3N0cyI6IFsidGNwOi8vMC4wLjAuMDoyMzc1Il19" is base64 of
  // {"hosts": ["tcp://0.0.0.0:2375"]}
  const std::string text =
      "#cloud-config\n"
      "write_files:\n"
      "  - path: /etc/docker/daemon.json\n"
      "    content: |\n"
      "      {\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n"
      "  - path: /etc/docker/b64.json\n"
      "    encoding: b64\n"
      "    content: eyJob3N0cyI6IFsidGNwOi8v\n"
      "      MC4wLjAuMDoyMzc1Il19\n"
      "  - path: /etc/zipped\n"
      "    encoding: gz+b64\n"
      "    content: H4sIAAAAAAAA\n"
      "  - path: /etc/default/docker\n"
      "    append: true\n"
      "    content: DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"\n"
      "  - content: no path\n"
      "bootcmd:\n"
      "  - echo boot\n"
      "runcmd:\n"
      "  - systemctl daemon-reload\n"
      "  - [dockerd, -H, \"tcp://0.0.0.0:2375\"]\n"
      "  - [sh, -c, \"dockerd --tls=false &\"]\n"
      "  - |\n"
      "    export DOCKER_HOST=tcp://127.0.0.1:2375\n"
      "    docker ps\n"
      "  - {odd: mapping}\n";
  const auto r = Lower("cloud/user-data", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::CloudInit);
  ASSERT_EQ(r->doc().files.size(), 3u);
  const carrier::WrittenFile& f0 = r->doc().files[0];
  EXPECT_EQ(f0.path.text, "/etc/docker/daemon.json");
  EXPECT_EQ(r->at(f0.path.span), "/etc/docker/daemon.json");
  EXPECT_EQ(f0.content.text, "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n");
  EXPECT_EQ(f0.content.offsets[0], Find(text, "{\"hosts\""));
  EXPECT_FALSE(f0.line_edit);
  EXPECT_TRUE(f0.unknown.empty());
  EXPECT_EQ(r->at(f0.by).substr(0, 29), "path: /etc/docker/daemon.json");

  const carrier::WrittenFile& f1 = r->doc().files[1];
  EXPECT_EQ(f1.content.text, "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}");
  // Decoded bytes point at the first character of their 4-character group.
  const std::uint32_t b64 = Find(text, "eyJob3N0");
  EXPECT_EQ(f1.content.offsets[0], b64);
  EXPECT_EQ(f1.content.offsets[2], b64);
  EXPECT_EQ(f1.content.offsets[3], b64 + 4);
  const std::uint32_t second_line = Find(text, "MC4wLjAu");
  EXPECT_EQ(f1.content.offsets[18], second_line);  // 24 chars on line 1 = 18 bytes

  const carrier::WrittenFile& f2 = r->doc().files[2];
  EXPECT_EQ(f2.path.text, "/etc/default/docker");
  EXPECT_EQ(f2.content.text, "DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"");

  ASSERT_EQ(r->doc().commands.size(), 2u);
  EXPECT_EQ(Texts(r->doc().commands[0].argv),
            (std::vector<std::string>{"dockerd", "-H", "tcp://0.0.0.0:2375"}));
  EXPECT_EQ(r->at(r->doc().commands[0].argv[2].span), "tcp://0.0.0.0:2375");
  EXPECT_EQ(r->doc().commands[0].argv_text[2].text, "tcp://0.0.0.0:2375");

  // The engine lints a `sh -c` Command's script itself: no Script for it here.
  EXPECT_EQ(Texts(r->doc().commands[1].argv),
            (std::vector<std::string>{"sh", "-c", "dockerd --tls=false &"}));
  // bootcmd's script; runcmd's string lines.
  ASSERT_EQ(r->doc().scripts.size(), 2u);
  EXPECT_EQ(r->doc().scripts[0].text.text, "echo boot");
  const carrier::Script& run = r->doc().scripts[1];
  EXPECT_EQ(run.text.text,
            "systemctl daemon-reload\nexport DOCKER_HOST=tcp://127.0.0.1:2375\ndocker ps\n");
  EXPECT_EQ(run.text.offsets[run.text.text.find("export")], Find(text, "export DOCKER_HOST"));
  EXPECT_EQ(run.text.offsets[run.text.text.find('\n')], Find(text, "daemon-reload") + 12);
}

TEST(YamlCarrierCloudInit, JinjaAndCoreosUnits) {
  const std::string text =
      "## template: jinja\n"
      "#cloud-config\n"
      "write_files:\n"
      "  - path: /etc/docker/daemon.json\n"
      "    content: '{\"hosts\": [\"tcp://{{ ds.meta_data.local_ipv4 }}:2375\"]}'\n"
      "coreos:\n"
      "  units:\n"
      "    - name: docker-tcp.socket\n"
      "      content: |\n"
      "        [Socket]\n"
      "        ListenStream=2375\n"
      "    - name: docker.service\n"
      "      drop-ins:\n"
      "        - name: 50-opts.conf\n"
      "          content: |\n"
      "            [Service]\n"
      "            Environment=DOCKER_OPTS=--tls=false\n";
  const auto r = Lower("cloud-config.yml", text);
  ASSERT_EQ(r->doc().files.size(), 3u);
  const carrier::WrittenFile& f0 = r->doc().files[0];
  ASSERT_EQ(f0.unknown.size(), 1u);
  EXPECT_EQ(f0.content.text.substr(f0.unknown[0].first, f0.unknown[0].second - f0.unknown[0].first),
            "{{ ds.meta_data.local_ipv4 }}");
  EXPECT_EQ(r->doc().files[1].path.text, "/etc/systemd/system/docker-tcp.socket");
  EXPECT_EQ(r->at(r->doc().files[1].path.span), "docker-tcp.socket");
  EXPECT_EQ(r->doc().files[1].content.text, "[Socket]\nListenStream=2375\n");
  EXPECT_EQ(r->doc().files[2].path.text, "/etc/systemd/system/docker.service.d/50-opts.conf");
}

TEST(YamlCarrierCloudInit, CorpusCoreosTerraformTemplate) {
  const std::string text =
      "#cloud-config\n"
      "\n"
      "coreos:\n"
      "  etcd2:\n"
      "    discovery: ${etcd_discovery_url}\n"
      "  units:\n"
      "    - name: docker-tcp.socket\n"
      "      command: start\n"
      "      enable: true\n"
      "      content: |\n"
      "        [Socket]\n"
      "        ListenStream=4243\n"
      "        Service=docker.service\n"
      "    - name: docker.service\n"
      "      command: start\n"
      "      drop-ins:\n"
      "        - name: 50-insecure-registry.conf\n"
      "          content: |\n"
      "            [Service]\n"
      "            Environment=DOCKER_OPTS='--insecure-registry=\"${docker_regisry_host}\"'\n";
  const auto r = Lower("terraform/coreos-config.yaml.tpl", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::CloudInit);
  ASSERT_EQ(r->doc().files.size(), 2u);
  const carrier::WrittenFile& socket = r->doc().files[0];
  EXPECT_EQ(socket.path.text, "/etc/systemd/system/docker-tcp.socket");
  EXPECT_EQ(socket.content.text, "[Socket]\nListenStream=4243\nService=docker.service\n");
  EXPECT_EQ(socket.content.offsets[socket.content.text.find("4243")], Find(text, "4243"));
  EXPECT_TRUE(socket.unknown.empty());
  const carrier::WrittenFile& drop_in = r->doc().files[1];
  EXPECT_EQ(drop_in.path.text, "/etc/systemd/system/docker.service.d/50-insecure-registry.conf");
  ASSERT_EQ(drop_in.unknown.size(), 1u);  // Terraform's ${…} in a .tpl
  EXPECT_EQ(drop_in.content.text.substr(drop_in.unknown[0].first,
                                        drop_in.unknown[0].second - drop_in.unknown[0].first),
            "${docker_regisry_host}");
}

// ---------------------------------------------------------------------------------------
// Ansible

TEST(YamlCarrierAnsible, CorpusLineinfileTaskFile) {
  const std::string text =
      "---\n"
      "- name: Enable and start service docker\n"
      "  service:\n"
      "    name: docker\n"
      "    state: started\n"
      "    enabled: yes\n"
      "\n"
      "- name: \"Enable docker api in '{{ docker_service_path }}'\"\n"
      "  lineinfile:\n"
      "    dest: \"{{ docker_service_path }}\" \n"
      "    regexp: '^#?ExecStart='\n"
      "    line: \"ExecStart=/usr/bin/dockerd -H fd:// -H=tcp://0.0.0.0:2375 "
      "--containerd=/run/containerd/containerd.sock\" \n"
      "    state: present\n"
      "  when: docker.api == 'enable'\n";
  const auto r = Lower("roles/docker/tasks/main.yml", text);
  EXPECT_EQ(r->lowered.kind, YamlKind::Ansible);
  ASSERT_EQ(r->doc().files.size(), 1u);
  const carrier::WrittenFile& f = r->doc().files[0];
  EXPECT_TRUE(f.line_edit);
  EXPECT_EQ(f.path.text, "{{ docker_service_path }}");
  EXPECT_FALSE(f.path.known);
  EXPECT_EQ(f.content.text,
            "ExecStart=/usr/bin/dockerd -H fd:// -H=tcp://0.0.0.0:2375 "
            "--containerd=/run/containerd/containerd.sock");
  EXPECT_EQ(r->at(f.content), f.content.text);
  EXPECT_TRUE(f.unknown.empty());
}

TEST(YamlCarrierAnsible, PlaybookModules) {
  const std::string text =
      "- hosts: docker\n"
      "  become: true\n"
      "  environment:\n"
      "    PLAY: p\n"
      "  tasks:\n"
      "    - name: daemon.json\n"
      "      ansible.builtin.copy:\n"
      "        dest: /etc/docker/daemon.json\n"
      "        content: |\n"
      "          {\"hosts\": [\"tcp://{{ bind }}:2375\"]}\n"
      "    - name: free-form copy\n"
      "      copy: content='DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"' dest=/etc/default/docker\n"
      "    - block:\n"
      "        - block:\n"
      "            - name: start\n"
      "              shell: dockerd -H tcp://{{ addr }}:2375 & chdir=/tmp\n"
      "              environment:\n"
      "                DOCKER_HOST: tcp://127.0.0.1:2375\n"
      "      rescue:\n"
      "        - command: dockerd --tls=false\n"
      "      always:\n"
      "        - ansible.legacy.command:\n"
      "            argv: [sh, -c, \"docker -H tcp://h:2375 ps\"]\n"
      "        - raw: echo raw\n"
      "    - name: unit\n"
      "      template:\n"
      "        src: docker.service.j2\n"
      "        dest: /etc/systemd/system/docker.service\n"
      "    - blockinfile:\n"
      "        path: /etc/default/docker\n"
      "        block: DOCKER_OPTS=\"--tls=false\"\n"
      "    - shell: Get-Process\n"
      "      args: {executable: pwsh}\n";
  const std::string unit =
      "[Service]\nExecStart=/usr/bin/dockerd -H tcp://{{ docker_bind }}:2375\n";
  const auto r = Lower("playbook.yml", text, {{"templates/docker.service.j2", unit}});
  EXPECT_EQ(r->lowered.kind, YamlKind::Ansible);

  ASSERT_EQ(r->doc().files.size(), 4u);
  const carrier::WrittenFile& f0 = r->doc().files[0];
  EXPECT_EQ(f0.path.text, "/etc/docker/daemon.json");
  EXPECT_EQ(f0.content.text, "{\"hosts\": [\"tcp://{{ bind }}:2375\"]}\n");
  ASSERT_EQ(f0.unknown.size(), 1u);
  EXPECT_EQ(f0.unknown[0].first, f0.content.text.find("{{"));
  EXPECT_FALSE(f0.line_edit);
  const carrier::WrittenFile& f1 = r->doc().files[1];
  EXPECT_EQ(f1.path.text, "/etc/default/docker");
  EXPECT_EQ(r->at(f1.path.span), "/etc/default/docker");
  EXPECT_EQ(f1.content.text, "DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"");
  EXPECT_EQ(r->at(f1.content), "DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"");
  const carrier::WrittenFile& f2 = r->doc().files[2];
  EXPECT_EQ(f2.path.text, "/etc/systemd/system/docker.service");
  EXPECT_EQ(f2.content.file, kFile + 1);
  EXPECT_EQ(f2.content.text, unit);
  ASSERT_EQ(f2.unknown.size(), 1u);
  EXPECT_EQ(f2.content.text.substr(f2.unknown[0].first, f2.unknown[0].second - f2.unknown[0].first),
            "{{ docker_bind }}");
  EXPECT_EQ(r->at(f2.by).substr(0, 10), "name: unit");
  const carrier::WrittenFile& f3 = r->doc().files[3];
  EXPECT_TRUE(f3.line_edit);
  EXPECT_EQ(f3.content.text, "DOCKER_OPTS=\"--tls=false\"");

  // shell (nested blocks) and raw; not the pwsh one (the argv's sh -c is a Command).
  ASSERT_EQ(r->doc().scripts.size(), 2u);
  const carrier::Script& s0 = r->doc().scripts[0];
  EXPECT_EQ(s0.text.text, "dockerd -H tcp://" + std::string(kUnknown) + ":2375 &");
  EXPECT_EQ(s0.text.offsets[0], Find(text, "dockerd -H tcp://{{"));
  ASSERT_EQ(s0.env.size(), 2u);
  EXPECT_EQ(s0.env[0].name, "PLAY");
  EXPECT_EQ(s0.env[1].name, "DOCKER_HOST");
  EXPECT_EQ(r->doc().scripts[1].text.text, "echo raw");

  ASSERT_EQ(r->doc().commands.size(), 2u);
  EXPECT_EQ(Texts(r->doc().commands[0].argv), (std::vector<std::string>{"dockerd", "--tls=false"}));
  EXPECT_EQ(r->at(r->doc().commands[0].argv[1].span), "--tls=false");
  EXPECT_EQ(Texts(r->doc().commands[1].argv),
            (std::vector<std::string>{"sh", "-c", "docker -H tcp://h:2375 ps"}));
}

TEST(YamlCarrierAnsible, TemplateLookupInRole) {
  const std::string text =
      "- name: daemon config\n"
      "  ansible.builtin.template:\n"
      "    src: daemon.json.j2\n"
      "    dest: /etc/docker/daemon.json\n"
      "- name: missing template\n"
      "  template: src=nowhere.j2 dest=/etc/x\n";
  const std::string tmpl =
      "{\"hosts\": [\"tcp://0.0.0.0:2375\"]{% if tls %}, \"tls\": true{% endif %}}\n";
  const auto r =
      Lower("roles/docker/tasks/main.yml", text, {{"../templates/daemon.json.j2", tmpl}});
  ASSERT_EQ(r->doc().files.size(), 1u);
  const carrier::WrittenFile& f = r->doc().files[0];
  EXPECT_EQ(f.content.file, kFile + 1);
  EXPECT_EQ(f.content.offsets[0], 0u);
  EXPECT_EQ(f.unknown.size(), 2u);
}

TEST(YamlCarrierAnsible, DockerContainerModule) {
  const std::string text =
      "- hosts: all\n"
      "  tasks:\n"
      "    - community.docker.docker_container:\n"
      "        name: dind\n"
      "        image: docker:dind\n"
      "        privileged: true\n"
      "        env:\n"
      "          DOCKER_TLS_CERTDIR: \"\"\n"
      "        published_ports: [\"0.0.0.0:2375:2375\"]\n"
      "        command: --tls=false\n"
      "    - docker_container: {name: gone, image: docker:dind, state: absent}\n";
  const auto r = Lower("site.yml", text);
  ASSERT_EQ(r->doc().containers.size(), 1u);
  const carrier::Container& c = r->doc().containers[0];
  EXPECT_EQ(c.description, "Ansible docker_container \"dind\"");
  EXPECT_EQ(c.image.text, "docker:dind");
  ASSERT_EQ(c.env.size(), 1u);
  EXPECT_EQ(c.env[0].value.text, "");
  ASSERT_EQ(c.ports.size(), 1u);
  EXPECT_EQ(c.ports[0].host_ip, "0.0.0.0");
  EXPECT_TRUE(c.has_command);
  EXPECT_EQ(Texts(c.command), (std::vector<std::string>{"--tls=false"}));
}

// ---------------------------------------------------------------------------------------
// Robustness

TEST(YamlCarrierOdd, WrongTypesEverywhere) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"docker-compose.yml", "services: [a, b]\n"},
      {"docker-compose.yml",
       "services:\n  a: 1\n  b: {image: [x], environment: 5, ports: "
       "{a: b}, command: {x: y}, entrypoint: 3, env_file: {}}\n"},
      {"docker-compose.yml",
       "services:\n  a: {image: x, ports: [[1], {target: x}, \"\"], "
       "environment: [[A]], extends: {service: [x]}}\n"},
      {"docker-compose.yml", "- just a list\n"},
      {"k.yaml",
       "apiVersion: v1\nkind: Pod\nspec: {containers: [1, {env: [1, {name: [x]}], "
       "ports: [{containerPort: abc}], command: x, args: {a: b}}]}\n"},
      {"k.yaml", "apiVersion: v1\nkind: List\nitems: {a: b}\n"},
      {".gitlab-ci.yml",
       "variables: [a]\ndefault: 3\njob: {services: {a: b}, script: {a: b}, "
       "extends: {a: b}, variables: [1], inherit: 5}\n"},
      {".gitlab-ci.yml",
       "include: {local: []}\njob: {script: [!reference [], !reference "
       "[nope, script]]}\n"},
      {".gitlab-ci.yml", "[1, 2]\n"},
      {".github/workflows/x.yml",
       "on: push\njobs: {a: {steps: {run: x}, services: [a], "
       "container: [x], env: [a]}, b: 3}\n"},
      {".github/workflows/x.yml", "jobs:\n  a:\n    steps:\n      - run: [x]\n        env: x\n"},
      {"user-data", "#cloud-config\nwrite_files: {path: x}\nruncmd: x\nbootcmd: [[], [[x]], 3]\n"},
      {"user-data",
       "#cloud-config\nwrite_files: [{path: [x]}, {path: x, encoding: b64, "
       "content: '!!notb64'}, {path: y, content: {a: b}}]\n"},
      {"x.yml", "- hosts: all\n  tasks: {a: b}\n  environment: [x]\n"},
      {"x.yml",
       "- copy: [x]\n- template: 3\n- lineinfile: {line: [x]}\n- shell: {a: b}\n"
       "- command: {argv: x}\n- block: x\n"},
  };
  for (const auto& [path, text] : cases) {
    SCOPED_TRACE(path + ": " + text);
    const auto r = Lower(path, text);
    (void)r;
  }
}

TEST(YamlCarrierOdd, DeepNestingAndLongChains) {
  // Nested Ansible blocks deeper than the cap, and a long extends chain.
  std::string ansible;
  std::string indent;
  for (int k = 0; k < 200; ++k) {
    ansible += indent + "- block:\n";
    indent += "    ";
  }
  ansible += indent + "- shell: echo deep\n";
  const auto a = Lower("deep.yml", ansible);
  EXPECT_TRUE(a->doc().scripts.empty());

  std::string gitlab = "j0: {script: [echo 0]}\n";
  for (int k = 1; k < 300; ++k) {
    gitlab += "j" + std::to_string(k) + ": {extends: j" + std::to_string(k - 1) + "}\n";
  }
  const auto g = Lower(".gitlab-ci.yml", gitlab);
  EXPECT_EQ(g->lowered.kind, YamlKind::GitLabCi);
  EXPECT_FALSE(g->doc().scripts.empty());

  // Every job extends every job before it: diamonds everywhere, walked within a budget.
  std::string fan = "f0: {script: [echo 0]}\n";
  for (int k = 1; k < 40; ++k) {
    fan += "f" + std::to_string(k) + ": {extends: [";
    for (int j = 0; j < k; ++j) fan += (j > 0 ? ", f" : "f") + std::to_string(j);
    fan += "]}\n";
  }
  const auto d = Lower(".gitlab-ci.yml", fan);
  EXPECT_EQ(d->doc().scripts.size(), 40u);

  std::string flow = "services: {a: {image: x, command: ";
  for (int k = 0; k < 500; ++k) flow += "[";
  for (int k = 0; k < 500; ++k) flow += "]";
  flow += "}}\n";
  const auto f = Lower("docker-compose.yml", flow);
  EXPECT_EQ(f->lowered.kind, YamlKind::Compose);
}

TEST(YamlCarrierOdd, BadYamlReportsProblem) {
  const auto r = Lower("docker-compose.yml", "services:\n  a: [unclosed\n");
  EXPECT_EQ(r->lowered.kind, YamlKind::Compose);
  EXPECT_FALSE(r->doc().problems.empty());
}

}  // namespace
}  // namespace dl

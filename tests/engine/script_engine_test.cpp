// What the engine makes of shell scripts beyond the fixtures' closed world: the related
// locations of findings in written documents, firewall context and variable references.
#include <gtest/gtest.h>

#include <string>

#include "linter/engine/engine.h"

namespace dl {
namespace {

ScanResult scan(const std::string& path, const std::string& text) {
  return scan_buffers({{path, text, std::nullopt}}, EngineOptions{});
}

std::string at(const ScanResult& r, Span span) {
  return std::string(r.file(span.file).slice(span));
}

const Finding* find(const ScanResult& r, std::string_view rule) {
  for (const Finding& f : r.findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

const RelatedLocation* related(const Finding& f, std::string_view message_part) {
  for (const RelatedLocation& r : f.related) {
    if (r.message.find(message_part) != std::string::npos) return &r;
  }
  return nullptr;
}

TEST(ScriptEngine, WrittenDocumentFindingsPointIntoTheScriptAndNameTheTarget) {
  const std::string script =
      "cat <<'EOF' | sudo tee /etc/docker/daemon.json\n{\"hosts\": [\"tcp://10.0.0.5:2375\"]}\n"
      "EOF\n";
  const ScanResult r = scan("setup.sh", script);
  const Finding* f = find(r, "DE101");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->span.file, 0u);
  EXPECT_EQ(at(r, f->span), "tcp://10.0.0.5:2375");
  const RelatedLocation* target = related(*f, "written to /etc/docker/daemon.json");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(at(r, target->span), "/etc/docker/daemon.json");
  const RelatedLocation* root = related(*f, "tlsverify");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(at(r, root->span), "{");
  EXPECT_EQ(r.files.size(), 1u);  // written documents are not files of the report
  EXPECT_EQ(r.files_scanned, 1u);
}

TEST(ScriptEngine, RestrictedFirewallRuleIsContextOnTheListener) {
  const std::string script =
      "iptables -A INPUT -s 10.0.5.0/24 -p tcp --dport 2375 -j ACCEPT\n"
      "dockerd -H tcp://0.0.0.0:2375 &\n";
  const ScanResult r = scan("up.sh", script);
  EXPECT_EQ(find(r, "DE108"), nullptr);
  for (const std::string_view rule : {"DE101", "DE103"}) {
    const Finding* f = find(r, rule);
    ASSERT_NE(f, nullptr) << rule;
    const RelatedLocation* fw = related(*f, "reachable only from 10.0.5.0/24");
    ASSERT_NE(fw, nullptr) << rule;
    EXPECT_EQ(at(r, fw->span).substr(0, 11), "iptables -A");
  }
}

TEST(ScriptEngine, VariableReferenceIsARelatedLocation) {
  const std::string script = "OPTS=\"-H tcp://0.0.0.0:2375\"\ndockerd $OPTS\n";
  const ScanResult r = scan("run.sh", script);
  const Finding* f = find(r, "DE101");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(at(r, f->span), "tcp://0.0.0.0:2375");
  bool via = false;
  for (const RelatedLocation& rel : f->related) via = via || at(r, rel.span) == "$OPTS";
  EXPECT_TRUE(via);
}

TEST(ScriptEngine, ClientFindingsFollowTheScriptsTlsEnvironment) {
  const ScanResult plain = scan("ci.sh", "export DOCKER_HOST=tcp://docker:2375\ndocker info\n");
  ASSERT_NE(find(plain, "DE301"), nullptr);
  EXPECT_EQ(at(plain, find(plain, "DE301")->span), "tcp://docker:2375");
  const ScanResult verified = scan(
      "ci.sh", "export DOCKER_HOST=tcp://docker:2375\nexport DOCKER_TLS_VERIFY=1\ndocker info\n");
  EXPECT_EQ(find(verified, "DE301"), nullptr);
  // A prefix assignment applies to its own command only.
  const ScanResult prefix =
      scan("ci.sh", "DOCKER_TLS_VERIFY=1 docker -H tcp://a:2375 ps\ndocker -H tcp://b:2375 ps\n");
  ASSERT_EQ(prefix.findings.size(), 1u);
  EXPECT_EQ(at(prefix, prefix.findings[0].span), "tcp://b:2375");
}

TEST(ScriptEngine, UnreachableWritesAndCommandsAreNotFindings) {
  const std::string script =
      "exit 0\ncat > /etc/docker/daemon.json <<EOF\n{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\nEOF\n"
      "iptables -A INPUT -p tcp --dport 2375 -j ACCEPT\n";
  EXPECT_TRUE(scan("x.sh", script).findings.empty());
}

}  // namespace
}  // namespace dl

#include "linter/engine/prefilter.h"

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dl::prefilter {
namespace {

// A token and the offset of the two bytes inside it the scan looks for (a pair that is
// rare in ordinary text, so that few positions need the full comparison).
struct Token {
  std::string_view text;
  std::size_t anchor;
};

// What every rule's input mentions, by the rules that read it:
// - DE0xx, DE1xx, DE2xx: a dockerd (or `docker daemon`) command line, a unit or file it
//   reads (/etc/docker/…, docker.service, default/docker), a DOCKER_OPTS-style variable, a
//   docker:dind image: "docker" in one of three cases, "dind", or the daemon's ports;
// - DE3xx: DOCKER_HOST, `docker -H`, `docker context`: "docker";
// - DE108 and the firewall notes on DE101–DE103: iptables, ip6tables, ufw, firewall-cmd,
//   nft rules (on any port, since the daemon's own port may be set in another file);
// - socat relays of the Docker socket: "socat" (the socket's path may be a variable);
// - DE9xx: `# dockerd-lint:` directives contain "docker".
constexpr std::array kAnyKind{
    Token{"docker", 2}, Token{"Docker", 2},       Token{"DOCKER", 2},   Token{"dind", 0},
    Token{"2375", 1},   Token{"2376", 1},         Token{"iptables", 1}, Token{"ip6tables", 2},
    Token{"ufw", 1},    Token{"firewall-cmd", 7}, Token{"nft", 1},      Token{"socat", 3},
};

// Carriers that read other files of the tree, whose content is then linted in the reading
// file's context: GitLab `include:`, compose `extends:` (with `file:`) and `env_file:`, the
// `src:`/`src=` of Ansible's template and copy; Terraform `file()` and `templatefile()`.
// (Ansible's include_tasks and import_* are not followed, and ordinary YAML is full of the
// word "import".)
constexpr std::array kYamlReferences{
    Token{"include", 2}, Token{"extends", 1}, Token{"env_file", 3},
    Token{"src:", 1},    Token{"src=", 1},
};
constexpr std::array kTerraformReferences{Token{"file", 1}};

std::uint16_t pair_at(const char* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                    static_cast<unsigned char>(p[1]));
}

class TokenSet {
 public:
  template <typename... Lists>
  explicit TokenSet(const Lists&... lists) {
    (add(lists), ...);
  }

  // One pass over the bytes: a two-byte table lookup per position, and a comparison only
  // where an anchor pair occurs.
  bool found_in(std::string_view text) const {
    if (text.size() < 2) return false;
    const char* const data = text.data();
    const std::size_t size = text.size();
    for (std::size_t i = 0; i + 1 < size; ++i) {
      const std::uint16_t pair = pair_at(data + i);
      if (!anchors_[pair]) continue;
      for (const Token& token : tokens_) {
        if (pair_at(token.text.data() + token.anchor) != pair || i < token.anchor) continue;
        const std::size_t start = i - token.anchor;
        if (start + token.text.size() <= size &&
            std::memcmp(data + start, token.text.data(), token.text.size()) == 0) {
          return true;
        }
      }
    }
    return false;
  }

 private:
  template <typename List>
  void add(const List& list) {
    for (const Token& token : list) {
      tokens_.push_back(token);
      anchors_.set(pair_at(token.text.data() + token.anchor));
    }
  }

  std::bitset<65536> anchors_;
  std::vector<Token> tokens_;
};

}  // namespace

bool may_matter(FileKind kind, std::string_view bytes) {
  static const TokenSet scripts(kAnyKind);
  static const TokenSet yaml(kAnyKind, kYamlReferences);
  static const TokenSet terraform(kAnyKind, kTerraformReferences);
  switch (kind) {
    case FileKind::DaemonJson:
    case FileKind::ConfigFileCandidate:
    case FileKind::SystemdService:
    case FileKind::SystemdDropIn:
    case FileKind::SystemdSocket:
    case FileKind::EnvFile: return true;
    case FileKind::ShellScript:
    case FileKind::Dockerfile: return scripts.found_in(bytes);
    case FileKind::Yaml: return yaml.found_in(bytes);
    case FileKind::Terraform: return terraform.found_in(bytes);
    case FileKind::Unknown: return false;
  }
  return true;
}

}  // namespace dl::prefilter

// What the files that carry Docker configuration inside them (compose files, Kubernetes
// manifests, CI pipelines, cloud-init, Ansible tasks, Terraform, Dockerfiles) hand to the
// engine: shell scripts to lint in place, command lines, files they write, and containers
// with their image, environment, command and published ports. Every value keeps the file
// offset of each byte, so findings point into the carrier file.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::carrier {

// NAME=value from an `environment:`/`env:`/`variables:`/ENV; value.offsets point at the value.
struct EnvVar {
  std::string name;
  Span name_span;
  SourcedText value;  // value.known = false when templating or an unknown reference decides it
  // The value as written (a YAML scalar with its quotes): where an empty value (`""`), which
  // has no offsets, is. Invalid when the carrier does not set it.
  Span value_span;
};

// Shell text to lint as a script (`run: |`, `script:` lines, `RUN`, cloud-init `runcmd`, an
// Ansible `shell:`), started with the environment `env`. In YAML carriers, template syntax
// and other unknowable bytes (`{{ }}`, `${{ }}`, compose `${VAR}`) are replaced by
// `${__DOCKERD_LINT_UNKNOWN__}`, a variable no script sets, mapped to the bytes it replaces.
struct Script {
  SourcedText text;
  std::vector<EnvVar> env;
};

// An exec-form command line (`command: ["dockerd", "-H", …]`, `CMD ["…"]`), run with `env`.
struct Command {
  std::vector<Word> argv;
  std::vector<SourcedText> argv_text;  // argv[i] with per-byte offsets
  std::vector<EnvVar> env;
};

// A file the carrier writes on the target machine (cloud-init `write_files`, Ansible
// `copy: content:`), parsed as the kind its path names.
struct WrittenFile {
  Word path;
  SourcedText content;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown;  // ranges of content.text
  Span by;                                                       // the entry that writes it
  // Ansible lineinfile: `content` is one line put into an existing file (an ExecStart= of a
  // unit, a DOCKER_OPTS= of an env file), not the whole file.
  bool line_edit = false;
};

// `ports: ["0.0.0.0:2375:2375"]`: a container port published on the host.
struct PublishedPort {
  std::string host_ip;  // "" for every interface
  std::uint32_t host_port = 0;
  std::uint32_t container_port = 0;
  bool tcp = true;
  Span span;  // the port entry
};

// A container a carrier runs (compose service, Kubernetes container, CI service, the final
// stage of a Dockerfile).
// A `sh -c "…"` in a container's command or entrypoint is also listed in Document::scripts
// (with the container's env), so the engine lints it once, as a script.
struct Container {
  std::string description;  // for messages: `compose service "docker"`, `GitLab CI service
                            // "docker:dind" of job "build"`
  Word image;               // as written, "docker:24-dind"; known=false when templated
  std::vector<EnvVar> env;  // in effect for the container, inherited ones first
  bool has_entrypoint = false;
  std::vector<Word> entrypoint;
  bool has_command = false;  // command/args given (overrides the image's CMD)
  std::vector<Word> command;
  std::vector<PublishedPort> ports;
  std::vector<std::pair<Word, PortRange>> exposed;  // Dockerfile EXPOSE
  // Shares the host's network namespace (compose `network_mode: host`, Kubernetes
  // `hostNetwork: true`, GitHub `options: --network host`): whatever the container listens
  // on listens on the host's interfaces, declared ports or not.
  bool host_network = false;
};

struct Document {
  std::vector<Script> scripts;
  std::vector<Command> commands;
  std::vector<WrittenFile> files;
  std::vector<Container> containers;
  // Environments that set client variables without running anything here (a GitLab
  // `variables:` block, a workflow `env:`): read for DOCKER_HOST and DOCKER_TLS_*.
  std::vector<std::vector<EnvVar>> environments;
  std::vector<SyntaxError> problems;  // the carrier could not be read (bad YAML)
};

}  // namespace dl::carrier

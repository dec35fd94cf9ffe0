// YAML files that carry Docker configuration: docker-compose, Kubernetes manifests (and Helm
// templates), GitLab CI, GitHub Actions workflows, cloud-init, Ansible tasks and playbooks.
// Each is recognised by its path and content and lowered into a carrier::Document.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "linter/core/source_file.h"
#include "parsers/carriers/carrier.h"

namespace dl::carriers {

enum class YamlKind { None, Compose, Kubernetes, GitLabCi, GitHubActions, CloudInit, Ansible };

// Another file of the scanned tree, by a path relative to the directory of the file being
// lowered ("templates/daemon.json.j2", "ci/docker.yml"); nullptr when it is not in the tree.
// The engine registers it so spans into it are reportable.
using FileLookup = std::function<const SourceFile*(std::string_view relative_path)>;

// The kind a file's path alone decides (docker-compose*.yml, compose*.yaml, .gitlab-ci.yml,
// .github/workflows/*.yml, user-data*, cloud-config*), else None (content decides later).
YamlKind kind_from_path(std::string_view display_path);

struct Lowered {
  YamlKind kind = YamlKind::None;
  carrier::Document document;
};

// Parses `file` as YAML (template syntax tolerated: Helm/Jinja `{{ }}`, GitHub `${{ }}`) and
// lowers it when it is one of the carriers; kind None when it is some other YAML.
//
// Without a kind from the path, the content decides: `#cloud-config` (or `## template: jinja`
// then `#cloud-config`), a document with apiVersion and kind, a workflow (`on:` + jobs with
// runs-on/steps) or composite action, a `services:` map of image/build entries, a GitLab-like
// map of jobs with `script:`, a list of Ansible plays or tasks.
//
// Template syntax by kind: Kubernetes, Ansible and `## template: jinja` cloud-config take
// `{{ }}`/`{% %}`/`{# #}`; GitHub takes `${{ }}`; compose and GitLab CI have none (their `{{`
// is literal); a .j2/.jinja name makes any file Jinja, a .tpl/.tmpl name (and a Terraform
// payload, "main.tf:user_data.yaml") also `${ }`/`%{ }`. Template bytes are unknown: Words and
// env values known=false, WrittenFile.unknown ranges, Script text gets a placeholder.
//
// Lookups: GitLab `include: local:` (leading '/' dropped, then retried from the scan root),
// compose `env_file:` and `extends: file:`, Ansible `template:` src (../templates/<src>,
// templates/<src>, <src>) and `copy:` src (../files/<src>, files/<src>, <src>).
//
// Not read: GitLab remote/project/template includes and `rules:variables`, compose .env
// interpolation values (interpolations are unknown), Kubernetes envFrom, Ansible roles,
// include_tasks and vars, cloud-init gzip payloads, multipart user-data, Jinja conditionals
// (both branches are kept as text).
Lowered lower_yaml(const SourceFile& file, const FileLookup& lookup);

}  // namespace dl::carriers

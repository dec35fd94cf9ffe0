// Recognition of the YAML carriers, and the lowering of the two that describe containers
// directly: compose files and Kubernetes manifests (Helm templates included). CI pipelines
// are in ci_carriers.cpp, cloud-init and Ansible in provisioning_carriers.cpp.
#include "parsers/carriers/yaml_carriers.h"

#include <deque>
#include <memory>
#include <set>

#include "parsers/carriers/yaml_support.h"

namespace dl::carriers {
namespace {

using detail::child;
using detail::Context;
using detail::Env;
using detail::is_mapping;
using detail::is_null;
using detail::is_scalar;
using detail::is_sequence;
using detail::items_of;
using detail::Masked;
using detail::Node;
using detail::Source;
using detail::text_of;

bool ends_with_yaml(std::string_view name) {
  return name.ends_with(".yml") || name.ends_with(".yaml");
}

std::string_view strip_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

std::string_view first_line(std::string_view text, std::size_t skip_lines = 0) {
  for (std::size_t k = 0; k < skip_lines; ++k) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    text.remove_prefix(nl + 1);
  }
  std::string_view line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

// cloud-init reads `## template: jinja` on the first line and the part type on the next.
bool is_jinja_cloud_config(std::string_view text) {
  text = strip_bom(text);
  return first_line(text).starts_with("## template:") &&
         first_line(text, 1).starts_with("#cloud-config");
}

bool has_cloud_config_header(std::string_view text) {
  text = strip_bom(text);
  // Leading blank lines (a Terraform heredoc's first newline) are tolerated, as the engine
  // does for payloads.
  const auto first = text.find_first_not_of(" \t\r\n");
  text.remove_prefix(first == std::string_view::npos ? text.size() : first);
  return first_line(text).starts_with("#cloud-config") || is_jinja_cloud_config(text);
}

bool looks_like_kubernetes(const Node& root) {
  return is_scalar(child(&root, "apiVersion")) && is_scalar(child(&root, "kind"));
}

bool looks_like_compose(const Node& root) {
  const Node* services = child(&root, "services");
  if (!is_mapping(services)) return false;
  for (const auto& [name, service] : services->entries) {
    if (child(&service, "image") != nullptr || child(&service, "build") != nullptr) return true;
  }
  return false;
}

YamlKind detect(std::string_view text, const yaml::Stream& stream) {
  if (has_cloud_config_header(text)) return YamlKind::CloudInit;
  for (const yaml::Document& d : stream.documents) {
    if (looks_like_kubernetes(d.root)) return YamlKind::Kubernetes;
  }
  if (stream.documents.empty()) return YamlKind::None;
  const Node& root = stream.documents.front().root;
  if (detail::looks_like_github(root)) return YamlKind::GitHubActions;
  if (looks_like_compose(root)) return YamlKind::Compose;
  if (detail::looks_like_gitlab(root)) return YamlKind::GitLabCi;
  if (detail::looks_like_ansible(root)) return YamlKind::Ansible;
  return YamlKind::None;
}

// The template syntax each kind has: Helm and Jinja tags for manifests, playbooks and
// Jinja cloud-config; GitHub's expressions; none in compose files and GitLab CI, whose
// `{{ }}` is literal (docker inspect -f '{{ .State }}'). A template file name (.j2, .tpl)
// makes the file a template whatever it carries.
std::vector<tmpl::Region> regions_for(YamlKind kind, const SourceFile& file) {
  const auto end = static_cast<std::uint32_t>(file.text.size());
  const std::string_view name = detail::base_name(file.path);
  // A Terraform payload the engine lints as a file of its own ("main.tf:user_data.yaml"):
  // its `${…}` and `%{…}` are Terraform's, kept as written.
  if (file.path.find(".tf:") != std::string::npos) {
    return tmpl::find_regions(file.text, file.content_start, end);
  }
  if (tmpl::is_template_name(name)) {
    // Terraform/Go templates (.tpl, .tmpl) interpolate `${…}` too; Jinja (.j2) does not.
    if (name.ends_with(".tpl") || name.ends_with(".tmpl")) {
      return tmpl::find_regions(file.text, file.content_start, end);
    }
    return detail::jinja_regions(file.text, file.content_start, end);
  }
  switch (kind) {
    case YamlKind::Kubernetes:
    case YamlKind::Ansible: return detail::jinja_regions(file.text, file.content_start, end);
    case YamlKind::GitHubActions: return detail::github_regions(file.text, file.content_start, end);
    case YamlKind::CloudInit:
      if (is_jinja_cloud_config(file.text)) {
        return detail::jinja_regions(file.text, file.content_start, end);
      }
      return {};
    default: return {};
  }
}

// ---------------------------------------------------------------------------------------
// Compose

struct Layer {
  const Source* src;
  const Node* node;
};

class ComposeLowering {
 public:
  explicit ComposeLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) {
      const Node* services = child(&d.root, "services");
      // Compose file format v1 had the services at the top level.
      if (services == nullptr && child(&d.root, "version") == nullptr) services = &d.root;
      if (!is_mapping(services)) continue;
      for (const auto& [key, service] : services->entries) {
        if (!is_mapping(&service)) continue;
        const std::string name(text_of(&key));
        if (services == &d.root && child(&service, "image") == nullptr &&
            child(&service, "build") == nullptr) {
          continue;  // v1: only mappings that are services
        }
        std::vector<Layer> layers;
        std::set<std::string> seen;
        collect(&c_.src, services, name, &service, layers, seen, 0);
        lower_service(name, layers);
      }
    }
  }

 private:
  // The service and what it `extends` (same file, or `file:` through the lookup), lowest
  // priority first.
  void collect(const Source* src, const Node* services, const std::string& name,
               const Node* service, std::vector<Layer>& out, std::set<std::string>& seen,
               int depth) {
    if (depth > detail::kMaxDepth || !is_mapping(service)) return;
    if (!seen.insert(std::to_string(src->id()) + "/" + name).second) return;  // a cycle
    const Node* extends = child(service, "extends");
    if (extends != nullptr) {
      std::string base(text_of(extends));
      const Source* base_src = src;
      const Node* base_services = services;
      if (is_mapping(extends)) {
        base = std::string(text_of(child(extends, "service")));
        const std::string_view file = text_of(child(extends, "file"));
        if (!file.empty()) {
          base_services = nullptr;
          if (const auto* other = load(file)) {
            base_src = &other->src;
            for (const yaml::Document& d : other->parsed.stream.documents) {
              if (const Node* s = child(&d.root, "services")) base_services = s;
            }
          }
        }
      }
      if (!base.empty() && base_services != nullptr) {
        collect(base_src, base_services, base, child(base_services, base), out, seen, depth + 1);
      }
    }
    out.push_back({src, service});
  }

  struct Loaded {
    Source src;
    detail::ParsedFile parsed;
  };

  const Loaded* load(std::string_view path) {
    if (!c_.lookup) return nullptr;
    while (path.starts_with("./")) path.remove_prefix(2);
    const SourceFile* file = c_.lookup(path);
    if (file == nullptr || loaded_.size() > 16) return nullptr;
    auto& entry = loaded_.emplace_back();
    entry.src.file = file;
    entry.parsed = detail::parse_yaml(*file, {});
    return &entry;
  }

  // The highest layer that sets `key`.
  static const Layer* top(const std::vector<Layer>& layers, std::string_view key,
                          const Node** value) {
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
      if (const Node* v = child(it->node, key)) {
        *value = v;
        return &*it;
      }
    }
    return nullptr;
  }

  Masked text(const Source& src, const Node& n) const {
    return detail::compose_interpolate(detail::masked(src, n));
  }

  // env_file: paths are relative to the compose file's directory.
  void add_env_file(Env& env, std::string_view path) {
    if (!c_.lookup) return;
    while (path.starts_with("./")) path.remove_prefix(2);
    const SourceFile* file = c_.lookup(path);
    if (file == nullptr) return;
    read_env_file(*file, env);
  }

  // Compose's .env format: NAME=value lines, `export ` prefixes, # comments, quoted values.
  static void read_env_file(const SourceFile& file, Env& env) {
    const std::string& t = file.text;
    std::size_t pos = file.content_start;
    while (pos < t.size()) {
      std::size_t eol = t.find('\n', pos);
      if (eol == std::string::npos) eol = t.size();
      std::size_t k = pos;
      const std::size_t line_end = eol > pos && t[eol - 1] == '\r' ? eol - 1 : eol;
      pos = eol + 1;
      while (k < line_end && (t[k] == ' ' || t[k] == '\t')) ++k;
      if (t.compare(k, 7, "export ") == 0) k += 7;
      while (k < line_end && (t[k] == ' ' || t[k] == '\t')) ++k;
      const std::size_t name_begin = k;
      while (k < line_end && t[k] != '=' && t[k] != ' ' && t[k] != '\t' && t[k] != '#') ++k;
      if (k == name_begin || k >= line_end || t[k] != '=') continue;
      const std::string name = t.substr(name_begin, k - name_begin);
      const Span name_span{file.id, static_cast<std::uint32_t>(name_begin),
                           static_cast<std::uint32_t>(k)};
      ++k;
      Masked value;
      value.text.file = file.id;
      value.whole = Span{file.id, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k)};
      if (k < line_end && (t[k] == '"' || t[k] == '\'')) {
        const char quote = t[k++];
        while (k < line_end && t[k] != quote) {
          if (quote == '"' && t[k] == '\\' && k + 1 < line_end) ++k;
          value.push(t[k], static_cast<std::uint32_t>(k), false);
          ++k;
        }
      } else {
        while (k < line_end && !(t[k] == '#' && k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))) {
          value.push(t[k], static_cast<std::uint32_t>(k), false);
          ++k;
        }
        while (value.size() > 0 &&
               (value.text.text.back() == ' ' || value.text.text.back() == '\t')) {
          value.text.text.pop_back();
          value.text.offsets.pop_back();
          value.unknown.pop_back();
        }
      }
      value = detail::compose_interpolate(value);
      env.set(detail::make_env(name, name_span, value), value);
    }
  }

  void add_environment(Env& env, const Source& src, const Node* environment) {
    if (is_mapping(environment)) {
      for (const auto& [key, value] : environment->entries) {
        Masked v;
        if (is_null(&value)) {  // `NAME:` takes the value from compose's own environment
          v.text.file = src.id();
          v.whole = Span{src.id(), value.span.begin, value.span.begin};
          v.text.known = false;
        } else {
          v = text(src, value);
        }
        env.set(detail::make_env(std::string(text_of(&key)), key.span, v), v);
      }
      return;
    }
    for (const Node* item : items_of(environment)) {
      if (!is_scalar(item)) continue;
      const Masked m = detail::masked(src, *item);
      const auto eq = m.text.text.find('=');
      const std::size_t name_end = eq == std::string::npos ? m.size() : eq;
      if (name_end == 0) continue;
      Masked v;
      if (eq == std::string::npos) {  // `- NAME`: from compose's own environment
        v.text.file = src.id();
        v.whole = Span{src.id(), item->span.end, item->span.end};
        v.text.known = false;
      } else {
        v = detail::compose_interpolate(m.slice(eq + 1, m.size()));
        if (v.size() == 0) {
          const std::uint32_t at = m.text.offsets[eq] + 1;
          v.whole = Span{src.id(), at, at};
        }
      }
      env.set(detail::make_env(m.text.text.substr(0, name_end), m.text.span_of(0, name_end), v), v);
    }
  }

  std::vector<Masked> argv_of(const Source& src, const Node& n) const {
    if (is_sequence(&n)) {
      std::vector<Masked> out;
      for (const Node& item : n.items) out.push_back(text(src, item));
      return out;
    }
    if (is_null(&n)) return {};
    if (!is_scalar(&n)) return {text(src, n)};
    // Compose splits the string form into words (no shell); interpolation comes first.
    return detail::split_words(text(src, n));
  }

  void add_ports(carrier::Container& container, const Source& src, const Node* ports) {
    for (const Node* item : items_of(ports)) {
      if (is_mapping(item)) {  // long syntax
        const Node* target = child(item, "target");
        if (!is_scalar(target)) continue;
        const Masked t = text(src, *target);
        if (!t.known()) continue;
        const std::uint32_t container_port = detail::parse_port(t.text.text);
        if (container_port == 0) continue;
        const Node* ip = child(item, "host_ip");
        std::string host_ip;
        if (ip != nullptr && !is_null(ip)) {
          const Masked m = text(src, *ip);
          if (!m.known()) continue;
          host_ip = m.text.text;
        }
        bool tcp = true;
        if (const Node* proto = child(item, "protocol")) {
          tcp = text_of(proto).empty() || text_of(proto) == "tcp";
        }
        const Node* published = child(item, "published");
        std::vector<std::uint32_t> host_ports{0};
        if (published != nullptr && !is_null(published)) {
          const Masked p = text(src, *published);
          if (p.known()) {
            // "8000-8010": docker picks one of them.
            const auto list = detail::parse_port_spec(p, item->span);
            if (!list.empty()) {
              host_ports.clear();
              for (const auto& entry : list) host_ports.push_back(entry.container_port);
            }
          }
        }
        for (const std::uint32_t hp : host_ports) {
          container.ports.push_back({host_ip, hp, container_port, tcp, item->span});
        }
        continue;
      }
      if (!is_scalar(item)) continue;
      for (auto& port : detail::parse_port_spec(text(src, *item), item->span)) {
        container.ports.push_back(std::move(port));
      }
    }
  }

  void lower_service(const std::string& name, const std::vector<Layer>& layers) {
    carrier::Container container;
    container.description = "compose service \"" + name + "\"";
    const Node* value = nullptr;
    if (const Layer* l = top(layers, "image", &value); l != nullptr && !is_null(value)) {
      container.image = detail::to_word(text(*l->src, *value));
    } else if (const Layer* b = top(layers, "build", &value); b != nullptr) {
      // Built from a Dockerfile: which image that is is not said here.
      container.image.span = value->span;
      container.image.known = false;
    } else {
      container.image.span = layers.back().node->span;
      container.image.known = false;
    }
    Env env;
    for (const Layer& l : layers) {
      const Node* files = child(l.node, "env_file");
      for (const Node* f : items_of(files)) {
        const Node* path = is_mapping(f) ? child(f, "path") : f;
        if (is_scalar(path)) add_env_file(env, text_of(path));
      }
    }
    for (const Layer& l : layers) add_environment(env, *l.src, child(l.node, "environment"));
    container.env = env.env();

    std::vector<Masked> entrypoint;
    std::vector<Masked> command;
    if (const Layer* l = top(layers, "entrypoint", &value); l != nullptr && !is_null(value)) {
      container.has_entrypoint = true;
      entrypoint = argv_of(*l->src, *value);
      container.entrypoint = detail::words_of(entrypoint);
    }
    if (const Layer* l = top(layers, "command", &value); l != nullptr && !is_null(value)) {
      container.has_command = true;
      command = argv_of(*l->src, *value);
      container.command = detail::words_of(command);
    }
    for (const Layer& l : layers) add_ports(container, *l.src, child(l.node, "ports"));
    if (const Layer* l = top(layers, "network_mode", &value); l != nullptr) {
      container.host_network = text_of(value) == "host";
    }

    // Without an entrypoint the image's own runs the command (dind's execs it when it is
    // not a flag), so a `sh -c` command is a script either way.
    std::vector<Masked> argv = entrypoint;
    if (!container.has_entrypoint || !argv.empty()) {
      argv.insert(argv.end(), command.begin(), command.end());
    }
    detail::add_shell_c_script(c_.doc, argv, env);
    detail::add_container(c_.doc, std::move(container));
  }

  Context& c_;
  std::deque<Loaded> loaded_;
};

// ---------------------------------------------------------------------------------------
// Kubernetes

// `$(NAME)` in env values, command and args: the container's variables defined before it;
// `$$` is a literal `$`; an undefined reference stays as written (kubelet's expansion).
// Substituted bytes point at the reference.
Masked kube_expand(const Masked& m, const Env& env) {
  Masked out;
  out.text.file = m.text.file;
  out.text.known = m.text.known;
  out.whole = m.whole;
  const std::string& t = m.text.text;
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i] == '$' && m.unknown[i] == 0 && i + 1 < t.size()) {
      if (t[i + 1] == '$') {
        out.push('$', m.text.offsets[i], false);
        i += 2;
        continue;
      }
      if (t[i + 1] == '(') {
        const auto close = t.find(')', i + 2);
        if (close != std::string::npos) {
          const detail::Var* var = env.find(std::string_view(t).substr(i + 2, close - i - 2));
          if (var != nullptr) {
            const std::uint32_t first = m.text.offsets[i];
            const std::uint32_t last = m.text.offsets[close];
            if (var->value.known()) {
              const std::string& v = var->value.text.text;
              for (std::size_t k = 0; k < v.size(); ++k) {
                out.push(v[k], k + 1 == v.size() ? last : first, false);
              }
            } else {
              for (std::size_t k = i; k <= close; ++k) out.push(t[k], m.text.offsets[k], true);
            }
            i = close + 1;
            continue;
          }
        }
      }
    }
    out.push(t[i], m.text.offsets[i], m.unknown[i] != 0);
    ++i;
  }
  return out;
}

class KubeLowering {
 public:
  explicit KubeLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) object(d.root, 0);
  }

 private:
  void object(const Node& root, int depth) {
    if (!is_mapping(&root) || depth > 8) return;
    const std::string kind(text_of(child(&root, "kind")));
    if (kind == "List" || kind.ends_with("List")) {
      for (const Node* item : items_of(child(&root, "items"))) object(*item, depth + 1);
      return;
    }
    const Node* name_node = child(child(&root, "metadata"), "name");
    const std::string name =
        name_node != nullptr ? detail::masked(c_.src, *name_node).text.text : std::string();
    const Node* spec = child(&root, "spec");
    const Node* pod = nullptr;
    if (kind == "Pod") {
      pod = spec;
    } else if (kind == "CronJob") {
      pod = child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec");
    } else if (kind == "PodTemplate") {
      pod = child(child(&root, "template"), "spec");
    } else {
      pod = child(child(spec, "template"), "spec");  // workloads, and custom ones alike
    }
    if (!is_mapping(pod)) return;
    const bool host_network = detail::is_true(child(pod, "hostNetwork"));
    const std::string prefix =
        "Kubernetes " + (kind.empty() ? std::string("object") : kind) + " \"" + name + "\" ";
    for (const Node* item : items_of(child(pod, "initContainers"))) {
      container(*item, prefix + "init container", host_network);
    }
    for (const Node* item : items_of(child(pod, "containers"))) {
      container(*item, prefix + "container", host_network);
    }
  }

  Masked text(const Node& n) const { return detail::masked(c_.src, n); }

  std::vector<Masked> argv_of(const Node& n, const Env& env) const {
    std::vector<Masked> out;
    for (const Node* item : items_of(&n)) out.push_back(kube_expand(text(*item), env));
    return out;
  }

  void container(const Node& n, const std::string& what, bool host_network) {
    if (!is_mapping(&n)) return;
    carrier::Container out;
    const Node* cname = child(&n, "name");
    out.description =
        what + " \"" + (cname != nullptr ? text(*cname).text.text : std::string()) + "\"";
    out.host_network = host_network;
    if (const Node* image = child(&n, "image")) {
      out.image = detail::to_word(text(*image));
    } else {
      out.image.span = n.span;
      out.image.known = false;
    }
    Env env;
    for (const Node* item : items_of(child(&n, "env"))) {
      const Node* name = child(item, "name");
      if (!is_scalar(name)) continue;
      Masked value;
      if (const Node* v = child(item, "value"); v != nullptr && !is_null(v)) {
        value = kube_expand(text(*v), env);
      } else if (const Node* from = child(item, "valueFrom")) {
        value = text(*from);  // a secret, config map or field: not known here
        value.text.known = false;
      } else {
        value.text.file = c_.src.id();
        value.whole = Span{c_.src.id(), item->span.end, item->span.end};
      }
      env.set(detail::make_env(std::string(text_of(name)), name->span, value), value);
    }
    out.env = env.env();
    std::vector<Masked> command;
    std::vector<Masked> args;
    if (const Node* c = child(&n, "command"); c != nullptr && !is_null(c)) {
      out.has_entrypoint = true;
      command = argv_of(*c, env);
      out.entrypoint = detail::words_of(command);
    }
    if (const Node* a = child(&n, "args"); a != nullptr && !is_null(a)) {
      out.has_command = true;
      args = argv_of(*a, env);
      out.command = detail::words_of(args);
    }
    for (const Node* port : items_of(child(&n, "ports"))) {
      if (!is_mapping(port)) continue;
      const Node* cp = child(port, "containerPort");
      const std::uint32_t container_port =
          is_scalar(cp) && cp->value.known ? detail::parse_port(text_of(cp)) : 0;
      if (container_port == 0) continue;
      const std::string_view proto = text_of(child(port, "protocol"));
      const bool tcp = proto.empty() || proto == "TCP";
      const Node* hp = child(port, "hostPort");
      std::uint32_t host_port = 0;
      if (hp != nullptr && !is_null(hp)) {
        const Masked m = text(*hp);
        host_port = m.known() ? detail::parse_port(m.text.text) : 0;
        if (host_port == 0 && m.known()) continue;  // hostPort: 0 publishes nothing
      } else if (!host_network) {
        continue;  // reachable through the pod network only
      } else {
        host_port = container_port;
      }
      std::string host_ip;
      if (const Node* ip = child(port, "hostIP"); ip != nullptr && !is_null(ip)) {
        const Masked m = text(*ip);
        if (!m.known()) continue;
        host_ip = m.text.text;
      }
      out.ports.push_back({host_ip, host_port, container_port, tcp, port->span});
    }
    std::vector<Masked> argv = command;
    if (!out.has_entrypoint || !argv.empty()) argv.insert(argv.end(), args.begin(), args.end());
    detail::add_shell_c_script(c_.doc, argv, env);
    detail::add_container(c_.doc, std::move(out));
  }

  Context& c_;
};

}  // namespace

namespace detail {

void lower_compose(Context& c) {
  ComposeLowering(c).run();
}
void lower_kubernetes(Context& c) {
  KubeLowering(c).run();
}

}  // namespace detail

YamlKind kind_from_path(std::string_view display_path) {
  std::string_view name = detail::base_name(display_path);
  if (tmpl::is_template_name(name)) name = tmpl::strip_template_suffix(name);
  const bool yaml_ext = ends_with_yaml(name);
  // docker-compose.yml, docker-compose.prod.yml, prod.docker-compose.yml, compose.yaml.
  if (yaml_ext &&
      (name.find("docker-compose") != std::string_view::npos || name.starts_with("compose"))) {
    return YamlKind::Compose;
  }
  // The pipeline file, and the `*.gitlab-ci.yml` files it includes by convention.
  if (name == ".gitlab-ci.yml" || name.ends_with(".gitlab-ci.yml") ||
      name.ends_with(".gitlab-ci.yaml")) {
    return YamlKind::GitLabCi;
  }
  const std::string_view dir =
      display_path.substr(0, display_path.size() - detail::base_name(display_path).size());
  if (yaml_ext && (dir == ".github/workflows/" || dir.ends_with("/.github/workflows/"))) {
    return YamlKind::GitHubActions;
  }
  const bool script_ext = name.ends_with(".sh") || name.ends_with(".bash") ||
                          name.ends_with(".ps1") || name.ends_with(".py");
  if ((name.starts_with("user-data") || name.starts_with("user_data") ||
       name.ends_with(".user-data")) &&
      !script_ext) {
    return YamlKind::CloudInit;
  }
  if ((name.starts_with("cloud-config") || name.starts_with("cloud-init") ||
       name.starts_with("cloud_init") || name.starts_with("cloudinit")) &&
      (yaml_ext || name.ends_with(".cfg") || name.ends_with(".txt") ||
       name.find('.') == std::string_view::npos)) {
    return YamlKind::CloudInit;
  }
  return YamlKind::None;
}

Lowered lower_yaml(const SourceFile& file, const FileLookup& lookup) {
  Lowered out;
  YamlKind kind = kind_from_path(file.path);
  const std::string_view body = std::string_view(file.text).substr(
      std::min<std::size_t>(file.content_start, file.text.size()));
  // user-data that is a script (`#!`) or another part type is not cloud-config.
  if (kind == YamlKind::CloudInit && (body.starts_with("#!") || body.starts_with("#include") ||
                                      body.starts_with("Content-Type:"))) {
    return out;
  }
  // Tags a Helm chart or a Jinja template may need blanked to be YAML at all; compose and
  // GitLab files are never templates (unless their name says so).
  const bool maybe_templated = kind == YamlKind::None || kind == YamlKind::CloudInit;
  const std::vector<tmpl::Region> candidates =
      regions_for(maybe_templated ? YamlKind::Kubernetes : kind, file);
  const detail::ParsedFile parsed = detail::parse_yaml(file, candidates);
  if (kind == YamlKind::None) kind = detect(file.text, parsed.stream);
  if (kind == YamlKind::None) return out;
  out.kind = kind;
  if (parsed.stream.error) out.document.problems.push_back(*parsed.stream.error);
  if (parsed.stream.too_deep) {
    out.document.problems.push_back(
        {*parsed.stream.too_deep, "collections nested deeper than 1000 levels were not read"});
  }

  detail::Context c{file, lookup, {}, parsed.stream, out.document};
  c.src.file = &file;
  c.src.regions = parsed.blanked.empty() ? regions_for(kind, file) : parsed.blanked;
  switch (kind) {
    case YamlKind::Compose: detail::lower_compose(c); break;
    case YamlKind::Kubernetes: detail::lower_kubernetes(c); break;
    case YamlKind::GitLabCi: detail::lower_gitlab(c); break;
    case YamlKind::GitHubActions: detail::lower_github(c); break;
    case YamlKind::CloudInit: detail::lower_cloud_init(c); break;
    case YamlKind::Ansible: detail::lower_ansible(c); break;
    case YamlKind::None: break;
  }
  return out;
}

}  // namespace dl::carriers

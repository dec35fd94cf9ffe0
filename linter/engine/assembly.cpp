#include "linter/engine/assembly.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "linter/dockerd/command_line.h"
#include "linter/dockerd/flags.h"
#include "linter/engine/display_path.h"
#include "parsers/common/template_text.h"
#include "parsers/daemon_json/lower.h"

namespace dl {
namespace {

using paths::base_name;
using paths::directory;

// systemd's unit directories, highest precedence first (dockerd-semantics.md §5.3).
constexpr std::array<std::string_view, 5> kUnitDirectories = {
    "etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system",
    "usr/lib/systemd/system", "lib/systemd/system"};
constexpr std::array<std::string_view, 4> kEtcDirectories = {"etc/default", "etc/sysconfig",
                                                             "etc/conf.d", "etc/docker"};
// The env-file variables distribution init scripts pass to dockerd (§6).
constexpr std::array<std::string_view, 6> kDaemonOptionVariables = {
    "DOCKER_OPTS",      "OPTIONS", "other_args", "DOCKER_NETWORK_OPTIONS", "DOCKER_STORAGE_OPTIONS",
    "INSECURE_REGISTRY"};
constexpr int kLoosePriority = 100;
// The ExecStart= of the packaged docker.service, moby's and Debian's alike (§5.1). It
// applies when drop-ins or a socket unit for docker.service are in the tree but the unit
// itself is not.
constexpr std::array<std::string_view, 4> kPackagedExecStart = {
    "/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string_view>& parts, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += '/';
    out += parts[i];
  }
  return out;
}

// Precedence of the unit directory a placed unit file is in (lower wins).
int unit_priority(const Placement& placement) {
  for (std::size_t i = 0; i < kUnitDirectories.size(); ++i) {
    if (placement.system_path.starts_with(std::string(kUnitDirectories[i]) + "/")) {
      return static_cast<int>(i);
    }
  }
  return kLoosePriority;
}

// A unit's name without a template suffix: "docker.service.tpl" -> "docker.service".
std::string unit_name(std::string_view path) {
  return std::string(tmpl::strip_template_suffix(base_name(path)));
}

std::string stem(std::string_view unit) {
  const auto dot = unit.rfind('.');
  return std::string(dot == std::string_view::npos ? unit : unit.substr(0, dot));
}

// Names referenced as $NAME or ${NAME} in a command line, for "unknown" marking.
std::set<std::string, std::less<>> referenced_variables(std::string_view text) {
  std::set<std::string, std::less<>> names;
  const auto is_name = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  };
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '$') continue;
    if (text[i + 1] == '$') {
      ++i;
      continue;
    }
    std::size_t begin = i + 1;
    const bool braced = text[begin] == '{';
    if (braced) ++begin;
    std::size_t end = begin;
    while (end < text.size() && is_name(text[end])) ++end;
    if (end > begin) names.emplace(text.substr(begin, end - begin));
  }
  return names;
}

struct Group {
  bool placed = false;
  std::vector<const UnitDocument*> units;
  std::vector<const EnvDocument*> env_files;
  std::vector<const JsonDocumentRef*> daemon_json;
  std::vector<const JsonDocumentRef*> config_candidates;
};

// A unit from its highest-precedence directory and its drop-ins, one per file name.
struct UnitParts {
  const UnitDocument* base = nullptr;
  int base_priority = kLoosePriority + 1;
  std::map<std::string, std::pair<int, const UnitDocument*>> drop_ins;  // by file name

  // The unit's settings of `section`, unit first, then drop-ins in file-name order (§5.3).
  std::vector<const systemd::Assignment*> settings(std::string_view section) const {
    std::vector<const systemd::Assignment*> out;
    const auto collect = [&](const UnitDocument& doc) {
      for (const systemd::Assignment& a : doc.unit.assignments) {
        if (a.section == section) out.push_back(&a);
      }
    };
    if (base) collect(*base);
    for (const auto& [name, entry] : drop_ins) collect(*entry.second);
    return out;
  }
  const UnitDocument* first() const {
    if (base) return base;
    return drop_ins.empty() ? nullptr : drop_ins.begin()->second.second;
  }
};

class GroupAssembler {
 public:
  GroupAssembler(const Group& group, const ScanModel& model, AssemblyOutput& out)
      : group_(group), model_(model), used_(out.used), problems_(out.unit_problems) {}

  std::vector<DaemonInstance> run() {
    std::map<std::string, UnitParts> services;
    for (const UnitDocument* doc : group_.units) {
      const Placement placement = place(doc->path);
      const int priority = group_.placed ? unit_priority(placement) : kLoosePriority;
      std::string name = unit_name(doc->path);
      if (doc->kind == UnitDocument::Kind::DropIn) {
        name = std::string(base_name(directory(doc->path)));  // docker.service.d
        if (name.size() < 3) continue;
        name.resize(name.size() - 2);
      }
      auto& units = name.ends_with(".socket") ? sockets_ : services;
      UnitParts& parts = units[name];
      if (doc->kind == UnitDocument::Kind::DropIn) {
        auto& slot = parts.drop_ins[std::string(base_name(doc->path))];
        if (slot.second == nullptr || priority < slot.first) slot = {priority, doc};
      } else if (priority < parts.base_priority) {
        parts.base = doc;
        parts.base_priority = priority;
      }
    }
    // A socket unit for docker.service implies the packaged unit when it is not here.
    for (const auto& [name, parts] : sockets_) {
      if (socket_target(name, parts) == "docker.service") services.try_emplace("docker.service");
    }
    std::vector<DaemonInstance> daemons;
    for (const auto& [name, parts] : services) {
      pending_candidate_ = nullptr;
      if (auto daemon = service_daemon(name, parts)) {
        if (pending_candidate_)
          candidate_for_.push_back({daemons.size(), pending_candidate_->index});
        daemons.push_back(std::move(*daemon));
      }
    }
    add_env_file_daemons(daemons);
    return daemons;
  }

  // (index in run()'s result, index into AssemblyInput::config_candidates)
  const std::vector<std::pair<std::size_t, std::size_t>>& candidate_links() const {
    return candidate_for_;
  }

  const std::set<const JsonDocumentRef*>& consumed_json() const { return consumed_json_; }

 private:
  std::optional<DaemonInstance> service_daemon(const std::string& name, const UnitParts& parts) {
    DaemonInstance daemon;
    const UnitDocument* first = parts.first();
    if (first == nullptr) first = first_socket_for(name);
    if (first == nullptr) return std::nullopt;
    daemon.label = first->path;
    daemon.file = first->file;

    // Merge: the unit, then its drop-ins in file-name order (§5.3).
    std::vector<std::pair<const systemd::Assignment*, bool>> service_settings;
    // A fragment without any section header is ignored by systemd (DE009 says so); its
    // settings are still judged as the [Service] they were written for.
    const auto collect = [&](const UnitDocument& doc, bool in_drop_in) {
      const bool fragment = doc.unit.sections.empty();
      for (const systemd::Assignment& a : doc.unit.assignments) {
        if (a.section == "Service" || (fragment && a.section.empty())) {
          service_settings.push_back({&a, in_drop_in});
        }
      }
    };
    if (parts.base) collect(*parts.base, false);
    for (const auto& [file_name, entry] : parts.drop_ins) collect(*entry.second, true);

    std::vector<ExecStartSetting> exec_starts;
    std::vector<const systemd::Assignment*> exec_assignments;
    // Without the unit in the tree, docker.service is the packaged one, which has an
    // ExecStart= of its own (with flags this scan does not know).
    if (parts.base == nullptr && name == "docker.service") {
      exec_starts.push_back({Span{}, false});
      exec_assignments.push_back(nullptr);
    }
    std::vector<std::pair<std::string, systemd::EnvValue>> environment;
    std::vector<systemd::EnvironmentFileRef> environment_files;
    for (const auto& [a, in_drop_in] : service_settings) {
      if (a->key == "ExecStart") {
        if (a->value.text.empty()) {
          exec_starts.clear();
          exec_assignments.clear();
        } else {
          exec_starts.push_back({a->value.span_of(0, a->value.text.size()), in_drop_in});
          exec_assignments.push_back(a);
        }
      } else if (a->key == "Type") {
        daemon.inputs.service_is_oneshot = a->value.text == "oneshot";
      } else if (a->key == "Environment") {
        if (a->value.text.empty()) environment.clear();
        for (auto& entry : systemd::parse_environment_assignment(*a)) {
          environment.push_back(std::move(entry));
        }
      } else if (a->key == "EnvironmentFile") {
        if (a->value.text.empty()) environment_files.clear();
        for (auto& ref : systemd::parse_environment_file_assignment(*a)) {
          environment_files.push_back(std::move(ref));
        }
      }
    }

    // EnvironmentFile= values override Environment= ones (systemd.exec(5)).
    systemd::Environment env;
    for (auto& [key, value] : environment) env[key] = value;
    bool env_file_missing = false;
    for (const systemd::EnvironmentFileRef& ref : environment_files) {
      const EnvDocument* file = find_env_file(ref.path);
      if (file == nullptr) {
        env_file_missing = true;  // its variables exist on the host, not in the tree
        continue;
      }
      referenced_env_.insert(file);
      used_.push_back(file->file);
      for (const envfile::Variable& variable : file->env.variables) {
        env[variable.name] = systemd::EnvValue{variable.value, variable.assignment_span};
      }
    }

    const systemd::Assignment* command =
        exec_assignments.empty() ? nullptr : exec_assignments.back();
    bool runs_dockerd = false;
    if (command == nullptr && !exec_assignments.empty()) {
      // Still the packaged ExecStart=: its flags are known, its words have no place here.
      std::vector<Word> argv;
      for (std::string_view word : kPackagedExecStart)
        argv.push_back({std::string(word), {}, {}, true});
      const std::span<const Word> args(argv.data() + 1, argv.size() - 1);
      dockerd::apply_daemon_args(args, daemon.inputs);
      runs_dockerd = true;
    }
    if (command != nullptr) {
      std::set<std::string, std::less<>> unknown;
      // In a template (docker.service.tpl) an undefined variable is the template's own.
      const bool is_template = tmpl::is_template_name(base_name(first->path));
      if (env_file_missing || is_template) {
        for (const std::string& variable : referenced_variables(command->value.text)) {
          if (!env.count(variable)) unknown.insert(variable);
        }
      }
      const systemd::ExecCommand exec = systemd::split_exec(*command, env, unknown);
      for (const systemd::UnitProblem& problem : exec.problems) {
        problems_.push_back({problem.span, problem.message});
      }
      if (auto invocation = dockerd::find_daemon_invocation(exec.argv)) {
        runs_dockerd = true;
        const std::span<const Word> args(exec.argv.data() + invocation->args_begin,
                                         exec.argv.size() - invocation->args_begin);
        dockerd::apply_daemon_args(args, daemon.inputs);
      }
    }
    if (!runs_dockerd && name != "docker.service") return std::nullopt;

    daemon.inputs.exec_starts = std::move(exec_starts);
    if (parts.base) use_unit(*parts.base);
    for (const auto& [file_name, entry] : parts.drop_ins) use_unit(*entry.second);
    add_sockets(name, daemon.inputs);
    attach_daemon_json(daemon);
    return daemon;
  }

  void use_unit(const UnitDocument& doc) {
    used_.push_back(doc.file);
    for (const systemd::UnitProblem& problem : doc.unit.problems) {
      problems_.push_back({problem.span, problem.message});
    }
  }

  const EnvDocument* find_env_file(std::string_view absolute) const {
    if (!group_.placed || !absolute.starts_with('/')) return nullptr;
    const std::string_view wanted = absolute.substr(1);
    for (const EnvDocument* doc : group_.env_files) {
      if (place(doc->path).system_path == wanted) return doc;
    }
    return nullptr;
  }

  // The service a socket unit activates: Service=, else the unit of the same name.
  static std::string socket_target(const std::string& name, const UnitParts& parts) {
    std::string target = stem(name) + ".service";
    for (const systemd::Assignment* a : parts.settings("Socket")) {
      if (a->key == "Service") target = a->value.text;
    }
    return target;
  }

  const UnitDocument* first_socket_for(const std::string& service) const {
    for (const auto& [name, parts] : sockets_) {
      if (socket_target(name, parts) == service) return parts.first();
    }
    return nullptr;
  }

  // The socket units that activate `service`, merged with their drop-ins. Without the unit
  // in the tree, docker.socket is the packaged one (ListenStream=/run/docker.sock, §5.1).
  void add_sockets(const std::string& service, DaemonInputs& inputs) {
    for (const auto& [name, parts] : sockets_) {
      if (socket_target(name, parts) != service) continue;
      inputs.socket_unit_known = true;
      std::vector<SocketListen> listens;
      if (parts.base == nullptr && name == "docker.socket") {
        listens.push_back({SocketListenKind::UnixPath, "/run/docker.sock", "", Span{}});
      }
      if (parts.base) use_unit(*parts.base);
      for (const auto& [file_name, entry] : parts.drop_ins) use_unit(*entry.second);
      for (const systemd::Assignment* a : parts.settings("Socket")) {
        if (a->key != "ListenStream") continue;
        const systemd::ListenStream listen = systemd::parse_listen_stream(*a);
        switch (listen.kind) {
          case systemd::ListenKind::Reset: listens.clear(); break;
          case systemd::ListenKind::UnixPath:
          case systemd::ListenKind::AbstractNamespace:
            listens.push_back({SocketListenKind::UnixPath, listen.address, "", listen.span});
            break;
          case systemd::ListenKind::Port:
            listens.push_back({SocketListenKind::Port, "", listen.port, listen.span});
            break;
          case systemd::ListenKind::Ipv4Port:
          case systemd::ListenKind::Ipv6Port:
            listens.push_back(
                {SocketListenKind::Address, listen.address, listen.port, listen.span});
            break;
          case systemd::ListenKind::Other:
            listens.push_back({SocketListenKind::Other, listen.address, "", listen.span});
            break;
        }
      }
      for (SocketListen& listen : listens) inputs.socket_listens.push_back(std::move(listen));
    }
  }

  // The daemon.json this dockerd reads: --config-file, else etc/docker/daemon.json of the
  // same tree. Loose files are never joined by guesswork.
  void attach_daemon_json(DaemonInstance& daemon) {
    if (!group_.placed) return;
    std::string wanted = "etc/docker/daemon.json";
    const StringSetting& config_file = daemon.inputs.config_file;
    if (config_file.present) {
      if (!config_file.known || !config_file.value.starts_with('/')) return;
      wanted = config_file.value.substr(1);
    }
    for (const JsonDocumentRef* ref : group_.daemon_json) {
      if (place(ref->path).system_path != wanted) continue;
      daemon.daemon_json = ref->index;
      daemon_json::lower(model_.daemon_json.at(ref->index), daemon.inputs);
      consumed_json_.insert(ref);
      used_.push_back(ref->file);
      return;
    }
    for (const JsonDocumentRef* ref : group_.config_candidates) {
      if (place(ref->path).system_path != wanted) continue;
      pending_candidate_ = ref;  // linked by the caller once the daemon has its index
      used_.push_back(ref->file);
      return;
    }
  }

  // Env files no unit reads are the flags of a sysvinit, upstart or OpenRC dockerd (§6).
  void add_env_file_daemons(std::vector<DaemonInstance>& daemons) {
    const bool has_service = !daemons.empty();
    for (const EnvDocument* doc : group_.env_files) {
      if (referenced_env_.count(doc)) continue;
      std::vector<Word> words;
      for (std::string_view name : kDaemonOptionVariables) {
        const envfile::Variable* variable = envfile::find(doc->env, name);
        if (variable == nullptr) continue;
        for (Word& word : envfile::split_words(variable->value)) words.push_back(std::move(word));
      }
      DaemonInstance daemon;
      daemon.label = doc->path;
      daemon.file = doc->file;
      if (!words.empty()) {
        dockerd::apply_daemon_args(words, daemon.inputs);
      }
      if (!daemon.inputs.has_command_line) continue;
      pending_candidate_ = nullptr;
      if (!has_service) attach_daemon_json(daemon);
      if (pending_candidate_) candidate_for_.push_back({daemons.size(), pending_candidate_->index});
      used_.push_back(doc->file);
      daemons.push_back(std::move(daemon));
    }
  }

  const Group& group_;
  const ScanModel& model_;
  std::vector<FileId>& used_;
  std::vector<SyntaxError>& problems_;
  std::map<std::string, UnitParts> sockets_;
  const JsonDocumentRef* pending_candidate_ = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>> candidate_for_;
  std::set<const EnvDocument*> referenced_env_;
  std::set<const JsonDocumentRef*> consumed_json_;
};

}  // namespace

Placement place(std::string_view display_path) {
  // The anchors' components, split once (every placed file of a scan asks).
  static const std::vector<std::vector<std::string_view>> kAnchors = [] {
    std::vector<std::vector<std::string_view>> anchors;
    for (std::string_view anchor : kUnitDirectories) anchors.push_back(split_path(anchor));
    for (std::string_view anchor : kEtcDirectories) anchors.push_back(split_path(anchor));
    return anchors;
  }();
  const std::vector<std::string_view> parts = split_path(display_path);
  // The display path up to part `i`, without the '/' before it.
  const auto prefix_before = [&](std::size_t i) {
    const auto start = static_cast<std::size_t>(parts[i].data() - display_path.data());
    return std::string(display_path.substr(0, start == 0 ? 0 : start - 1));
  };
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (const std::vector<std::string_view>& anchor : kAnchors) {
      if (i + anchor.size() >= parts.size()) continue;  // a file must follow
      if (std::equal(anchor.begin(), anchor.end(),
                     parts.begin() + static_cast<std::ptrdiff_t>(i))) {
        return {join(parts, 0, i), join(parts, i, parts.size()), prefix_before(i)};
      }
    }
  }
  // Env files are recognised in default/, sysconfig/ and conf.d/ anywhere in the tree.
  if (parts.size() >= 2) {
    const std::string_view dir = parts[parts.size() - 2];
    if (dir == "default" || dir == "sysconfig" || dir == "conf.d") {
      return {join(parts, 0, parts.size() - 2),
              "etc/" + std::string(dir) + "/" + std::string(parts.back()),
              prefix_before(parts.size() - 2)};
    }
  }
  return {};
}

bool assembly_reads(const systemd::Assignment& assignment) {
  // The keys GroupAssembler looks at, in [Service] and [Socket].
  static constexpr std::array<std::string_view, 6> kKeys = {
      "ExecStart", "Type", "Environment", "EnvironmentFile", "Service", "ListenStream"};
  return std::find(kKeys.begin(), kKeys.end(), assignment.key) != kKeys.end();
}

AssemblyOutput assemble_daemons(const AssemblyInput& input, const ScanModel& model) {
  AssemblyOutput out;
  // Placed files group by their root; loose units group by directory (a drop-in by the
  // directory of its .d folder), so docker.service, docker.socket and docker.service.d/
  // side by side form one daemon. Loose daemon.json and env files stay on their own.
  std::map<std::string, Group> groups;
  const auto group_key = [](std::string_view path, bool drop_in) {
    const Placement placement = place(path);
    if (!placement.system_path.empty())
      return std::pair<std::string, bool>{"P" + placement.root, true};
    std::string_view dir = directory(path);
    if (drop_in) dir = directory(dir);
    return std::pair<std::string, bool>{"L" + std::string(dir), false};
  };
  for (const UnitDocument& doc : input.units) {
    auto [key, placed] = group_key(doc.path, doc.kind == UnitDocument::Kind::DropIn);
    Group& group = groups[key];
    group.placed = placed;
    group.units.push_back(&doc);
  }
  for (const EnvDocument& doc : input.env_files) {
    auto [key, placed] = group_key(doc.path, false);
    if (!placed) key = "E" + doc.path;
    Group& group = groups[key];
    group.placed = placed;
    group.env_files.push_back(&doc);
  }
  for (const JsonDocumentRef& ref : input.daemon_json) {
    auto [key, placed] = group_key(ref.path, false);
    if (!placed) continue;  // standalone: the engine lints it on its own
    auto it = groups.find(key);
    if (it != groups.end()) it->second.daemon_json.push_back(&ref);
  }
  for (const JsonDocumentRef& ref : input.config_candidates) {
    auto [key, placed] = group_key(ref.path, false);
    auto it = groups.find(key);
    if (placed && it != groups.end()) it->second.config_candidates.push_back(&ref);
  }
  for (auto& [key, group] : groups) {
    GroupAssembler assembler(group, model, out);
    const std::size_t offset = out.daemons.size();
    for (DaemonInstance& daemon : assembler.run()) out.daemons.push_back(std::move(daemon));
    for (const auto& [daemon, candidate] : assembler.candidate_links()) {
      out.candidate_links.push_back({offset + daemon, candidate});
    }
  }
  std::sort(out.used.begin(), out.used.end());
  out.used.erase(std::unique(out.used.begin(), out.used.end()), out.used.end());
  return out;
}

}  // namespace dl

#include "linter/engine/engine.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <system_error>

#include "linter/commands/docker_client.h"
#include "linter/commands/firewall.h"
#include "linter/commands/socat.h"
#include "linter/dockerd/command_line.h"
#include "linter/dockerd/flags.h"
#include "linter/dockerd/resolve.h"
#include "linter/engine/assembly.h"
#include "linter/engine/display_path.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"
#include "parsers/daemon_json/lower.h"
#include "parsers/shell/script.h"
#include "parsers/shell/sed.h"
#include "rules/registry.h"

namespace dl {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A selector is a rule id, a rule name, or an id prefix such as "DE1" (a family).
bool selector_matches(std::string_view selector, const rules::RuleDef& rule) {
  if (selector == rule.meta.name) return true;
  const std::string id = upper(selector);
  if (id == rule.meta.id) return true;
  return id.size() >= 2 && id.size() < rule.meta.id.size() && rule.meta.id.starts_with(id) &&
         id.starts_with("DE");
}

bool any_matches(const std::vector<std::string>& selectors, const rules::RuleDef& rule) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const std::string& s) { return selector_matches(s, rule); });
}

bool rule_enabled(const EngineOptions& options, const rules::RuleDef& rule) {
  if (!options.select.empty() && !any_matches(options.select, rule)) return false;
  return !any_matches(options.ignore, rule);
}

// Documents a script writes (daemon.json by heredoc, a drop-in by tee, …) are parsed as
// files of their own with ids from here on; every span in them maps back into the script.
constexpr FileId kVirtualBase = 0x40000000;
// A script that writes a script that writes… is followed this deep.
constexpr int kMaxWriteDepth = 2;
// Stands for an expansion the linter cannot know in a written unit or env file: both formats
// expand it as an undefined variable, which makes the words it touches unknown.
constexpr std::string_view kUnknownPlaceholder = "${__DOCKERD_LINT_UNKNOWN__}";

bool is_virtual(FileId id) {
  return id != kNoFile && id >= kVirtualBase;
}

// The ExecStart= of the packaged docker.service, for `sed -i 's/-H fd:\/\//…/'` edits that
// change part of it.
constexpr std::string_view kPackagedExecStartLine =
    "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock";

// The text a document's parser reads, with the script offset of each byte.
struct Materialized {
  std::string text;
  std::vector<std::uint32_t> offsets;
  std::vector<tmpl::Region> opaque;  // unknown bytes, for formats that take regions
};

Materialized materialize(const shell::WrittenText& written, bool placeholders) {
  Materialized out;
  const std::string& t = written.text.text;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown = written.unknown;
  std::sort(unknown.begin(), unknown.end());
  std::size_t next = 0;
  std::size_t k = 0;
  while (k < t.size()) {
    while (next < unknown.size() && unknown[next].second <= k) ++next;
    if (next < unknown.size() && unknown[next].first <= k) {
      const std::size_t end = std::min<std::size_t>(unknown[next].second, t.size());
      const auto begin = static_cast<std::uint32_t>(out.text.size());
      if (placeholders) {
        for (std::size_t p = 0; p < kUnknownPlaceholder.size(); ++p) {
          out.text.push_back(kUnknownPlaceholder[p]);
          out.offsets.push_back(
              written.text.offsets[p + 1 == kUnknownPlaceholder.size() ? end - 1 : k]);
        }
      } else {
        for (std::size_t p = k; p < end; ++p) {
          out.text.push_back(t[p]);
          out.offsets.push_back(written.text.offsets[p]);
        }
      }
      out.opaque.push_back({begin, static_cast<std::uint32_t>(out.text.size()), false});
      k = end;
      continue;
    }
    out.text.push_back(t[k]);
    out.offsets.push_back(written.text.offsets[k]);
    ++k;
  }
  return out;
}

// Bytes of a template script that are template syntax are unknown in what the script writes;
// they were blanked for the shell parser and get their text back for messages.
void mark_template_bytes(shell::WrittenText& written, const std::vector<tmpl::Region>& regions,
                         std::string_view original) {
  if (regions.empty()) return;
  const auto& offsets = written.text.offsets;
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    if (!tmpl::overlaps(regions, offsets[k], offsets[k] + 1)) continue;
    std::size_t e = k;
    while (e < offsets.size() && tmpl::overlaps(regions, offsets[e], offsets[e] + 1)) {
      if (offsets[e] < original.size()) written.text.text[e] = original[offsets[e]];
      ++e;
    }
    written.unknown.emplace_back(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(e));
    k = e;
  }
}

shell::WrittenText synthetic(std::string_view text, std::uint32_t offset, FileId file) {
  shell::WrittenText out;
  out.text.file = file;
  for (const char c : text) out.text.append(c, offset);
  return out;
}

void append_written(shell::WrittenText& out, const shell::WrittenText& part) {
  const auto base = static_cast<std::uint32_t>(out.text.text.size());
  out.text.text += part.text.text;
  out.text.offsets.insert(out.text.offsets.end(), part.text.offsets.begin(),
                          part.text.offsets.end());
  for (const auto& [b, e] : part.unknown) out.unknown.emplace_back(base + b, base + e);
}

bool is_docker_option_variable_line(std::string_view text) {
  for (std::string_view name :
       {"DOCKER_OPTS=", "OPTIONS=", "other_args=", "DOCKER_NETWORK_OPTIONS=",
        "DOCKER_STORAGE_OPTIONS=", "INSECURE_REGISTRY="}) {
    if (text.find(name) != std::string_view::npos) return true;
  }
  return false;
}

class Scan {
 public:
  explicit Scan(const EngineOptions& options)
      : options_(options), json_(ts::Grammar::Json), bash_(ts::Grammar::Bash) {
    model_.engine = options.engine;
    result_.engine_version = options.engine.to_string();
  }

  void add(std::string display_path, std::string bytes, FileClass file_class) {
    if (file_class.needs_content_check) {
      if (file_class.kind == FileKind::DaemonJson && !looks_like_json_object(bytes)) return;
      if (file_class.kind == FileKind::ShellScript && !has_shell_shebang(bytes)) return;
    }
    const auto id = static_cast<FileId>(result_.files.size());
    result_.files.emplace_back(id, std::move(display_path), std::move(bytes));
    const SourceFile& file = result_.files.back();
    switch (file_class.kind) {
      case FileKind::DaemonJson: add_daemon_json(file, file_class.is_template); break;
      case FileKind::SystemdService: add_unit(file, UnitDocument::Kind::Service); break;
      case FileKind::SystemdDropIn: add_unit(file, UnitDocument::Kind::DropIn); break;
      case FileKind::SystemdSocket: add_unit(file, UnitDocument::Kind::Socket); break;
      case FileKind::EnvFile: add_env_file(file); break;
      case FileKind::ShellScript: add_script(file, file_class.is_template, 0); break;
      case FileKind::ConfigFileCandidate:
        sources_.candidate_documents.push_back(daemon_json::parse(json_, file, false));
        sources_.config_candidates.push_back(
            {file.id, file.path, sources_.candidate_documents.size() - 1});
        break;
      case FileKind::Unknown: break;
    }
  }

  void problem(ScanProblem p) { result_.problems.push_back(std::move(p)); }

  ScanResult finish() {
    assemble();
    for (const rules::RuleDef* rule : rules::all_rules()) {
      if (!rule_enabled(options_, *rule)) continue;
      rules::RuleContext ctx(*rule);
      rule->check(model_, ctx);
      for (Finding& finding : ctx.take()) result_.findings.push_back(std::move(finding));
    }
    for (Finding& finding : result_.findings) map_to_script(finding);
    auto& files = result_.files;
    std::sort(result_.findings.begin(), result_.findings.end(),
              [&](const Finding& a, const Finding& b) {
                const std::string& pa = files[a.span.file].path;
                const std::string& pb = files[b.span.file].path;
                if (pa != pb) return pa < pb;
                if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
                if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
                return a.message < b.message;
              });
    std::sort(result_.problems.begin(), result_.problems.end(),
              [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
    return std::move(result_);
  }

 private:
  void add_daemon_json(const SourceFile& file, bool is_template) {
    ++result_.files_scanned;
    model_.daemon_json.push_back(daemon_json::parse(json_, file, is_template));
    sources_.daemon_json.push_back({file.id, file.path, model_.daemon_json.size() - 1});
  }

  void add_unit(const SourceFile& file, UnitDocument::Kind kind) {
    UnitDocument doc;
    doc.file = file.id;
    doc.path = file.path;
    doc.kind = kind;
    doc.unit = systemd::parse_unit(file.text, file.id, file.content_start);
    sources_.units.push_back(std::move(doc));
  }

  void add_env_file(const SourceFile& file) {
    ++result_.files_scanned;
    sources_.env_files.push_back(
        {file.id, file.path,
         envfile::parse_env_file(bash_, file.text, file.id, file.content_start)});
  }

  // A script: every reachable command that starts dockerd is a daemon of its own; the files it
  // writes are parsed as documents of their own kinds; docker clients, firewall rules and
  // socat relays go into the model.
  void add_script(const SourceFile& file, bool is_template, int write_depth) {
    if (!is_virtual(file.id)) ++result_.files_scanned;
    const auto end = static_cast<std::uint32_t>(file.text.size());
    std::vector<tmpl::Region> regions;
    std::string blanked;
    std::string_view text = file.text;
    if (is_template) {
      regions = tmpl::find_regions(file.text, file.content_start, end);
      blanked = tmpl::blank(file.text, regions);
      text = blanked;
    }
    const shell::Script script =
        shell::analyze_script(bash_, text, file.id, file.content_start, end);
    for (const shell::Command& command : script.commands) {
      if (!command.reachable) continue;
      std::vector<Word> argv = command.argv;
      for (Word& word : argv) {  // template syntax makes a word unknowable
        // `--tlscacert={{ ca }}`: blanked, the word ends where the template begins.
        if (!regions.empty() && tmpl::overlaps(regions, word.span.begin, word.span.end + 1)) {
          word.known = false;
        }
      }
      const auto invocation = dockerd::find_daemon_invocation(argv);
      if (!invocation) continue;
      DaemonInstance daemon;
      daemon.label = file.path;
      daemon.file = file.id;
      const std::span<const Word> args(argv.data() + invocation->args_begin,
                                       argv.size() - invocation->args_begin);
      dockerd::apply_daemon_args(args, daemon.inputs);
      script_daemons_.push_back(std::move(daemon));
    }
    add_client_settings(script);
    add_script_commands(file, script);
    add_written_documents(file, script, regions, write_depth);
  }

  // Firewall rules, socat relays and docker client commands of the reachable commands.
  void add_script_commands(const SourceFile& file, const shell::Script& script) {
    for (const shell::Command& command : script.commands) {
      if (!command.reachable) continue;
      for (FirewallRule& rule : commands::parse_firewall_command(command.argv)) {
        model_.firewall.push_back(std::move(rule));
      }
      if (auto relay = commands::parse_socat(command.argv)) add_relay(file, *relay);
      if (auto client = commands::parse_docker_client(command.argv)) {
        add_client_command(*client, client_tls(script, command.span));
      }
    }
  }

  void add_relay(const SourceFile& file, const commands::SocketRelay& relay) {
    DaemonInstance daemon;
    daemon.label = file.path;
    daemon.file = file.id;
    daemon.socket_proxy = true;
    Listener listener;
    listener.origin = SettingOrigin::SocketProxy;
    listener.span = relay.span;
    listener.proto = dockerd::HostProto::Tcp;
    std::string address = relay.address;
    if (address.empty() && relay.address_known) address = relay.ipv6 ? "::" : "0.0.0.0";
    const bool v6 = address.find(':') != std::string::npos;
    listener.written = "tcp://" + (v6 ? "[" + address + "]" : address) + ":" + relay.port;
    if (relay.address_known) {
      const auto parsed = dockerd::parse_daemon_host(listener.written, options_.engine);
      if (parsed.host) {
        listener.host = parsed.host;
        listener.scope = dockerd::classify_scope(*parsed.host);
      }
    }
    daemon.listeners.push_back(std::move(listener));
    daemon.tls.known = true;
    daemon.tls.enabled = relay.tls;
    daemon.tls.verify_clients = relay.tls && relay.verify_clients;
    daemon.tls.explicit_choice = true;
    daemon.tls.enabled_by = relay.span;
    if (relay.tls && !relay.verify_clients) daemon.tls.verify_off_by = relay.span;
    relays_.push_back(std::move(daemon));
  }

  static bool is_client_tls_variable(std::string_view name) {
    return name == "DOCKER_TLS_VERIFY" || name == "DOCKER_TLS" || name == "DOCKER_CERT_PATH";
  }

  // The client TLS a script's environment gives (DOCKER_TLS_VERIFY, DOCKER_TLS,
  // DOCKER_CERT_PATH, §7): the script's own assignments, plus the prefix assignments of the
  // command at `command` (`DOCKER_TLS_VERIFY=1 docker …`) when given.
  static std::pair<ClientTls, Span> client_tls(const shell::Script& script, Span command = {}) {
    ClientTls tls = ClientTls::Off;
    Span tls_span;
    bool verify = false;
    bool unknown = false;
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || !is_client_tls_variable(a.name)) continue;
      if (a.prefix && !(command.valid() && a.command == command)) continue;
      const Span setting_span = a.value.span.empty() ? a.span : a.value.span;
      if (!a.value.known) {
        unknown = true;
      } else if (!a.value.text.empty()) {
        if (a.name == "DOCKER_TLS_VERIFY") {
          verify = true;
          tls_span = setting_span;
        } else if (a.name == "DOCKER_CERT_PATH") {
          unknown = true;  // the Go SDK turns TLS on from it; the CLI does not
        } else if (!verify) {
          tls = ClientTls::NoVerify;
          tls_span = setting_span;
        }
      }
    }
    if (verify) tls = ClientTls::Verify;
    if (unknown && tls != ClientTls::Verify) tls = ClientTls::Unknown;
    return {tls, tls_span};
  }

  // Every client TLS variable (for DE303), then every DOCKER_HOST the script sets, with the
  // TLS the same environment gives.
  void add_client_settings(const shell::Script& script) {
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || !is_client_tls_variable(a.name)) continue;
      ClientEnvSetting setting;
      setting.name = a.name;
      setting.value = a.value.text;
      setting.known = a.value.known;
      setting.span = a.value.span.empty() ? a.span : a.value.span;
      model_.client_env.push_back(std::move(setting));
    }
    const auto [script_tls, script_tls_span] = client_tls(script);
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || a.name != "DOCKER_HOST" || a.value.text.empty()) continue;
      ClientEndpoint endpoint;
      endpoint.setting = "DOCKER_HOST";
      endpoint.host = a.value.text;
      endpoint.host_known = a.value.known;
      endpoint.span = a.value.span;
      endpoint.via = a.value.via;
      if (a.prefix) {
        const auto [tls, tls_span] = client_tls(script, a.command);
        endpoint.tls = tls;
        endpoint.tls_span = tls_span;
      } else {
        endpoint.tls = script_tls;
        endpoint.tls_span = script_tls_span;
      }
      add_client(std::move(endpoint));
    }
  }

  // A client of the TLS port (2376) with no TLS setting in the file is taken to get its TLS
  // settings from an environment the linter cannot see (a CI runner, a login profile):
  // talking plain HTTP to a TLS listener fails rather than leaks, so it is not DE301.
  void add_client(ClientEndpoint endpoint) {
    if (endpoint.tls == ClientTls::Off && endpoint.setting != "docker context --docker host=") {
      const auto host = commands::parse_client_host(endpoint.host);
      if (host && host->port == "2376") endpoint.tls = ClientTls::Unknown;
    }
    model_.clients.push_back(std::move(endpoint));
  }

  void add_client_command(const commands::DockerClientCommand& client,
                          const std::pair<ClientTls, Span>& environment) {
    if (client.host) {
      ClientEndpoint endpoint;
      endpoint.setting = "-H";
      endpoint.host = client.host->text;
      endpoint.host_known = client.host->known;
      endpoint.span = client.host->span;
      endpoint.via = client.host->via;
      if (!client.tls.known || !client.tlsverify.known) {
        endpoint.tls = ClientTls::Unknown;
      } else if (client.tlsverify.present) {
        // docker/cli SetDefaultOptions: any --tlsverify, even =false, turns TLS on.
        endpoint.tls = client.tlsverify.value ? ClientTls::Verify : ClientTls::NoVerify;
        endpoint.tls_span = client.tlsverify.span;
      } else if (client.tls.present && client.tls.value) {
        endpoint.tls = ClientTls::NoVerify;
        endpoint.tls_span = client.tls.span;
      } else if (client.has_cert_flags) {
        endpoint.tls = ClientTls::Unknown;
      } else {
        endpoint.tls = environment.first;
        endpoint.tls_span = environment.second;
      }
      add_client(std::move(endpoint));
    }
    if (client.context_host) {
      ClientEndpoint endpoint;
      endpoint.setting = "docker context --docker host=";
      endpoint.host = client.context_host->text;
      endpoint.host_known = client.context_host->known;
      endpoint.span = client.context_host->span;
      endpoint.via = client.context_host->via;
      if (!client.skip_tls_verify.known) {
        endpoint.tls = ClientTls::Unknown;
      } else if (client.skip_tls_verify.present && client.skip_tls_verify.value) {
        endpoint.tls = ClientTls::NoVerify;
        endpoint.tls_span = client.skip_tls_verify.span;
      } else if (client.context_has_tls_material) {
        endpoint.tls = ClientTls::Verify;
      } else {
        endpoint.tls = ClientTls::Off;
      }
      add_client(std::move(endpoint));
    }
  }

  // Files the script writes (redirections, tee, sed -i), one document per write; appends join
  // the previous write of the same path, a second full write starts a new group.
  void add_written_documents(const SourceFile& file, const shell::Script& script,
                             const std::vector<tmpl::Region>& regions, int write_depth) {
    if (write_depth >= kMaxWriteDepth) return;
    struct Pending {
      Word target;
      shell::WrittenText content;
      Span by;
      int generation;
    };
    std::map<std::string, Pending> pending;
    std::map<std::string, int> generations;
    std::vector<Pending> done;
    const auto write = [&](const Word& target, shell::WrittenText content, bool append, Span by) {
      mark_template_bytes(content, regions, file.text);
      auto it = pending.find(target.text);
      if (append && it != pending.end()) {
        append_written(it->second.content, content);
        return;
      }
      if (it != pending.end()) {
        done.push_back(std::move(it->second));
        pending.erase(it);
      }
      const int generation = generations[target.text]++;
      pending.emplace(target.text, Pending{target, std::move(content), by, generation});
    };
    std::size_t next_write = 0;
    for (const shell::Command& command : script.commands) {
      while (next_write < script.writes.size() &&
             script.writes[next_write].span.begin <= command.span.begin) {
        const shell::FileWrite& w = script.writes[next_write++];
        if (w.reachable) write(w.target, w.content, w.append, w.span);
      }
      if (!command.reachable) continue;
      move_written(command.argv, pending);
      const auto sed = shell::parse_sed(command.argv, command.argv_text);
      if (!sed || !sed->in_place) continue;
      for (const Word& target : sed->files) {
        if (auto content = sed_document(*sed, target, file.id)) {
          write(target, std::move(*content), false, command.span);
        }
      }
    }
    for (; next_write < script.writes.size(); ++next_write) {
      const shell::FileWrite& w = script.writes[next_write];
      if (w.reachable) write(w.target, w.content, w.append, w.span);
    }
    for (auto& [path, p] : pending) done.push_back(std::move(p));
    for (Pending& p : done) add_written(file, p.target, p.content, p.by, p.generation, write_depth);
  }

  // `mv /tmp/docker.conf /etc/systemd/system/docker.service.d/` (or cp, install): a file the
  // script wrote earlier now also (cp) or only (mv) lives at the destination.
  template <typename PendingMap>
  static void move_written(const std::vector<Word>& argv, PendingMap& pending) {
    const auto program = dockerd::find_program(argv);
    if (!program || pending.empty()) return;
    const std::string_view name = paths::base_name(argv[*program].text);
    if (name != "mv" && name != "cp" && name != "install") return;
    std::vector<const Word*> operands;
    bool options = true;
    for (std::size_t k = *program + 1; k < argv.size(); ++k) {
      const std::string& a = argv[k].text;
      if (options && a == "--") {
        options = false;
      } else if (options && a.size() > 1 && a[0] == '-') {
        // install -m 0644 / -o root / -g root take a value
        if (name == "install" && (a == "-m" || a == "-o" || a == "-g")) ++k;
      } else {
        operands.push_back(&argv[k]);
      }
    }
    if (operands.size() < 2 || !operands.back()->known) return;
    const Word& destination = *operands.back();
    const bool into_directory = operands.size() > 2 || destination.text.ends_with("/");
    for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
      const auto it = pending.find(operands[k]->text);
      if (it == pending.end()) continue;
      Word target = destination;
      if (into_directory) {
        if (!target.text.ends_with("/")) target.text += '/';
        target.text += paths::base_name(operands[k]->text);
      }
      auto moved = it->second;
      moved.target = target;
      if (name == "mv") pending.erase(it);
      pending.insert_or_assign(target.text, std::move(moved));
    }
  }

  // What a sed -i edit of `target` amounts to: a unit whose ExecStart= is the written line, or
  // an env file with the written DOCKER_OPTS= line. nullopt when it writes neither.
  static std::optional<shell::WrittenText> sed_document(const shell::SedEdit& sed,
                                                        const Word& target, FileId file) {
    const FileClass kind = classify_path(target.text);
    const bool unit = kind.kind == FileKind::SystemdService || kind.kind == FileKind::SystemdDropIn;
    const std::uint32_t at = target.span.begin;
    shell::WrittenText doc;
    doc.text.file = file;
    bool any = false;
    for (const shell::SedText& t : sed.texts) {
      const std::string& text = t.text.text;
      shell::WrittenText line;
      line.text = t.text;
      line.unknown = t.unknown;
      if (unit && text.find("ExecStart=") != std::string::npos) {
        // Only the written line; the rest of the edited unit is not known.
      } else if (unit && t.kind == shell::SedText::Kind::Substitute &&
                 paths::base_name(target.text) == "docker.service" && !t.pattern.empty() &&
                 kPackagedExecStartLine.find(t.pattern) != std::string_view::npos &&
                 t.pattern.find_first_of("^$.*[]\\") == std::string::npos) {
        // A literal part of the packaged ExecStart= replaced: apply it to that line.
        const std::size_t found = kPackagedExecStartLine.find(t.pattern);
        line = synthetic("ExecStart=", at, file);
        append_written(line, synthetic(kPackagedExecStartLine.substr(0, found), at, file));
        shell::WrittenText replacement;
        replacement.text = t.text;
        replacement.unknown = t.unknown;
        append_written(line, replacement);
        append_written(
            line, synthetic(kPackagedExecStartLine.substr(found + t.pattern.size()), at, file));
      } else if (kind.kind == FileKind::EnvFile && is_docker_option_variable_line(text)) {
      } else {
        continue;
      }
      if (!any) {
        if (unit) {
          const bool drop_in = kind.kind == FileKind::SystemdDropIn;
          // An edited drop-in already resets ExecStart= (or systemd would refuse it).
          doc = synthetic(drop_in ? "[Service]\nExecStart=\n" : "[Service]\n", at, file);
        }
        any = true;
      }
      append_written(doc, line);
      append_written(doc, synthetic("\n", at, file));
    }
    if (!any) return std::nullopt;
    return doc;
  }

  // One written document, parsed as the kind its path names.
  void add_written(const SourceFile& script, const Word& target, const shell::WrittenText& content,
                   Span by, int generation, int write_depth) {
    if (content.text.text.empty() && content.unknown.empty()) return;
    std::string path = target.text;
    if (!path.starts_with("/")) path.insert(path.begin(), '/');
    const std::string display =
        script.path + (generation > 0 ? ":" + std::to_string(generation + 1) : "") + ":" + path;
    FileClass kind = classify_path(display);
    if (kind.is_template) return;  // written as a template: rendered elsewhere
    if (kind.kind == FileKind::Unknown) return;
    if (kind.needs_content_check && kind.kind != FileKind::ShellScript) return;
    const bool placeholders =
        kind.kind != FileKind::DaemonJson && kind.kind != FileKind::ConfigFileCandidate;
    Materialized doc = materialize(content, placeholders);
    if (kind.kind == FileKind::ShellScript && kind.needs_content_check &&
        !has_shell_shebang(doc.text)) {
      return;
    }
    const auto id = static_cast<FileId>(kVirtualBase + virtual_files_.size());
    virtual_files_.push_back(std::make_unique<SourceFile>(id, display, std::move(doc.text)));
    virtual_origins_.push_back({script.id, std::move(doc.offsets), target.span, path, by});
    const SourceFile& file = *virtual_files_.back();
    switch (kind.kind) {
      case FileKind::DaemonJson:
        model_.daemon_json.push_back(daemon_json::parse_with_opaque(json_, file, doc.opaque));
        sources_.daemon_json.push_back({file.id, file.path, model_.daemon_json.size() - 1});
        break;
      case FileKind::ConfigFileCandidate:
        sources_.candidate_documents.push_back(
            daemon_json::parse_with_opaque(json_, file, doc.opaque));
        sources_.config_candidates.push_back(
            {file.id, file.path, sources_.candidate_documents.size() - 1});
        break;
      case FileKind::SystemdService: add_unit(file, UnitDocument::Kind::Service); break;
      case FileKind::SystemdDropIn: add_unit(file, UnitDocument::Kind::DropIn); break;
      case FileKind::SystemdSocket: add_unit(file, UnitDocument::Kind::Socket); break;
      case FileKind::EnvFile:
        sources_.env_files.push_back(
            {file.id, file.path,
             envfile::parse_env_file(bash_, file.text, file.id, file.content_start)});
        break;
      case FileKind::ShellScript: add_script(file, false, write_depth + 1); break;
      case FileKind::Unknown: break;
    }
  }

  // Maps a span in a written document back to the script bytes it came from.
  Span to_script(Span span) const {
    for (int hops = 0; is_virtual(span.file) && hops <= kMaxWriteDepth; ++hops) {
      const VirtualOrigin& origin = virtual_origins_[span.file - kVirtualBase];
      const auto& offsets = origin.offsets;
      if (offsets.empty()) return origin.target;
      const std::size_t b = std::min<std::size_t>(span.begin, offsets.size() - 1);
      const std::size_t e = std::clamp<std::size_t>(span.end, b + 1, offsets.size());
      // From where the first byte was written to the furthest byte after it: a value that
      // ends in an expanded variable ("tcp://0.0.0.0:$PORT") stays where it is written.
      const std::uint32_t low = offsets[b];
      std::uint32_t high = low;
      for (std::size_t k = b; k < e; ++k) {
        if (offsets[k] >= low) high = std::max(high, offsets[k]);
      }
      span = Span{origin.script, low, span.empty() ? low : high + 1};
    }
    return span;
  }

  void map_to_script(Finding& finding) {
    if (!is_virtual(finding.span.file)) {
      for (RelatedLocation& r : finding.related) r.span = to_script(r.span);
      return;
    }
    const VirtualOrigin& origin = virtual_origins_[finding.span.file - kVirtualBase];
    const Span target = origin.target;
    const std::string path = origin.path;
    finding.span = to_script(finding.span);
    for (RelatedLocation& r : finding.related) r.span = to_script(r.span);
    finding.related.push_back({to_script(target), "written to " + path + " here"});
  }

  // Groups the sources into daemons; a daemon.json no unit reads is a daemon of its own,
  // started without flags.
  void assemble() {
    AssemblyOutput assembled = assemble_daemons(sources_, model_);
    const std::vector<FileId>& used = assembled.used;
    std::vector<DaemonInstance>& daemons = assembled.daemons;
    // A --config-file that names another etc/docker/*.json: now it is a daemon.json.
    std::map<std::size_t, std::size_t> linked;  // candidate -> index in the model
    for (const auto& [daemon_index, candidate] : assembled.candidate_links) {
      auto [it, added] = linked.try_emplace(candidate, model_.daemon_json.size());
      if (added) {
        model_.daemon_json.push_back(std::move(sources_.candidate_documents[candidate]));
        if (!is_virtual(sources_.config_candidates[candidate].file)) ++result_.files_scanned;
      }
      DaemonInstance& daemon = daemons[daemon_index];
      daemon.daemon_json = it->second;
      daemon_json::lower(model_.daemon_json[it->second], daemon.inputs);
    }
    model_.unit_problems = std::move(assembled.unit_problems);
    for (const UnitDocument& unit : sources_.units) {
      if (!is_virtual(unit.file) && std::binary_search(used.begin(), used.end(), unit.file)) {
        ++result_.files_scanned;
      }
    }
    for (const JsonDocumentRef& ref : sources_.daemon_json) {
      if (std::binary_search(used.begin(), used.end(), ref.file)) continue;
      DaemonInstance daemon;
      daemon.label = ref.path;
      daemon.file = ref.file;
      daemon.daemon_json = ref.index;
      daemon_json::lower(model_.daemon_json[ref.index], daemon.inputs);
      daemons.push_back(std::move(daemon));
    }
    for (DaemonInstance& daemon : script_daemons_) daemons.push_back(std::move(daemon));
    for (DaemonInstance& daemon : daemons) {
      dockerd::resolve(daemon, options_.engine);
      model_.daemons.push_back(std::move(daemon));
    }
    for (DaemonInstance& relay : relays_) model_.daemons.push_back(std::move(relay));
  }

  const EngineOptions& options_;
  ts::Parser json_;
  ts::Parser bash_;
  AssemblyInput sources_;
  std::vector<DaemonInstance> script_daemons_;
  std::vector<DaemonInstance> relays_;
  struct VirtualOrigin {
    FileId script;                       // the file (maybe itself written) that wrote it
    std::vector<std::uint32_t> offsets;  // per byte of the document: its offset there
    Span target;                         // the path word
    std::string path;                    // the path written to
    Span by;                             // the writing command
  };
  std::vector<std::unique_ptr<SourceFile>> virtual_files_;
  std::vector<VirtualOrigin> virtual_origins_;
  ScanModel model_;
  ScanResult result_;
};

// Reads a whole file, refusing anything larger than `limit` without reading it.
std::optional<std::string> read_file(const std::filesystem::path& path, std::uint64_t limit,
                                     ScanProblem& problem) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    problem.message = "cannot read: " + ec.message();
    return std::nullopt;
  }
  if (size > limit) {
    problem.message = "skipped: " + std::to_string(size) + " bytes is above --max-file-size (" +
                      std::to_string(limit) + ")";
    problem.is_error = false;
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem.message = "cannot read: permission denied or file vanished";
    return std::nullopt;
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size));
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    problem.message = "cannot read: I/O error";
    return std::nullopt;
  }
  // The file may have grown since it was measured; what was read is what is linted.
  return bytes;
}

}  // namespace

std::optional<std::string> unknown_rule_selector(const EngineOptions& options) {
  for (const auto* list : {&options.select, &options.ignore}) {
    for (const std::string& selector : *list) {
      const auto rules = rules::all_rules();
      if (std::none_of(rules.begin(), rules.end(), [&](const rules::RuleDef* rule) {
            return selector_matches(selector, *rule);
          })) {
        return selector;
      }
    }
  }
  return std::nullopt;
}

ScanResult scan_paths(const std::vector<std::string>& paths, const EngineOptions& options) {
  Discovery discovery = discover(paths, {options.excludes});
  Scan scan(options);
  for (ScanProblem& problem : discovery.problems) scan.problem(std::move(problem));
  for (Candidate& candidate : discovery.files) {
    ScanProblem problem{candidate.display_path, {}, true};
    std::optional<std::string> bytes = read_file(candidate.path, options.max_file_size, problem);
    if (!bytes) {
      scan.problem(std::move(problem));
      continue;
    }
    if (looks_binary(std::string_view(*bytes).substr(0, 8192))) {
      scan.problem({candidate.display_path, "skipped: binary file (NUL bytes)", false});
      continue;
    }
    scan.add(std::move(candidate.display_path), std::move(*bytes), candidate.file_class);
  }
  return scan.finish();
}

ScanResult scan_buffers(std::vector<InMemoryFile> files, const EngineOptions& options) {
  Scan scan(options);
  std::sort(files.begin(), files.end(), [](const InMemoryFile& a, const InMemoryFile& b) {
    return a.display_path < b.display_path;
  });
  for (InMemoryFile& file : files) {
    const FileClass file_class = file.forced ? *file.forced : classify_path(file.display_path);
    if (file_class.kind == FileKind::Unknown) continue;
    scan.add(std::move(file.display_path), std::move(file.bytes), file_class);
  }
  return scan.finish();
}

}  // namespace dl

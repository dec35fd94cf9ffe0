// Machine provisioning: cloud-init cloud-config (write_files, runcmd, bootcmd, CoreOS units)
// and Ansible playbooks and task files (shell/command/raw, copy, template, lineinfile,
// blockinfile, docker_container).
#include <algorithm>
#include <array>
#include <cctype>

#include "parsers/carriers/yaml_support.h"

namespace dl::carriers::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---------------------------------------------------------------------------------------
// cloud-init

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Each decoded byte points at the first character of its 4-character group. Blanks between
// characters are skipped; nullopt for text that is not base64 or not known.
std::optional<Masked> decode_base64(const Masked& in) {
  if (!in.known()) return std::nullopt;
  Masked out;
  out.text.file = in.text.file;
  out.whole = in.whole;
  std::array<int, 4> group{};
  std::size_t filled = 0;
  std::uint32_t group_offset = 0;
  bool padded = false;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const char c = in.text.text[k];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (filled == 0) group_offset = in.text.offsets[k];
    if (c == '=') {
      padded = true;
      group[filled++] = 0;
    } else {
      const int v = base64_value(c);
      if (v < 0 || padded) return std::nullopt;
      group[filled++] = v;
    }
    if (filled < 4) continue;
    const std::uint32_t bits = (static_cast<std::uint32_t>(group[0]) << 18) |
                               (static_cast<std::uint32_t>(group[1]) << 12) |
                               (static_cast<std::uint32_t>(group[2]) << 6) |
                               static_cast<std::uint32_t>(group[3]);
    const char bytes[3] = {static_cast<char>((bits >> 16) & 0xFF),
                           static_cast<char>((bits >> 8) & 0xFF), static_cast<char>(bits & 0xFF)};
    // Count the '=' in this group: they drop bytes from the end.
    std::size_t pad = 0;
    for (std::size_t j = k + 1; j-- > 0 && pad < 3;) {
      const char p = in.text.text[j];
      if (p == '=') {
        ++pad;
      } else if (p != ' ' && p != '\t' && p != '\n' && p != '\r') {
        break;
      }
    }
    for (std::size_t b = 0; b + pad < 3; ++b) out.push(bytes[b], group_offset, false);
    filled = 0;
  }
  if (filled == 2 || filled == 3) {  // unpadded tail
    const std::uint32_t bits = (static_cast<std::uint32_t>(group[0]) << 18) |
                               (static_cast<std::uint32_t>(group[1]) << 12) |
                               (filled == 3 ? static_cast<std::uint32_t>(group[2]) << 6 : 0U);
    out.push(static_cast<char>((bits >> 16) & 0xFF), group_offset, false);
    if (filled == 3) out.push(static_cast<char>((bits >> 8) & 0xFF), group_offset, false);
  } else if (filled == 1) {
    return std::nullopt;
  }
  return out;
}

class CloudInitLowering {
 public:
  explicit CloudInitLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) {
      if (!is_mapping(&d.root)) continue;
      write_files(child(&d.root, "write_files"));
      commands(child(&d.root, "bootcmd"));
      commands(child(&d.root, "runcmd"));
      coreos_units(child(child(&d.root, "coreos"), "units"));
    }
  }

 private:
  Masked text(const Node& n) const { return masked(c_.src, n); }

  // `append: true` entries are still WrittenFiles: their content is what the file gets.
  void write_files(const Node* list) {
    for (const Node* entry : items_of(list)) {
      const Node* path = child(entry, "path");
      if (!is_scalar(path) || is_null(path)) continue;
      const std::string encoding = lower(text_of(child(entry, "encoding")));
      Masked content;
      if (const Node* c = child(entry, "content"); c != nullptr && !is_null(c)) {
        content = text(*c);
      } else {
        content.text.file = c_.src.id();
        content.whole = Span{c_.src.id(), entry->span.end, entry->span.end};
      }
      if (encoding == "b64" || encoding == "base64") {
        auto decoded = decode_base64(content);
        if (!decoded) continue;
        content = std::move(*decoded);
      } else if (!encoding.empty() && encoding != "text/plain") {
        continue;  // gzip, gz+b64: compressed bytes are not linted
      }
      c_.doc.files.push_back(written_file(to_word(text(*path)), content, entry->span, false));
    }
  }

  // String items are shell lines of one script; list items are exec argv.
  void commands(const Node* list) {
    Masked script;
    std::size_t lines = 0;
    const Env none;
    for (const Node* item : items_of(list)) {
      if (is_sequence(item)) {
        std::vector<Masked> argv;
        for (const Node& w : item->items) argv.push_back(text(w));
        add_exec(c_.doc, argv, none);
        continue;
      }
      if (!is_scalar(item) || is_null(item)) continue;
      const Masked line = text(*item);
      if (script.text.file == kNoFile) {
        script.text.file = c_.src.id();
        script.whole = item->span;
      }
      if (lines++ > 0) {
        script.push('\n', script.size() > 0 ? script.text.offsets.back() : item->span.begin, false);
      }
      script.append(line, 0, line.size());
    }
    if (script.size() > 0) c_.doc.scripts.push_back({to_script(script), {}});
  }

  // Container Linux cloud-config: units and their drop-ins are files under
  // /etc/systemd/system (the path word points at the unit's name).
  void coreos_units(const Node* units) {
    for (const Node* unit : items_of(units)) {
      const Node* name = child(unit, "name");
      if (!is_scalar(name) || is_null(name)) continue;
      const Masked unit_name = text(*name);
      if (const Node* content = child(unit, "content"); is_scalar(content)) {
        Word path = to_word(unit_name);
        path.text = "/etc/systemd/system/" + unit_name.text.text;
        c_.doc.files.push_back(written_file(path, text(*content), unit->span, false));
      }
      for (const Node* drop_in : items_of(child(unit, "drop-ins"))) {
        const Node* dname = child(drop_in, "name");
        const Node* content = child(drop_in, "content");
        if (!is_scalar(dname) || !is_scalar(content)) continue;
        Word path = to_word(text(*dname));
        path.known = path.known && unit_name.known();
        path.text = "/etc/systemd/system/" + unit_name.text.text + ".d/" + path.text;
        c_.doc.files.push_back(written_file(path, text(*content), drop_in->span, false));
      }
    }
  }

  Context& c_;
};

// ---------------------------------------------------------------------------------------
// Ansible

constexpr std::array<std::string_view, 64> kModules = {"shell",
                                                       "command",
                                                       "raw",
                                                       "script",
                                                       "copy",
                                                       "template",
                                                       "lineinfile",
                                                       "blockinfile",
                                                       "service",
                                                       "systemd",
                                                       "systemd_service",
                                                       "apt",
                                                       "yum",
                                                       "dnf",
                                                       "package",
                                                       "file",
                                                       "pip",
                                                       "get_url",
                                                       "unarchive",
                                                       "user",
                                                       "group",
                                                       "git",
                                                       "uri",
                                                       "replace",
                                                       "stat",
                                                       "wait_for",
                                                       "debug",
                                                       "set_fact",
                                                       "include_tasks",
                                                       "import_tasks",
                                                       "include_role",
                                                       "import_role",
                                                       "docker_container",
                                                       "docker_image",
                                                       "apt_key",
                                                       "apt_repository",
                                                       "yum_repository",
                                                       "sysctl",
                                                       "mount",
                                                       "cron",
                                                       "fail",
                                                       "assert",
                                                       "pause",
                                                       "meta",
                                                       "include_vars",
                                                       "setup",
                                                       "slurp",
                                                       "fetch",
                                                       "synchronize",
                                                       "reboot",
                                                       "modprobe",
                                                       "ufw",
                                                       "firewalld",
                                                       "iptables",
                                                       "package_facts",
                                                       "service_facts",
                                                       "lvg",
                                                       "lvol",
                                                       "filesystem",
                                                       "authorized_key",
                                                       "hostname",
                                                       "timezone",
                                                       "locale_gen",
                                                       "dnf5"};

// The module name without its collection (ansible.builtin.copy, ansible.legacy.shell,
// community.docker.docker_container).
std::string_view module_name(std::string_view key) {
  for (const std::string_view prefix : {"ansible.builtin.", "ansible.legacy.", "community.docker.",
                                        "community.general.", "ansible.posix."}) {
    if (key.starts_with(prefix)) return key.substr(prefix.size());
  }
  return key;
}

bool is_module(std::string_view key) {
  const std::string_view m = module_name(key);
  return std::find(kModules.begin(), kModules.end(), m) != kModules.end();
}

bool is_play(const Node& n) {
  return child(&n, "hosts") != nullptr || child(&n, "import_playbook") != nullptr ||
         child(&n, "ansible.builtin.import_playbook") != nullptr;
}

bool is_task(const Node& n) {
  if (!is_mapping(&n)) return false;
  if (child(&n, "block") != nullptr) return true;
  bool named = false;
  bool fqcn = false;
  for (const auto& [key, value] : n.entries) {
    const std::string_view k = text_of(&key);
    if (is_module(k)) return true;
    if (k == "name") named = true;
    // collection.namespace.module
    if (std::count(k.begin(), k.end(), '.') >= 2 && k.find(' ') == std::string_view::npos) {
      fqcn = true;
    }
  }
  return named && fqcn;
}

// Module arguments: `module: {k: v}`, free-form `module: k=v k2="v 2"`, and `args:`.
struct Args {
  std::vector<std::pair<std::string, Masked>> values;
  std::optional<Masked> free_form;  // the text left after k=v pairs were taken (shell/command)
  const Node* argv = nullptr;       // command's `argv:` list

  const Masked* get(std::string_view key) const {
    const Masked* found = nullptr;
    for (const auto& [k, v] : values) {
      if (k == key) found = &v;
    }
    return found;
  }
};

// Tokens of a free-form string: blanks separate unless quoted; template text stays whole.
std::vector<std::pair<std::size_t, std::size_t>> kv_tokens(const Masked& m) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::string& t = m.text.text;
  std::size_t k = 0;
  while (k < t.size()) {
    while (k < t.size() && m.unknown[k] == 0 && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n')) {
      ++k;
    }
    if (k >= t.size()) break;
    const std::size_t begin = k;
    char quote = 0;
    while (k < t.size()) {
      const char c = t[k];
      if (m.unknown[k] != 0) {
        ++k;
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && k + 1 < t.size()) {
          k += 2;
          continue;
        }
        if (c == quote) quote = 0;
        ++k;
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
        ++k;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n') break;
      ++k;
    }
    out.emplace_back(begin, k);
  }
  return out;
}

bool is_key(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

// The free-form options shell and command take out of their command line.
constexpr std::array<std::string_view, 9> kCommandOptions = {
    "chdir", "creates",           "removes",          "executable",          "warn",
    "stdin", "stdin_add_newline", "strip_empty_ends", "expand_argument_vars"};

Args parse_args(const Source& src, const Node* value, const Node* task_args, bool command_like) {
  Args args;
  if (is_mapping(value)) {
    for (const auto& [k, v] : value->entries) {
      if (text_of(&k) == "argv") args.argv = &v;
      if (is_null(&v)) continue;
      args.values.emplace_back(std::string(text_of(&k)), masked(src, v));
    }
  } else if (is_scalar(value) && !is_null(value)) {
    const Masked m = masked(src, *value);
    std::vector<char> keep(m.size(), 1);
    bool any_kv = false;
    for (const auto& [b, e] : kv_tokens(m)) {
      const std::string_view token = std::string_view(m.text.text).substr(b, e - b);
      const auto eq = token.find('=');
      if (eq == std::string_view::npos || m.any_unknown(b, b + eq) ||
          !is_key(token.substr(0, eq))) {
        continue;
      }
      const std::string key(token.substr(0, eq));
      if (command_like &&
          std::find(kCommandOptions.begin(), kCommandOptions.end(), key) == kCommandOptions.end()) {
        continue;  // `FOO=bar cmd`: part of the command
      }
      std::size_t vb = b + eq + 1;
      std::size_t ve = e;
      if (ve - vb >= 2 && (m.text.text[vb] == '"' || m.text.text[vb] == '\'') &&
          m.text.text[ve - 1] == m.text.text[vb]) {
        ++vb;
        --ve;
      }
      Masked v = m.slice(vb, ve);
      if (v.size() == 0)
        v.whole = Span{m.text.file, m.text.offsets[b + eq], m.text.offsets[b + eq]};
      args.values.emplace_back(key, std::move(v));
      std::fill(keep.begin() + static_cast<std::ptrdiff_t>(b),
                keep.begin() + static_cast<std::ptrdiff_t>(e), 0);
      any_kv = true;
    }
    if (command_like) {
      Masked rest;
      rest.text.file = m.text.file;
      rest.text.known = m.text.known;
      rest.whole = m.whole;
      for (std::size_t k = 0; k < m.size(); ++k) {
        if (keep[k] != 0) rest.push(m.text.text[k], m.text.offsets[k], m.unknown[k] != 0);
      }
      if (any_kv) {  // the blanks the options left behind
        while (rest.size() > 0 && (rest.text.text.back() == ' ' || rest.text.text.back() == '\t')) {
          rest.text.text.pop_back();
          rest.text.offsets.pop_back();
          rest.unknown.pop_back();
        }
      }
      args.free_form = std::move(rest);
    }
  }
  if (is_mapping(task_args)) {
    for (const auto& [k, v] : task_args->entries) {
      if (text_of(&k) == "argv") args.argv = &v;
      if (is_null(&v)) continue;
      args.values.emplace_back(std::string(text_of(&k)), masked(src, v));
    }
  }
  return args;
}

class AnsibleLowering {
 public:
  explicit AnsibleLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) {
      for (const Node* item : items_of(&d.root)) {
        if (!is_mapping(item)) continue;
        if (is_play(*item)) {
          const Env env = environment(child(item, "environment"), Env{});
          for (const std::string_view key : {"pre_tasks", "tasks", "post_tasks", "handlers"}) {
            tasks(child(item, key), env, 0);
          }
        } else {
          task(*item, Env{}, 0);
        }
      }
    }
  }

 private:
  Masked text(const Node& n) const { return masked(c_.src, n); }

  // `environment:` as a mapping; a templated whole (`"{{ proxy_env }}"`) sets nothing known.
  Env environment(const Node* block, Env env) const {
    if (!is_mapping(block)) return env;
    for (const auto& [key, value] : block->entries) {
      Masked v;
      if (is_null(&value)) {
        v.text.file = c_.src.id();
        v.whole = Span{c_.src.id(), value.span.begin, value.span.begin};
      } else {
        v = text(value);
      }
      env.set(make_env(std::string(text_of(&key)), key.span, v), v);
    }
    return env;
  }

  void tasks(const Node* list, const Env& env, int depth) {
    for (const Node* item : items_of(list)) task(*item, env, depth);
  }

  void task(const Node& n, const Env& inherited, int depth) {
    if (!is_mapping(&n) || depth > kMaxDepth) return;
    const Env env = environment(child(&n, "environment"), inherited);
    if (child(&n, "block") != nullptr) {
      for (const std::string_view key : {"block", "rescue", "always"}) {
        tasks(child(&n, key), env, depth + 1);
      }
      return;
    }
    for (const auto& [key, value] : n.entries) {
      const std::string_view module = module_name(text_of(&key));
      if (module == "shell" || module == "raw") {
        shell(n, value, env);
      } else if (module == "command") {
        command(n, value, env);
      } else if (module == "copy") {
        copy(n, value);
      } else if (module == "template") {
        template_file(n, value);
      } else if (module == "lineinfile") {
        line_edit(n, value, "line");
      } else if (module == "blockinfile") {
        line_edit(n, value, "block");
      } else if (module == "docker_container") {
        docker_container(n, value);
      }
    }
  }

  void shell(const Node& task, const Node& value, const Env& env) {
    const Args args = parse_args(c_.src, &value, child(&task, "args"), true);
    const Masked* cmd = args.get("cmd");
    const Masked* script = cmd != nullptr ? cmd : args.get("_raw_params");
    if (script == nullptr && args.free_form && args.free_form->size() > 0) {
      script = &*args.free_form;
    }
    if (script == nullptr) return;
    if (const Masked* executable = args.get("executable")) {
      const std::string_view name = base_name(executable->text.text);
      if (executable->known() && name != "sh" && name != "bash" && name != "dash" &&
          name != "zsh" && name != "ksh" && name != "ash") {
        return;  // pwsh and other interpreters
      }
    }
    c_.doc.scripts.push_back({to_script(*script), env.env()});
  }

  // command: no shell; the line is split into words (shlex) or given as `argv:`.
  void command(const Node& task, const Node& value, const Env& env) {
    const Args args = parse_args(c_.src, &value, child(&task, "args"), true);
    std::vector<Masked> argv;
    if (is_sequence(args.argv)) {
      for (const Node& item : args.argv->items) argv.push_back(text(item));
    } else if (const Masked* cmd = args.get("cmd")) {
      argv = split_words(*cmd);
    } else if (args.free_form) {
      argv = split_words(*args.free_form);
    }
    add_exec(c_.doc, argv, env);
  }

  static const Masked* dest_of(const Args& args) {
    for (const std::string_view key : {"dest", "path", "name"}) {
      if (const Masked* m = args.get(key)) return m;
    }
    return nullptr;
  }

  const SourceFile* find_beside(std::string_view dir, std::string_view src) const {
    if (!c_.lookup || src.empty()) return nullptr;
    if (src.starts_with("/")) return nullptr;  // on the controller, outside the tree
    const std::string in_role = "../" + std::string(dir) + "/" + std::string(src);
    const std::string here = std::string(dir) + "/" + std::string(src);
    for (const std::string& path : {in_role, here, std::string(src)}) {
      if (const SourceFile* f = c_.lookup(path)) return f;
    }
    return nullptr;
  }

  // A whole file as content, its Jinja tags unknown when it is rendered (template).
  static Masked file_content(const SourceFile& file, bool rendered) {
    Source src;
    src.file = &file;
    if (rendered) {
      src.regions = jinja_regions(file.text, file.content_start,
                                  static_cast<std::uint32_t>(file.text.size()));
    }
    Masked m;
    m.text.file = file.id;
    m.whole = Span{file.id, file.content_start, static_cast<std::uint32_t>(file.text.size())};
    for (std::uint32_t k = file.content_start; k < file.text.size(); ++k) {
      m.push(file.text[k], k, src.templated(k, k + 1));
    }
    return m;
  }

  void copy(const Node& task, const Node& value) {
    const Args args = parse_args(c_.src, &value, child(&task, "args"), false);
    const Masked* dest = dest_of(args);
    if (dest == nullptr) return;
    if (const Masked* content = args.get("content")) {
      c_.doc.files.push_back(written_file(to_word(*dest), *content, task.span, false));
      return;
    }
    // src: a file of the role's files/ directory, copied as is.
    const Masked* source = args.get("src");
    const Masked* remote = args.get("remote_src");
    if (source == nullptr || !source->known() ||
        (remote != nullptr && (remote->text.text == "true" || remote->text.text == "yes"))) {
      return;
    }
    if (const SourceFile* f = find_beside("files", source->text.text)) {
      c_.doc.files.push_back(
          written_file(to_word(*dest), file_content(*f, false), task.span, false));
    }
  }

  // template: src in the role's templates/ directory (tried as ../templates/<src>,
  // templates/<src>, <src> from the task file's directory); the content points into it.
  void template_file(const Node& task, const Node& value) {
    const Args args = parse_args(c_.src, &value, child(&task, "args"), false);
    const Masked* dest = dest_of(args);
    const Masked* source = args.get("src");
    if (dest == nullptr || source == nullptr || !source->known()) return;
    if (const SourceFile* f = find_beside("templates", source->text.text)) {
      c_.doc.files.push_back(
          written_file(to_word(*dest), file_content(*f, true), task.span, false));
    }
  }

  void line_edit(const Node& task, const Node& value, std::string_view content_key) {
    const Args args = parse_args(c_.src, &value, child(&task, "args"), false);
    if (const Masked* state = args.get("state"); state != nullptr && state->text.text == "absent") {
      return;
    }
    const Masked* dest = dest_of(args);
    const Masked* content = args.get(content_key);
    if (content == nullptr && content_key == "block") content = args.get("content");
    if (dest == nullptr || content == nullptr) return;
    c_.doc.files.push_back(written_file(to_word(*dest), *content, task.span, true));
  }

  // community.docker.docker_container: a container started on the managed host.
  void docker_container(const Node& task, const Node& value) {
    if (!is_mapping(&value)) return;
    const std::string_view state = text_of(child(&value, "state"));
    if (state == "absent" || state == "stopped") return;
    carrier::Container out;
    const Node* name = child(&value, "name");
    out.description = "Ansible docker_container \"" +
                      (name != nullptr ? text(*name).text.text : std::string()) + "\"";
    if (const Node* image = child(&value, "image")) {
      out.image = to_word(text(*image));
    } else {
      out.image.span = task.span;
      out.image.known = false;
    }
    const Env env = environment(child(&value, "env"), Env{});
    out.env = env.env();
    const auto argv_of = [&](const Node* n) {
      std::vector<Masked> words;
      if (!is_sequence(n)) return split_words(text(*n));
      for (const Node& item : n->items) words.push_back(text(item));
      return words;
    };
    std::vector<Masked> argv;
    if (const Node* e = child(&value, "entrypoint"); e != nullptr && !is_null(e)) {
      out.has_entrypoint = true;
      argv = argv_of(e);
      out.entrypoint = words_of(argv);
    }
    if (const Node* c = child(&value, "command"); c != nullptr && !is_null(c)) {
      out.has_command = true;
      const std::vector<Masked> words = argv_of(c);
      out.command = words_of(words);
      argv.insert(argv.end(), words.begin(), words.end());
    }
    for (const std::string_view key : {"published_ports", "ports"}) {
      for (const Node* port : items_of(child(&value, key))) {
        if (!is_scalar(port)) continue;
        for (auto& p : parse_port_spec(text(*port), port->span)) out.ports.push_back(std::move(p));
      }
    }
    out.host_network = text_of(child(&value, "network_mode")) == "host";
    add_shell_c_script(c_.doc, argv, env);
    add_container(c_.doc, std::move(out));
  }

  Context& c_;
};

}  // namespace

void lower_cloud_init(Context& c) {
  CloudInitLowering(c).run();
}
void lower_ansible(Context& c) {
  AnsibleLowering(c).run();
}

bool looks_like_ansible(const Node& root) {
  if (!is_sequence(&root) || root.items.empty()) return false;
  for (const Node& item : root.items) {
    if (is_mapping(&item) && (is_play(item) || is_task(item))) return true;
  }
  return false;
}

}  // namespace dl::carriers::detail

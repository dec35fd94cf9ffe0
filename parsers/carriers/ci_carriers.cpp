// CI pipelines: GitLab CI (.gitlab-ci.yml with its includes, extends and !reference) and
// GitHub Actions workflows (and composite actions). Both run scripts with variables from
// several levels, and start service containers such as docker:dind.
#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>

#include "parsers/carriers/yaml_support.h"

namespace dl::carriers::detail {
namespace {

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Lines joined with '\n' into script texts; each joining newline maps to the last byte of
// the line before it. A SourcedText has one file, so lines from another file (an included
// template's before_script) start a new text.
class ScriptBuilder {
 public:
  void add_line(const Masked& line, Span at) {
    if (texts_.empty() || texts_.back().text.file != at.file) {
      texts_.emplace_back();
      texts_.back().text.file = at.file;
      texts_.back().whole = at;
      lines_.push_back(0);
    }
    Masked& m = texts_.back();
    if (lines_.back()++ > 0) m.push('\n', m.size() > 0 ? m.text.offsets.back() : at.begin, false);
    m.append(line, 0, line.size());
  }
  const std::vector<Masked>& texts() const { return texts_; }

 private:
  std::vector<Masked> texts_;
  std::vector<std::size_t> lines_;
};

// ---------------------------------------------------------------------------------------
// GitLab CI

constexpr std::array<std::string_view, 14> kGitLabReserved = {
    "stages", "variables",     "default",      "include", "workflow", "image", "services",
    "types",  "before_script", "after_script", "cache",   "spec",     "ai",    "pipeline"};

bool gitlab_reserved(std::string_view key) {
  return std::find(kGitLabReserved.begin(), kGitLabReserved.end(), key) != kGitLabReserved.end();
}

struct Layer {
  const Source* src;
  const Node* node;
};
using Layers = std::vector<Layer>;  // lowest priority first

// GitLab's deep merge (includes, extends): mappings merge key by key, anything else is
// replaced by the higher layer.
Layers get(const Layers& layers, std::string_view key) {
  Layers out;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    const Node* v = child(it->node, key);
    if (v == nullptr) continue;
    if (!is_mapping(v)) {
      if (out.empty()) out.push_back({it->src, v});
      break;
    }
    out.insert(out.begin(), {it->src, v});
  }
  return out;
}

// The highest layer (by value: `layers` is often a temporary); node nullptr when none.
Layer top_of(const Layers& layers) {
  return layers.empty() ? Layer{nullptr, nullptr} : layers.back();
}

constexpr std::size_t kMaxLayers = 64;
constexpr int kMaxExtends = 11;  // GitLab's own limit on extends nesting
constexpr std::size_t kMaxIncludes = 32;
constexpr int kResolveBudget = 512;

class GitLabLowering {
 public:
  explicit GitLabLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) {
      // A CI component's `spec:` header is a document of its own before the pipeline.
      if (is_mapping(&d.root) && child(&d.root, "spec") != nullptr && d.root.entries.size() == 1) {
        continue;
      }
      add_file(&c_.src, &d.root, 0);
    }
    collect_jobs();

    Env global = variables(get(roots_, "variables"), nullptr);
    Env global_expanded = expand_all(global);
    if (!global_expanded.empty()) c_.doc.environments.push_back(global_expanded.env());

    std::set<std::string> extended;
    for (const std::string& name : job_names_) {
      for (const Layer& l : definition(name)) {
        for (const Node* e : items_of(child(l.node, "extends"))) {
          extended.insert(std::string(text_of(e)));
        }
      }
    }
    for (const std::string& name : job_names_) {
      const bool hidden = name.starts_with(".");
      if (hidden && extended.count(name) != 0) continue;
      job(name, global, hidden);
    }
  }

 private:
  // ---- files and includes ----

  void add_file(const Source* src, const Node* root, int depth) {
    if (!is_mapping(root)) return;
    // Included files are merged under the including one: theirs first.
    for (const Node* inc : items_of(child(root, "include"))) {
      std::string_view path;
      if (is_scalar(inc)) {
        path = text_of(inc);
        if (path.starts_with("http://") || path.starts_with("https://")) continue;
      } else if (is_mapping(inc) && child(inc, "project") == nullptr) {
        path = text_of(child(inc, "local"));
      }
      include(path, depth);
    }
    roots_.push_back({src, root});
  }

  // `local:` paths are relative to the repository root; the lookup resolves paths relative to
  // the including file's directory, which is the root for a top-level .gitlab-ci.yml, so the
  // leading '/' is dropped (and the path retried from the scan root). Nested includes resolve
  // the same way, from the top file. Wildcards, remote, project and template includes are
  // skipped.
  void include(std::string_view path, int depth) {
    while (path.starts_with("/")) path.remove_prefix(1);
    while (path.starts_with("./")) path.remove_prefix(2);
    if (path.empty() || path.find('*') != std::string_view::npos || !c_.lookup || depth >= 8 ||
        loaded_.size() >= kMaxIncludes) {
      return;
    }
    const SourceFile* file = c_.lookup(path);
    // The engine's lookup reads a leading '/' as the scan root: the repository root when the
    // pipeline file is not at the top of the scanned tree.
    if (file == nullptr) file = c_.lookup("/" + std::string(path));
    if (file == nullptr || !visited_.insert(file->id).second) return;
    auto& entry = loaded_.emplace_back();
    entry.src.file = file;
    entry.parsed = parse_yaml(*file, {});
    for (const yaml::Document& d : entry.parsed.stream.documents) {
      if (is_mapping(&d.root) && child(&d.root, "spec") != nullptr && d.root.entries.size() == 1) {
        continue;
      }
      add_file(&entry.src, &d.root, depth + 1);
    }
  }

  void collect_jobs() {
    std::set<std::string> seen;
    for (const Layer& root : roots_) {
      for (const auto& [key, value] : root.node->entries) {
        const std::string name(text_of(&key));
        if (name.empty() || gitlab_reserved(name) || !is_mapping(&value)) continue;
        if (seen.insert(name).second) job_names_.push_back(name);
      }
    }
  }

  // The job as written in each file, lowest priority first.
  Layers definition(const std::string& name) const {
    Layers out;
    for (const Layer& root : roots_) {
      const Node* v = child(root.node, name);
      if (is_mapping(v)) out.push_back({root.src, v});
    }
    return out;
  }

  // The job with what it extends merged under it.
  Layers resolve(const std::string& name, int depth, std::vector<std::string>& stack) const {
    // A job extending many that extend many (diamonds, not cycles) is walked within a budget.
    if (depth > kMaxExtends || --budget_ < 0 ||
        std::find(stack.begin(), stack.end(), name) != stack.end()) {
      return {};
    }
    const Layers def = definition(name);
    if (def.empty()) return {};
    stack.push_back(name);
    Layers out;
    if (const Layer ext = top_of(get(def, "extends")); ext.node != nullptr) {
      for (const Node* base : items_of(ext.node)) {
        const std::string base_name(text_of(base));
        if (base_name.empty()) continue;
        Layers parent = resolve(base_name, depth + 1, stack);
        out.insert(out.end(), parent.begin(), parent.end());
        if (out.size() > kMaxLayers) break;
      }
    }
    stack.pop_back();
    if (out.size() > kMaxLayers) out.erase(out.begin(), out.end() - kMaxLayers);
    out.insert(out.end(), def.begin(), def.end());
    return out;
  }

  // ---- variables ----

  struct Raw {
    Masked value;
    bool expand = true;
  };

  // A `variables:` block (merged layers); `filter`, when given, lists the names to take.
  Env variables(const Layers& blocks, const std::set<std::string>* filter) {
    Env env;
    for (const Layer& l : blocks) {
      if (!is_mapping(l.node)) continue;
      for (const auto& [key, value] : l.node->entries) {
        const std::string name(text_of(&key));
        if (name.empty() || (filter != nullptr && filter->count(name) == 0)) continue;
        const Node* v = &value;
        bool expand = true;
        if (is_mapping(v)) {  // {value:, description:, expand:, options:}
          expand = !is_false(child(v, "expand"));
          v = child(v, "value");
        }
        Masked m;
        if (v == nullptr || is_null(v)) {
          m.text.file = l.src->id();
          m.whole = Span{l.src->id(), value.span.begin, value.span.begin};
        } else {
          m = masked(*l.src, *v);
        }
        if (!expand) no_expand_.insert(definition_key(name, key.span));
        env.set(make_env(name, key.span, m), m);
      }
    }
    return env;
  }

  // GitLab expands `$NAME`/`${NAME}` in variable values from the other variables (unless
  // `expand: false`); `$$` is a literal `$`. A reference to a variable defined nowhere here
  // (predefined, project or group variables) is unknown. Substituted bytes point at the
  // reference, which also keeps a value in the file it was written in.
  Masked expand(const Masked& m, const Env& raw, int depth) const {
    Masked out;
    out.text.file = m.text.file;
    out.text.known = m.text.known;
    out.whole = m.whole;
    const std::string& t = m.text.text;
    std::size_t i = 0;
    while (i < t.size()) {
      if (t[i] != '$' || m.unknown[i] != 0 || i + 1 >= t.size()) {
        out.push(t[i], m.text.offsets[i], m.unknown[i] != 0);
        ++i;
        continue;
      }
      if (t[i + 1] == '$') {
        out.push('$', m.text.offsets[i], false);
        i += 2;
        continue;
      }
      std::size_t name_begin = i + 1;
      std::size_t name_end = name_begin;
      std::size_t end = i;
      if (t[i + 1] == '{') {
        name_begin = i + 2;
        name_end = name_begin;
        while (name_end < t.size() && is_name_char(t[name_end])) ++name_end;
        if (name_end < t.size() && t[name_end] == '}' && name_end > name_begin) end = name_end + 1;
      } else if (is_name_start(t[i + 1])) {
        while (name_end < t.size() && is_name_char(t[name_end])) ++name_end;
        end = name_end;
      }
      if (end == i) {
        out.push(t[i], m.text.offsets[i], false);
        ++i;
        continue;
      }
      const std::string_view name = std::string_view(t).substr(name_begin, name_end - name_begin);
      const Var* var = raw.find(name);
      const std::uint32_t first = m.text.offsets[i];
      const std::uint32_t last = m.text.offsets[end - 1];
      if (var == nullptr || depth >= 8) {
        for (std::size_t k = i; k < end; ++k) out.push(t[k], m.text.offsets[k], true);
      } else {
        const Masked value = expandable(*var) ? expand(var->value, raw, depth + 1) : var->value;
        for (std::size_t k = 0; k < value.size(); ++k) {
          out.push(value.text.text[k], k + 1 == value.size() ? last : first, value.unknown[k] != 0);
        }
        if (!value.text.known) out.text.known = false;
      }
      i = end;
    }
    return out;
  }

  // `expand: false` belongs to one definition of a name, wherever it ends up.
  static std::string definition_key(const std::string& name, Span at) {
    return name + "@" + std::to_string(at.file) + ":" + std::to_string(at.begin);
  }
  bool expandable(const Var& v) const {
    return no_expand_.count(definition_key(v.ev.name, v.ev.name_span)) == 0;
  }

  Env expand_all(const Env& raw) const {
    Env out;
    for (const Var& v : raw.vars()) {
      Masked value = expandable(v) ? expand(v.value, raw, 0) : v.value;
      carrier::EnvVar ev = v.ev;
      ev.value = to_value(value);
      out.set(std::move(ev), std::move(value));
    }
    return out;
  }

  // ---- jobs ----

  // `inherit: default:` / `inherit: variables:`: true (all), false (none), or a list.
  static std::optional<std::set<std::string>> inherit_filter(const Node* setting) {
    if (setting == nullptr || is_true(setting)) return std::nullopt;
    std::set<std::string> names;
    for (const Node* item : items_of(setting)) {
      if (!is_false(item)) names.insert(std::string(text_of(item)));
    }
    return names;
  }

  // A job keyword, else `default:`'s, else the legacy top-level one.
  Layer keyword(const Layers& job, std::string_view key,
                const std::optional<std::set<std::string>>& inherit_default) const {
    if (const Layer own = top_of(get(job, key)); own.node != nullptr) return own;
    if (inherit_default && inherit_default->count(std::string(key)) == 0) return {};
    if (const Layer d = top_of(get(get(roots_, "default"), key)); d.node != nullptr) return d;
    return top_of(get(roots_, key));
  }

  void job(const std::string& name, const Env& global_raw, bool hidden) {
    budget_ = kResolveBudget;
    std::vector<std::string> stack;
    const Layers job = resolve(name, 0, stack);
    if (job.empty()) return;
    const Layer inherit = top_of(get(job, "inherit"));
    const auto inherit_default = inherit_filter(child(inherit.node, "default"));
    const auto inherit_vars = inherit_filter(child(inherit.node, "variables"));

    Env raw;
    if (!inherit_vars) {
      raw = global_raw;
    } else {
      for (const Var& v : global_raw.vars()) {
        if (inherit_vars->count(v.ev.name) != 0) raw.set(v.ev, v.value);
      }
    }
    const Layers own_blocks = get(job, "variables");
    const Env own = variables(own_blocks, nullptr);
    raw.set_all(own);
    const Env env = expand_all(raw);
    if (!own.empty()) c_.doc.environments.push_back(env.env());
    if (hidden) return;  // a template: its variables only

    if (const Layer services = keyword(job, "services", inherit_default); services.node) {
      for (const Node* item : items_of(services.node)) service(name, *services.src, *item, raw);
    }

    ScriptBuilder builder;
    for (const std::string_view key : {"before_script", "script", "after_script"}) {
      const Layer l = key == "script" ? top_of(get(job, key)) : keyword(job, key, inherit_default);
      if (l.node != nullptr) lines(*l.src, l.node, builder, 0);
    }
    for (const Masked& text : builder.texts()) {
      if (text.size() > 0) c_.doc.scripts.push_back({to_script(text), env.env()});
    }
  }

  // Script lines: a string, or a list of strings and nested lists (flattened), with
  // `!reference [job, key, …]` resolved.
  void lines(const Source& src, const Node* n, ScriptBuilder& out, int depth) const {
    if (n == nullptr || depth > 10) return;
    if (is_sequence(n) && n->tag == "!reference") {
      const Layer target = reference(*n);
      if (target.node != nullptr) lines(*target.src, target.node, out, depth + 1);
      return;
    }
    if (is_sequence(n)) {
      for (const Node& item : n->items) lines(src, &item, out, depth + 1);
      return;
    }
    if (is_scalar(n) && !is_null(n)) out.add_line(masked(src, *n), n->span);
    // A mapping (`- echo key: value` unquoted) is not a line: GitLab rejects it.
  }

  Layer reference(const Node& ref) const {
    std::vector<std::string> path;
    for (const Node& item : ref.items) path.emplace_back(text_of(&item));
    if (path.empty()) return {};
    std::vector<std::string> stack;
    budget_ = kResolveBudget;
    Layers found = resolve(path.front(), 0, stack);
    for (std::size_t k = 1; k < path.size() && !found.empty(); ++k) found = get(found, path[k]);
    return top_of(found);
  }

  void service(const std::string& job, const Source& src, const Node& item, const Env& job_raw) {
    const Node* name = is_mapping(&item) ? child(&item, "name") : &item;
    if (!is_scalar(name)) return;
    carrier::Container out;
    out.description =
        "GitLab CI service \"" + std::string(text_of(name)) + "\" of job \"" + job + "\"";
    Env raw = job_raw;
    if (is_mapping(&item)) raw.set_all(variables({{&src, child(&item, "variables")}}, nullptr));
    const Env env = expand_all(raw);
    out.env = env.env();
    // GitLab expands variables in service names (docker:${DIND_TAG}); the word keeps the
    // name's own span.
    Word image = to_word(expand(masked(src, *name), raw, 0));
    image.span = to_word(masked(src, *name)).span;
    out.image = image;
    if (is_mapping(&item)) {
      if (const Node* e = child(&item, "entrypoint"); e != nullptr && !is_null(e)) {
        out.has_entrypoint = true;
        for (const Node* w : items_of(e)) out.entrypoint.push_back(to_word(masked(src, *w)));
      }
      if (const Node* cmd = child(&item, "command"); cmd != nullptr && !is_null(cmd)) {
        out.has_command = true;
        for (const Node* w : items_of(cmd)) out.command.push_back(to_word(masked(src, *w)));
      }
      std::vector<Masked> argv;
      for (const Node* w : items_of(child(&item, "entrypoint"))) argv.push_back(masked(src, *w));
      for (const Node* w : items_of(child(&item, "command"))) argv.push_back(masked(src, *w));
      add_shell_c_script(c_.doc, argv, env);
    }
    // Not an environment of its own: the job's variables already are one.
    c_.doc.containers.push_back(std::move(out));
  }

  struct Loaded {
    Source src;
    ParsedFile parsed;
  };

  Context& c_;
  Layers roots_;  // the main file's documents with their includes, lowest priority first
  std::deque<Loaded> loaded_;
  std::set<FileId> visited_;
  std::vector<std::string> job_names_;
  std::set<std::string> no_expand_;
  mutable int budget_ = kResolveBudget;
};

// ---------------------------------------------------------------------------------------
// GitHub Actions

class GitHubLowering {
 public:
  explicit GitHubLowering(Context& c) : c_(c) {}

  void run() {
    for (const yaml::Document& d : c_.stream.documents) workflow(d.root);
  }

 private:
  Masked text(const Node& n) const { return masked(c_.src, n); }

  Env env_block(const Node* block) const {
    Env env;
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

  static std::string_view shell_of(const Node* defaults) {
    return text_of(child(child(defaults, "run"), "shell"));
  }

  // bash and sh (GitHub's names, or a custom `bash -e {0}`) are POSIX; pwsh, powershell,
  // cmd, python and other interpreters are not. No shell: bash, except on Windows runners.
  static bool posix_shell(std::string_view shell, bool windows) {
    if (shell.empty()) return !windows;
    if (shell.find("${{") != std::string_view::npos) return !windows;
    const std::string_view first = shell.substr(0, shell.find(' '));
    const std::string_view name = base_name(first);
    return name == "bash" || name == "sh" || name == "dash" || name == "zsh" || name == "ksh" ||
           name == "ash";
  }

  static bool on_windows(const Node* runs_on) {
    std::vector<const Node*> labels = items_of(runs_on);
    if (is_mapping(runs_on)) labels = items_of(child(runs_on, "labels"));
    for (const Node* l : labels) {
      std::string t(text_of(l));
      std::transform(t.begin(), t.end(), t.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      if (t.find("windows") != std::string::npos) return true;
    }
    return false;
  }

  void workflow(const Node& root) {
    if (!is_mapping(&root)) return;
    const Env wf_env = env_block(child(&root, "env"));
    if (!wf_env.empty()) c_.doc.environments.push_back(wf_env.env());
    // A composite action: runs.steps, each with its shell.
    if (const Node* runs = child(&root, "runs"); text_of(child(runs, "using")) == "composite") {
      steps(child(runs, "steps"), wf_env, "", false);
    }
    const Node* jobs = child(&root, "jobs");
    if (!is_mapping(jobs)) return;
    const std::string_view wf_shell = shell_of(child(&root, "defaults"));
    for (const auto& [id, job] : jobs->entries) {
      if (!is_mapping(&job)) continue;
      const std::string job_id(text_of(&id));
      Env env = wf_env;
      const Env own = env_block(child(&job, "env"));
      env.set_all(own);
      if (!own.empty()) c_.doc.environments.push_back(env.env());
      std::string_view shell = shell_of(child(&job, "defaults"));
      if (shell.empty()) shell = wf_shell;
      steps(child(&job, "steps"), env, shell, on_windows(child(&job, "runs-on")));
      if (const Node* services = child(&job, "services"); is_mapping(services)) {
        for (const auto& [name, svc] : services->entries) {
          container(svc, "GitHub Actions service \"" + std::string(text_of(&name)) +
                             "\" of job \"" + job_id + "\"");
        }
      }
      if (const Node* c = child(&job, "container"); c != nullptr && !is_null(c)) {
        container(*c, "GitHub Actions container of job \"" + job_id + "\"");
      }
    }
  }

  void steps(const Node* list, const Env& job_env, std::string_view default_shell, bool windows) {
    for (const Node* step : items_of(list)) {
      const Node* run = child(step, "run");
      if (run == nullptr || is_null(run)) continue;
      Env env = job_env;
      const Env own = env_block(child(step, "env"));
      env.set_all(own);
      if (!own.empty()) c_.doc.environments.push_back(env.env());
      std::string_view shell = text_of(child(step, "shell"));
      if (shell.empty()) shell = default_shell;
      if (!posix_shell(shell, windows)) continue;
      c_.doc.scripts.push_back({to_script(text(*run)), env.env()});
    }
  }

  // A service or job container: an image string, or {image, env, ports, options, …}.
  void container(const Node& n, const std::string& description) {
    carrier::Container out;
    out.description = description;
    const Node* image = is_mapping(&n) ? child(&n, "image") : &n;
    if (image != nullptr && is_scalar(image)) {
      out.image = to_word(text(*image));
    } else {
      out.image.span = n.span;
      out.image.known = false;
    }
    const Env env = env_block(child(&n, "env"));
    out.env = env.env();
    for (const Node* port : items_of(child(&n, "ports"))) {
      if (!is_scalar(port)) continue;
      for (auto& p : parse_port_spec(text(*port), port->span)) out.ports.push_back(std::move(p));
    }
    // `options:` is passed to docker create; only the network it joins matters here.
    if (const Node* options = child(&n, "options"); is_scalar(options)) {
      const std::vector<Masked> words = split_words(text(*options));
      for (std::size_t k = 0; k < words.size(); ++k) {
        const std::string& w = words[k].text.text;
        if (w == "--network=host" || w == "--net=host" ||
            ((w == "--network" || w == "--net") && k + 1 < words.size() &&
             words[k + 1].text.text == "host")) {
          out.host_network = true;
        }
      }
    }
    std::vector<Masked> argv;
    if (const Node* e = child(&n, "entrypoint"); e != nullptr && !is_null(e)) {
      out.has_entrypoint = true;
      const std::vector<Masked> words =
          is_scalar(e) ? split_words(text(*e)) : std::vector<Masked>{};
      out.entrypoint = words_of(words);
      argv = words;
    }
    if (const Node* c = child(&n, "command"); c != nullptr && !is_null(c)) {
      out.has_command = true;
      const std::vector<Masked> words =
          is_scalar(c) ? split_words(text(*c)) : std::vector<Masked>{};
      out.command = words_of(words);
      argv.insert(argv.end(), words.begin(), words.end());
    }
    add_shell_c_script(c_.doc, argv, env);
    add_container(c_.doc, std::move(out));
  }

  Context& c_;
};

}  // namespace

void lower_gitlab(Context& c) {
  GitLabLowering(c).run();
}
void lower_github(Context& c) {
  GitHubLowering(c).run();
}

bool looks_like_github(const Node& root) {
  // A workflow (on: + jobs with runs-on or steps) or a composite action.
  if (text_of(child(child(&root, "runs"), "using")) == "composite") return true;
  const Node* jobs = child(&root, "jobs");
  if (!is_mapping(jobs) || (child(&root, "on") == nullptr && child(&root, "true") == nullptr)) {
    return false;
  }
  for (const auto& [id, job] : jobs->entries) {
    if (child(&job, "runs-on") != nullptr || child(&job, "steps") != nullptr ||
        child(&job, "uses") != nullptr) {
      return true;
    }
  }
  return false;
}

bool looks_like_gitlab(const Node& root) {
  if (!is_mapping(&root) || child(&root, "jobs") != nullptr) return false;
  const bool has_stages = is_sequence(child(&root, "stages"));
  for (const auto& [key, value] : root.entries) {
    if (gitlab_reserved(text_of(&key)) || !is_mapping(&value)) continue;
    const Node* script = child(&value, "script");
    const bool has_script = is_sequence(script) || (is_scalar(script) && !is_null(script));
    if (has_script &&
        (has_stages || child(&value, "stage") != nullptr || child(&value, "image") != nullptr ||
         child(&value, "services") != nullptr || child(&value, "extends") != nullptr ||
         child(&value, "rules") != nullptr || child(&value, "only") != nullptr ||
         child(&value, "tags") != nullptr || child(&value, "needs") != nullptr ||
         child(&value, "variables") != nullptr || child(&value, "before_script") != nullptr)) {
      return true;
    }
  }
  return false;
}

}  // namespace dl::carriers::detail

// dockerd-lint-gen-docs: writes (--write) or verifies (--check) the documentation generated
// from the rule registry: docs/rules/DExxx.md, docs/rules/README.md and the README's rule
// table between the rules-table markers. Not installed; the ctest docs_up_to_date runs
// --check on the source tree.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "linter/docs/rule_docs.h"

namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitDrift = 1;
constexpr int kExitUsage = 2;

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_file(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size()))) {
      fs::remove(temporary, ec);
      return false;
    }
  }
  fs::rename(temporary, path, ec);
  return !ec;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

// A line diff (longest common subsequence) of `actual` (on disk) against `expected`
// (generated), printed as "-"/"+" lines with their line numbers; at most `limit` lines.
void print_diff(std::ostream& out, std::string_view actual, std::string_view expected,
                std::size_t limit = 40) {
  const auto a = split_lines(actual);
  const auto b = split_lines(expected);
  std::vector<std::vector<unsigned>> lcs(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t printed = 0;
  while ((i < a.size() || j < b.size()) && printed < limit) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i;
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out << "    +" << (j + 1) << ": " << b[j] << "\n";
      ++j;
      ++printed;
    } else {
      out << "    -" << (i + 1) << ": " << a[i] << "\n";
      ++i;
      ++printed;
    }
  }
  if (printed == limit) out << "    … (more differences)\n";
}

// docs/rules/DE123.md: a page the generator owns.
bool is_rule_page_name(const std::string& name) {
  return name.size() == 8 && name.starts_with("DE") && name.ends_with(".md") &&
         std::all_of(name.begin() + 2, name.begin() + 5,
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

struct Plan {
  std::vector<dl::docs::GeneratedFile> files;  // every file with its expected content
  std::vector<std::string> stale;              // pages of rules no longer in the registry
};

std::optional<Plan> plan(const fs::path& repo) {
  Plan result;
  result.files = dl::docs::generated_rule_files();
  std::set<std::string> owned;
  for (const auto& file : result.files) owned.insert(file.path);

  const fs::path readme_path = repo / "README.md";
  const auto readme = read_file(readme_path);
  if (!readme) {
    std::cerr << "dockerd-lint-gen-docs: cannot read " << readme_path.string() << "\n";
    return std::nullopt;
  }
  auto spliced = dl::docs::splice_rules_table(*readme, dl::docs::render_rules_table());
  if (!spliced) {
    std::cerr << "dockerd-lint-gen-docs: " << readme_path.string() << " lacks the lines "
              << dl::docs::kTableBegin << " and " << dl::docs::kTableEnd
              << " around the rule table\n";
    return std::nullopt;
  }
  result.files.push_back({"README.md", std::move(*spliced)});

  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(repo / "docs" / "rules", ec)) {
    const std::string name = entry.path().filename().string();
    const std::string relative = "docs/rules/" + name;
    if (is_rule_page_name(name) && !owned.count(relative)) result.stale.push_back(relative);
  }
  std::sort(result.stale.begin(), result.stale.end());
  return result;
}

int check(const fs::path& repo, const std::string& self, const std::string& repo_arg) {
  const auto work = plan(repo);
  if (!work) return kExitUsage;
  std::size_t drifted = 0;
  for (const auto& file : work->files) {
    const auto actual = read_file(repo / file.path);
    if (!actual) {
      std::cout << file.path << ": missing (generated from the rule registry)\n";
      ++drifted;
    } else if (*actual != file.content) {
      std::cout << file.path << ": differs from the rule registry (- on disk, + generated)\n";
      print_diff(std::cout, *actual, file.content);
      ++drifted;
    }
  }
  for (const std::string& stale : work->stale) {
    std::cout << stale << ": stale, its rule is no longer in the registry\n";
    ++drifted;
  }
  if (drifted == 0) {
    std::cout << "dockerd-lint-gen-docs: " << work->files.size()
              << " generated files are up to date\n";
    return kExitOk;
  }
  std::cout << "dockerd-lint-gen-docs: " << drifted
            << " file(s) out of date; regenerate with: " << self << " --write " << repo_arg << "\n";
  return kExitDrift;
}

int write(const fs::path& repo) {
  const auto work = plan(repo);
  if (!work) return kExitUsage;
  std::size_t written = 0;
  for (const auto& file : work->files) {
    const auto actual = read_file(repo / file.path);
    if (actual && *actual == file.content) continue;
    if (!write_file(repo / file.path, file.content)) {
      std::cerr << "dockerd-lint-gen-docs: cannot write " << (repo / file.path).string() << "\n";
      return kExitUsage;
    }
    std::cout << "wrote " << file.path << "\n";
    ++written;
  }
  for (const std::string& stale : work->stale) {
    std::error_code ec;
    if (!fs::remove(repo / stale, ec) || ec) {
      std::cerr << "dockerd-lint-gen-docs: cannot remove " << (repo / stale).string() << "\n";
      return kExitUsage;
    }
    std::cout << "removed " << stale << "\n";
  }
  std::cout << "dockerd-lint-gen-docs: " << written << " file(s) written, " << work->stale.size()
            << " removed, " << work->files.size() - written << " unchanged\n";
  return kExitOk;
}

void usage(std::ostream& out) {
  out << "usage: dockerd-lint-gen-docs --write REPO_DIR | --check REPO_DIR\n"
         "  --write  regenerate docs/rules/*.md and the README's rule table from the registry\n"
         "  --check  exit 1 (naming each file) when they differ from the registry\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    usage(std::cout);
    return kExitOk;
  }
  if (args.size() != 2 || (args[0] != "--write" && args[0] != "--check")) {
    usage(std::cerr);
    return kExitUsage;
  }
  const fs::path repo(args[1]);
  if (!fs::is_directory(repo)) {
    std::cerr << "dockerd-lint-gen-docs: " << args[1] << " is not a directory\n";
    return kExitUsage;
  }
  return args[0] == "--write" ? write(repo) : check(repo, argv[0], args[1]);
}

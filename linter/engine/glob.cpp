#include "linter/engine/glob.h"

#include <fnmatch.h>

namespace dl {

bool matches_any_glob(const std::vector<std::string>& patterns, std::string_view relative_path) {
  const std::string path(relative_path);
  for (const std::string& raw : patterns) {
    std::string_view pattern = raw;
    while (pattern.starts_with("./")) pattern.remove_prefix(2);
    while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
    const std::string p(pattern);
    // Whole path: '*' may cross '/' here, which makes "a/**/b" and "dir/*" behave.
    if (fnmatch(p.c_str(), path.c_str(), 0) == 0) return true;
    // Any single component, for patterns without a '/' ("vendor", "*.tpl").
    if (pattern.find('/') == std::string_view::npos) {
      std::size_t start = 0;
      while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        const std::string component = path.substr(start, slash - start);
        if (!component.empty() && fnmatch(p.c_str(), component.c_str(), 0) == 0) return true;
        start = slash + 1;
      }
    }
  }
  return false;
}

}  // namespace dl

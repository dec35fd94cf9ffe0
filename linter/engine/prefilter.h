// The prefilter: which files can matter to a rule at all, decided from their bytes before
// any parse. Most of a monorepo's YAML, scripts and Terraform never mention Docker; reading
// them is unavoidable, parsing them is not.
#pragma once

#include <string_view>

#include "linter/engine/discovery.h"

namespace dl::prefilter {

// False when a file of this kind holds none of the tokens any rule's input needs, so that
// parsing it cannot produce a finding. Files whose name makes them a daemon.json, a unit or
// an env file always matter.
bool may_matter(FileKind kind, std::string_view bytes);

}  // namespace dl::prefilter

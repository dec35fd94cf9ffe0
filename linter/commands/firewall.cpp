#include "linter/commands/firewall.h"

namespace dl::commands {}  // namespace dl::commands

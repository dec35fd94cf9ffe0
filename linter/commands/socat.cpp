#include "linter/commands/socat.h"

namespace dl::commands {}  // namespace dl::commands

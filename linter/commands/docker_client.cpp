#include "linter/commands/docker_client.h"

namespace dl::commands {}  // namespace dl::commands

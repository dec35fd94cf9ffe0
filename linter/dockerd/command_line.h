// Lowering of one dockerd command line (from a unit, an env file or a script) into the
// daemon's inputs. Format-independent: every parser that finds a dockerd uses this.
#pragma once

#include "linter/core/model.h"
#include "linter/dockerd/flags.h"

namespace dl::dockerd {

// Adds hosts, TLS settings, --config-file, every known flag (for DE004) and the argument
// problems (DE007) of `args` to `inputs`. Later flags override earlier ones, as in pflag.
void apply_daemon_args(const DaemonArgs& args, DaemonInputs& inputs);

}  // namespace dl::dockerd

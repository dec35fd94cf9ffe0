// Lowering of one dockerd command line (from a unit, an env file or a script) into the
// daemon's inputs. Format-independent: every parser that finds a dockerd uses this.
#pragma once

#include <span>
#include "linter/core/model.h"

#include "linter/dockerd/flags.h"

namespace dl::dockerd {

// Adds hosts, TLS settings, --config-file, every known flag (for DE004) and the argument
// problems (DE007) of `words` (dockerd's arguments) to `inputs`. Later flags override
// earlier ones, as in pflag. Words that are not known (a variable from a file outside the
// tree) may hold any flag: the inputs then say so.
void apply_daemon_args(std::span<const Word> words, DaemonInputs& inputs);

}  // namespace dl::dockerd

#include "parsers/shell/sed.h"

namespace dl::shell {}  // namespace dl::shell

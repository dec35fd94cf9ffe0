// Shared wording and predicates for the listener rules (DE1xx, DE2xx).
#pragma once

#include <string>

#include "linter/core/model.h"

namespace dl::rules {

// "tcp://0.0.0.0:2375 (all interfaces)"; for a templated host, the text as written.
std::string describe_listener(const Listener& listener);
// True when a TCP listener exists whose address is not known to be loopback.
bool exposed_beyond_loopback(const Listener& listener);
bool has_tcp_listener(const DaemonInstance& daemon);
// "daemon.json" or "the command line", for where a setting was made.
std::string origin_name(SettingOrigin origin);

}  // namespace dl::rules

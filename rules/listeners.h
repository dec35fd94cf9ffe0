// Shared wording and predicates for the listener rules (DE1xx, DE2xx).
#pragma once

#include <string>

#include "linter/core/model.h"
#include "rules/rule.h"

namespace dl::rules {

// "tcp://0.0.0.0:2375 (all interfaces)"; for a templated host, the text as written.
std::string describe_listener(const Listener& listener);
// Whether an all-interfaces listener also takes IPv6 connections.
bool dual_stack(const Listener& listener);
// True when a TCP listener exists whose address is not known to be loopback.
bool exposed_beyond_loopback(const Listener& listener);
bool has_tcp_listener(const DaemonInstance& daemon);
// Points at what brought a listener in from elsewhere: the `-H fd://` that hands dockerd a
// socket unit's listener, or the variable reference ($DOCKER_OPTS) a -H value came through.
void relate_listener_source(RuleContext::Report& report, const Listener& listener);
// "daemon.json" or "the command line", for where a setting was made.
std::string origin_name(SettingOrigin origin);

}  // namespace dl::rules

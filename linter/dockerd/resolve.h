// dockerd's own resolution of one daemon's inputs (flags + daemon.json) into listeners and
// an effective TLS state: dockerd-semantics.md §1.1 and §2.2, per engine version.
#pragma once

#include "linter/core/model.h"
#include "linter/dockerd/engine_version.h"

namespace dl::dockerd {

// Fills daemon.listeners, daemon.invalid_hosts and daemon.tls from daemon.inputs.
void resolve(DaemonInstance& daemon, EngineVersion engine);

// The TLS state alone, plus whether TLS was on at the moment dockerd picked its default
// host (which differs from the final state on v23+, §2.3 row X).
TlsState resolve_tls(const DaemonInputs& inputs, EngineVersion engine,
                     bool* tls_when_hosts_defaulted = nullptr);

}  // namespace dl::dockerd

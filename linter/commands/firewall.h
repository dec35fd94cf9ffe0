// Host firewall commands that accept TCP connections, as written in scripts: iptables and
// ip6tables (-A/-I INPUT … -p tcp --dport/--dports … -j ACCEPT), ufw (allow 2375, allow from
// … to any port 2375), firewall-cmd (--add-port=2375/tcp, --add-rich-rule='… accept') and nft
// (add rule … tcp dport 2375 accept), directly or behind wrappers such as sudo.
#pragma once

#include <span>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/word.h"

namespace dl::commands {

// The accepting rules one command adds (usually one, none for anything else: listing,
// deleting, DROP/REJECT rules, other chains, UDP, `-i lo`). A word that is not known makes the
// part it decides unknown: an unknown port is no rule, an unknown source is a restriction.
std::vector<FirewallRule> parse_firewall_command(std::span<const Word> argv);

}  // namespace dl::commands

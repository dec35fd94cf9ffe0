// DE901: a suppression names a rule that does not exist or cannot be read.
#include "rules/suppression_hygiene.h"

namespace dl::rules {

extern const RuleDef kDE901{
    .meta =
        {
            .id = "DE901",
            .name = "unknown-rule-in-suppression",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "a suppression names a rule that does not exist or cannot be read",
            .tags = hygiene::kTags,
            .doc =
                {
                    .what = "Finds `# dockerd-lint:` comments that cannot be applied: a rule id or "
                            "name that "
                            "no rule has (a typo, a retired id, a prefix such as `DE1`), a "
                            "directive other than `disable-next-line` and `disable-file`, a "
                            "directive without `=` and rule ids (blanket suppressions are not "
                            "supported), text after the rules that is not ` -- reason`, a bad "
                            "`exp:` date, and a directive written after code instead of on its own "
                            "line.",
                    .why = "Such a comment looks like it silences a finding but silences nothing, "
                           "or not "
                           "what the author meant. hadolint ignored pragmas with an unmarked "
                           "reason without saying so (hadolint#370, #1028); here every comment "
                           "that starts with `dockerd-lint:` is either applied or reported.",
                    .bad_example =
                        "#!/bin/sh\n# dockerd-lint: disable-next-line=DE014 -- typo for DE104\n"
                        "dockerd -H unix:///var/run/docker.sock -H "
                        "tcp://127.0.0.1:2375\n",
                    .good_example = "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 -- CI VM, "
                                    "torn down after "
                                    "the job\ndockerd -H unix:///var/run/docker.sock -H "
                                    "tcp://127.0.0.1:2375\n",
                    .fix = "Name the rule by its id (`DE104`) or name "
                           "(`loopback-tcp-without-tls`), one "
                           "comma-separated list, then an optional `exp:YYYY-MM-DD`, then an "
                           "optional ` -- reason`, on a comment line of its own above the line "
                           "it covers (`dockerd-lint rules` lists the ids).",
                    .references = hygiene::kReferences,
                },
            .example_path = "start.sh",
        },
    .check = &hygiene::check_in_engine,
};

}  // namespace dl::rules

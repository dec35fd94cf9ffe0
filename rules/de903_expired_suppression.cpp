// DE903: a suppression's expiry date has passed (the suppression no longer applies).
#include "rules/suppression_hygiene.h"

namespace dl::rules {

extern const RuleDef kDE903{
    .meta =
        {
            .id = "DE903",
            .name = "expired-suppression",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "a suppression's expiry date has passed (the suppression no longer applies)",
            .tags = hygiene::kTags,
            .doc =
                {
                    .what = "Finds `# dockerd-lint:` suppressions whose `exp:YYYY-MM-DD` date has "
                            "passed "
                            "(the suppression covers its date, and ends after it). An expired "
                            "suppression no longer applies: the findings it covered are reported "
                            "again next to this one.",
                    .why =
                        "Temporary exceptions become permanent when nobody is reminded of them. An "
                        "expiry date (tfsec's `exp:`) turns an accepted risk into a dated "
                        "one, and this rule is the reminder.",
                    .bad_example = "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 "
                                   "exp:2020-01-31 -- migration\n"
                                   "dockerd -H unix:///var/run/docker.sock -H "
                                   "tcp://127.0.0.1:2375\n",
                    .good_example = "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 "
                                    "exp:2999-12-31 -- migration\n"
                                    "dockerd -H unix:///var/run/docker.sock -H "
                                    "tcp://127.0.0.1:2375\n",
                    .fix = "Fix what the suppression covered, or, if the risk is still accepted, "
                           "set a new "
                           "date with a reason that says why.",
                    .references = hygiene::kReferences,
                },
            .example_path = "start.sh",
        },
    .check = &hygiene::check_in_engine,
};

}  // namespace dl::rules

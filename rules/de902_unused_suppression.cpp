// DE902: a suppression matched no finding.
#include "rules/suppression_hygiene.h"

namespace dl::rules {

extern const RuleDef kDE902{
    .meta =
        {
            .id = "DE902",
            .name = "unused-suppression",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "a suppression matched no finding",
            .tags = hygiene::kTags,
            .doc =
                {
                    .what = "Finds rule names in `# dockerd-lint:` suppressions that matched no "
                            "finding: on "
                            "the covered line for `disable-next-line`, in the whole file for "
                            "`disable-file`. Rules that did not run (`--ignore`, `select`) are "
                            "not reported.",
                    .why =
                        "A suppression outlives the finding it was written for. Left in place, it "
                        "silently hides the next real exposure on that line or in that "
                        "file, which is how one skip comment came to cover other findings "
                        "in Checkov (checkov#2139, #3952).",
                    .bad_example =
                        "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 -- left over\n"
                        "dockerd -H unix:///var/run/docker.sock\n",
                    .good_example = "#!/bin/sh\ndockerd -H unix:///var/run/docker.sock\n",
                    .fix = "Remove the suppression, or the rule ids in it that no longer match.",
                    .references = hygiene::kReferences,
                },
            .example_path = "start.sh",
        },
    .check = &hygiene::check_in_engine,
};

}  // namespace dl::rules

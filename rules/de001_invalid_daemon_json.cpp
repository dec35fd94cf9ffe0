// DE001: daemon.json that is not valid JSON; dockerd refuses to start.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"moby: daemon/config/config.go (daemon.json loading, key validation, conflicts)",
     "https://github.com/moby/moby/blob/master/daemon/config/config.go"},
    {"Docker docs: Troubleshooting the Docker daemon (conflicts between daemon.json and start-up "
     "scripts)",
     "https://docs.docker.com/engine/daemon/troubleshoot/"},
};

constexpr std::string_view kPrefix = "daemon.json is not valid JSON, so dockerd refuses to start: ";

// dockerd checks the encoding before the JSON, so at most one of these is reported.
void check_document(const DaemonJsonDocument& document, dockerd::EngineVersion engine,
                    RuleContext& ctx) {
  const bool decodes = engine >= dockerd::kDecodesConfigEncoding;
  if (decodes && document.first_invalid_utf8) {
    const std::uint32_t at = *document.first_invalid_utf8;
    ctx.report(Span{document.file, at, at + 1},
               std::string(kPrefix) + "failed to decode configuration JSON at offset " +
                   std::to_string(at) + ": encoding: invalid UTF-8");
    return;
  }
  if (!decodes && document.bom != ByteOrderMark::None) {
    // Older engines hand the BOM to encoding/json, which rejects its first byte.
    const std::string_view first = document.bom == ByteOrderMark::Utf8      ? "ï"
                                   : document.bom == ByteOrderMark::Utf16Le ? "ÿ"
                                                                            : "þ";
    ctx.report(Span{document.file, 0, document.bom == ByteOrderMark::Utf8 ? 3u : 1u},
               std::string(kPrefix) + "invalid character '" + std::string(first) +
                   "' looking for beginning of value: the file starts with a byte order mark, "
                   "which dockerd decodes only since 23.0 (the scan assumes " +
                   engine.to_string() + ")");
    return;
  }
  for (const SyntaxError& error : document.syntax_errors) {
    ctx.report(error.span, std::string(kPrefix) + error.message);
  }
}

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonJsonDocument& document : model.daemon_json) {
    check_document(document, model.engine, ctx);
  }
}

}  // namespace

extern const RuleDef kDE001{
    .meta =
        {
            .id = "DE001",
            .name = "invalid-daemon-json",
            .level = Level::Error,
            .security_severity = "",
            .summary = "daemon.json is not valid JSON; dockerd will not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds daemon.json files that dockerd cannot decode: syntax errors, "
                            "comments, trailing commas, text around the object (such as a "
                            "pasted shell transcript), a top-level value that is not an object, "
                            "nesting deeper than Go's 10,000 levels, and (dockerd 23.0 and "
                            "later) invalid UTF-8 anywhere, or (older engines) a byte order "
                            "mark. The finding points at the first bad token, the one dockerd's "
                            "own error names. An empty or whitespace-only file is valid.",
                    .why = "dockerd reads `/etc/docker/daemon.json` at start-up and exits with "
                           "`unable to configure the Docker daemon with file …` when it cannot "
                           "decode it. A host that was meant to be reconfigured is left without "
                           "a daemon, and whatever the file was meant to secure never applies.",
                    .bad_example = "{\n  // listen locally only\n  \"hosts\": "
                                   "[\"unix:///var/run/docker.sock\"],\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Remove comments, trailing commas and anything outside the single "
                           "top-level object; check the file with `dockerd --validate "
                           "--config-file FILE` (dockerd 23.0 and later).",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules

// Terraform payload attributes (user_data, custom_data, metadata startup scripts): values
// decoded as hclsyntax decodes them, with one file offset per byte. Expected values follow
// the hclsyntax rules (ParseStringLiteralToken escapes, flushHeredocTemplateParts for `<<-`,
// strip markers); offsets are checked against the bytes of the literal inputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/terraform/terraform.h"

namespace dl {
namespace {

using terraform::find_payloads;
using terraform::Payload;

constexpr FileId kFile = 3;

std::string_view Sub(std::string_view text, const Span& s) {
  EXPECT_EQ(s.file, kFile);
  EXPECT_LE(s.begin, s.end);
  EXPECT_LE(s.end, text.size());
  return text.substr(s.begin, s.end - s.begin);
}

// The file bytes behind content.text[begin, end).
std::string_view Source(std::string_view text, const Payload& p, std::size_t begin,
                        std::size_t end) {
  return Sub(text, p.content.span_of(begin, end));
}

std::vector<std::string> Unknowns(const Payload& p) {
  std::vector<std::string> out;
  for (const auto& [b, e] : p.unknown) out.push_back(p.content.text.substr(b, e - b));
  return out;
}

std::uint32_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t at = text.find(needle, from);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

TEST(TerraformHeredoc, AwsInstanceUserData) {
  const std::string text =
      "resource \"aws_instance\" \"web\" {\n"
      "  ami           = \"ami-123\" # user_data = \"no\"\n"
      "  user_data = <<EOF\n"
      "#!/bin/bash\n"
      "dockerd -H tcp://0.0.0.0:2375 &\n"
      "  EOF\n"
      "  tags = { Name = \"web\" }\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(p.attribute, "user_data");
  EXPECT_EQ(Sub(text, p.attribute_span), "user_data");
  EXPECT_EQ(p.attribute_span.begin, Find(text, "user_data = <<"));
  ASSERT_TRUE(p.inline_content);
  EXPECT_EQ(p.content.text, "#!/bin/bash\ndockerd -H tcp://0.0.0.0:2375 &\n");
  EXPECT_EQ(p.content.file, kFile);
  EXPECT_TRUE(p.content.known);
  EXPECT_TRUE(p.unknown.empty());
  ASSERT_EQ(p.content.offsets.size(), p.content.text.size());
  EXPECT_EQ(p.content.offsets[0], Find(text, "#!/bin/bash"));
  const std::size_t d = p.content.text.find("dockerd");
  EXPECT_EQ(p.content.offsets[d], Find(text, "dockerd"));
  EXPECT_EQ(Source(text, p, d, d + 29), "dockerd -H tcp://0.0.0.0:2375");
  EXPECT_TRUE(p.referenced_path.empty());
}

TEST(TerraformHeredoc, MarkerOnlyClosesAsAWholeLine) {
  const std::string text =
      "user_data = <<EOT\n"
      "echo NOT EOT\n"
      "EOTX\n"
      "\tEOT  \n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "echo NOT EOT\nEOTX\n");
}

TEST(TerraformHeredoc, FlushRemovesSmallestIndentation) {
  const std::string text =
      "resource \"aws_instance\" \"a\" {\n"
      "  user_data = <<-EOT\n"
      "    #!/bin/sh\n"
      "      dockerd \\\n"
      "\n"
      "        -H tcp://0.0.0.0:2375\n"
      "    EOT\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(p.content.text, "#!/bin/sh\n  dockerd \\\n\n    -H tcp://0.0.0.0:2375\n");
  ASSERT_EQ(p.content.offsets.size(), p.content.text.size());
  EXPECT_EQ(p.content.offsets[0], Find(text, "#!/bin/sh"));
  // The two spaces kept before dockerd are the 5th and 6th of its line.
  const std::uint32_t line = Find(text, "      dockerd");
  EXPECT_EQ(p.content.offsets[10], line + 4);
  EXPECT_EQ(p.content.offsets[11], line + 5);
  EXPECT_EQ(p.content.offsets[12], line + 6);
  const std::size_t h = p.content.text.find("-H");
  EXPECT_EQ(p.content.offsets[h], Find(text, "-H tcp"));
  EXPECT_EQ(p.content.offsets[h - 1], Find(text, "-H tcp") - 1);
  EXPECT_EQ(Source(text, p, h - 4, h + 2), "    -H");
}

TEST(TerraformHeredoc, FlushCountsTabsAndSkipsBlankLines) {
  // Tabs are characters like spaces; a line of only white space is neither counted nor
  // trimmed (hclsyntax leaves it as written).
  const std::string text = "user_data = <<-EOT\n\t\tone\n   \n\t\t\ttwo\n\tEOT\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "one\n   \n\ttwo\n");
  EXPECT_EQ(payloads[0].content.offsets[4], Find(text, "   \n"));
}

TEST(TerraformHeredoc, FlushStopsAtLineStartingWithInterpolation) {
  // A line that starts with a sequence counts as zero indentation.
  const std::string text = "user_data = <<-EOT\n    a\n${var.b}\n    c\nEOT\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "    a\n${var.b}\n    c\n");
  EXPECT_EQ(Unknowns(payloads[0]), std::vector<std::string>{"${var.b}"});
}

TEST(TerraformHeredoc, FlushCountsIndentationBeforeInterpolation) {
  const std::string text = "user_data = <<-EOT\n    a\n  ${var.b} x\n    c\n  EOT\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(p.content.text, "  a\n${var.b} x\n  c\n");
  ASSERT_EQ(p.unknown.size(), 1u);
  EXPECT_EQ(p.unknown[0], (std::pair<std::uint32_t, std::uint32_t>{4, 12}));
  EXPECT_EQ(Source(text, p, 4, 12), "${var.b}");
}

TEST(TerraformHeredoc, NoEscapesButTemplateEscapes) {
  // Backslashes are literal in heredocs; `$${` and `%%{` still stand for `${` and `%{`.
  const std::string text = "user_data = <<EOT\necho \\n $${HOME} %%{x} $HOME 100%\nEOT\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(p.content.text, "echo \\n ${HOME} %{x} $HOME 100%\n");
  EXPECT_TRUE(p.unknown.empty());
  const std::size_t d = p.content.text.find("${HOME}");
  EXPECT_EQ(p.content.offsets[d], Find(text, "$${") + 1);  // the escaping `$` is dropped
  EXPECT_EQ(Source(text, p, d, d + 7), "${HOME}");
}

TEST(TerraformHeredoc, InterpolationsWithBracesQuotesAndHeredocs) {
  const std::string text =
      "user_data = <<EOF\n"
      "a ${jsonencode({ k = \"}\" })} b\n"
      "%{ for h in var.hosts ~}\n"
      "-H ${h}\n"
      "%{ endfor }\n"
      "c ${<<X\n"
      "EOF\n"
      "X\n"
      "}\n"
      "EOF\n"
      "custom_data = \"x\"\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 2u);
  const Payload& p = payloads[0];
  // `~}` removes the white space (newline included) that follows it.
  EXPECT_EQ(p.content.text,
            "a ${jsonencode({ k = \"}\" })} b\n%{ for h in var.hosts ~}-H ${h}\n%{ endfor }\n"
            "c ${<<X\nEOF\nX\n}\n");
  EXPECT_EQ(Unknowns(p),
            (std::vector<std::string>{"${jsonencode({ k = \"}\" })}", "%{ for h in var.hosts ~}",
                                      "${h}", "%{ endfor }", "${<<X\nEOF\nX\n}"}));
  EXPECT_FALSE(p.content.known);
  const auto& [b, e] = p.unknown[2];
  EXPECT_EQ(p.content.offsets[b], Find(text, "${h}"));
  EXPECT_EQ(Source(text, p, b, e), "${h}");
  const std::size_t dash = p.content.text.find("-H");
  EXPECT_EQ(p.content.offsets[dash], Find(text, "-H ${h}"));
  EXPECT_EQ(payloads[1].attribute, "custom_data");
}

TEST(TerraformHeredoc, CrLfLines) {
  const std::string text = "user_data = <<-EOT\r\n  a\r\n    b\r\n  EOT\r\nx = 1\r\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "a\r\n  b\r\n");
}

TEST(TerraformQuoted, EscapesAndTemplateEscapes) {
  const std::string text =
      "user_data = \"#!/bin/sh\\ndockerd -H \\\"tcp://0.0.0.0:2375\\\" \\\\ $${X} %%{y} "
      "\\u00e9\\U0001F600\\t.\"\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(
      p.content.text,
      "#!/bin/sh\ndockerd -H \"tcp://0.0.0.0:2375\" \\ ${X} %{y} \xC3\xA9\xF0\x9F\x98\x80\t.");
  EXPECT_TRUE(p.unknown.empty());
  ASSERT_EQ(p.content.offsets.size(), p.content.text.size());
  EXPECT_EQ(p.content.offsets[0], Find(text, "#!"));
  // Bytes decoded from \n, \uNNNN… map to the backslash; \" and \\ to the escaped byte.
  EXPECT_EQ(p.content.offsets[9], Find(text, "\\ndockerd"));
  EXPECT_EQ(p.content.offsets[10], Find(text, "dockerd"));
  const std::size_t quote = p.content.text.find('"');
  EXPECT_EQ(p.content.offsets[quote], Find(text, "\\\"tcp") + 1);
  EXPECT_EQ(p.content.offsets[quote + 1], Find(text, "tcp"));
  EXPECT_EQ(Source(text, p, quote, quote + 20), "\"tcp://0.0.0.0:2375\\\"");
  const std::size_t backslash = p.content.text.find('\\');
  EXPECT_EQ(p.content.offsets[backslash], Find(text, "\\\\ $$") + 1);
  const std::size_t x = p.content.text.find("${X}");
  EXPECT_EQ(p.content.offsets[x], Find(text, "$${X}") + 1);
  EXPECT_EQ(p.content.offsets[x + 1], Find(text, "$${X}") + 2);
  const std::size_t e = p.content.text.find('\xC3');
  EXPECT_EQ(p.content.offsets[e], Find(text, "\\u00e9"));
  EXPECT_EQ(p.content.offsets[e + 1], Find(text, "\\u00e9"));
  EXPECT_EQ(p.content.offsets[e + 2], Find(text, "\\U0001F600"));
  EXPECT_EQ(p.content.offsets[e + 5], Find(text, "\\U0001F600"));
}

TEST(TerraformQuoted, InterpolationsAreUnknownRanges) {
  const std::string text =
      "user_data = \"dockerd -H ${var.host}:${ local.ports[\"tls\"] } %{ if var.tls }--tls"
      "%{ endif }\"\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  const Payload& p = payloads[0];
  EXPECT_EQ(p.content.text,
            "dockerd -H ${var.host}:${ local.ports[\"tls\"] } %{ if var.tls }--tls%{ endif }");
  EXPECT_EQ(Unknowns(p), (std::vector<std::string>{"${var.host}", "${ local.ports[\"tls\"] }",
                                                   "%{ if var.tls }", "%{ endif }"}));
  EXPECT_FALSE(p.content.known);
  for (const auto& [b, e] : p.unknown) {
    EXPECT_EQ(Source(text, p, b, e), p.content.text.substr(b, e - b));
  }
  EXPECT_EQ(p.unknown[0], (std::pair<std::uint32_t, std::uint32_t>{11, 22}));
}

TEST(TerraformQuoted, StripMarkers) {
  const std::string text = "user_data = \"a  ${~ x ~}  b %{ if y ~} c\"\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "a${~ x ~}b %{ if y ~}c");
}

TEST(TerraformGoogle, StartupScriptAndMetadataKeys) {
  const std::string text =
      "resource \"google_compute_instance\" \"vm\" {\n"
      "  metadata_startup_script = \"dockerd -H tcp://0.0.0.0:2375\"\n"
      "  metadata = {\n"
      "    ssh-keys = \"user:ssh-rsa AAAA\"\n"
      "    startup-script = <<-EOT\n"
      "      #!/bin/bash\n"
      "      dockerd -H 0.0.0.0\n"
      "    EOT\n"
      "    \"user-data\" = file(\"${path.module}/cloud-init.yaml\"), enable-oslogin: \"TRUE\"\n"
      "  }\n"
      "  boot_disk { initialize_params { image = \"cos\" } }\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 3u);
  EXPECT_EQ(payloads[0].attribute, "metadata_startup_script");
  EXPECT_EQ(payloads[0].content.text, "dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(payloads[0].content.offsets[0], Find(text, "dockerd -H tcp"));

  EXPECT_EQ(payloads[1].attribute, "metadata.startup-script");
  EXPECT_EQ(Sub(text, payloads[1].attribute_span), "startup-script");
  EXPECT_EQ(payloads[1].content.text, "#!/bin/bash\ndockerd -H 0.0.0.0\n");
  EXPECT_EQ(payloads[1].content.offsets[12], Find(text, "dockerd -H 0.0.0.0"));

  EXPECT_EQ(payloads[2].attribute, "metadata.user-data");
  EXPECT_EQ(Sub(text, payloads[2].attribute_span), "\"user-data\"");
  EXPECT_FALSE(payloads[2].inline_content);
  EXPECT_EQ(payloads[2].referenced_path, "cloud-init.yaml");
  EXPECT_FALSE(payloads[2].referenced_is_template);
  EXPECT_EQ(Sub(text, payloads[2].reference_span), "\"${path.module}/cloud-init.yaml\"");
}

TEST(TerraformGoogle, MetadataThatIsNotALiteralObject) {
  const std::string text =
      "metadata = merge(local.m, { startup-script = \"x\" })\n"
      "labels = { startup-script = \"y\" }\n";
  EXPECT_TRUE(find_payloads(text, kFile).empty());
}

TEST(TerraformAzure, CustomDataBase64Encode) {
  const std::string text =
      "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n"
      "  custom_data = base64encode(<<-EOF\n"
      "    #cloud-config\n"
      "    runcmd: [dockerd]\n"
      "  EOF\n"
      "  )\n"
      "}\n"
      "resource \"azurerm_linux_virtual_machine\" \"vm2\" {\n"
      "  custom_data = base64encode(templatefile(\"${path.module}/init.tpl\", {\n"
      "    port = \"}\" # )\n"
      "  }))\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 2u);
  EXPECT_EQ(payloads[0].attribute, "custom_data");
  // The closing marker's indentation does not count: only content lines do.
  EXPECT_EQ(payloads[0].content.text, "#cloud-config\nruncmd: [dockerd]\n");
  EXPECT_EQ(payloads[0].content.offsets[0], Find(text, "#cloud-config"));
  EXPECT_FALSE(payloads[1].inline_content);
  EXPECT_EQ(payloads[1].referenced_path, "init.tpl");
  EXPECT_TRUE(payloads[1].referenced_is_template);
  EXPECT_EQ(Sub(text, payloads[1].reference_span), "\"${path.module}/init.tpl\"");
}

TEST(TerraformAzure, Base64Rules) {
  const std::string text =
      "a { user_data_base64 = \"IyEvYmluL3NoCg==\" }\n"             // already encoded: opaque
      "b { user_data_base64 = base64encode(\"echo b\") }\n"         // taken
      "c { user_data = base64gzip(\"echo c\") }\n"                  // compressed: opaque
      "d { user_data = base64encode(base64encode(\"echo d\")) }\n"  // double-encoded
      "e { user_data_base64 = filebase64(\"./e.sh\") }\n"           // taken, a file
      "f { custom_data = base64encode(trimspace(\"  echo f\\n\")) }\n"
      "g { custom_data = chomp(base64encode(\" echo g\\n\")) }\n"  // chomp of base64 text
      "h { custom_data = base64encode(file(\"h.sh\")) }\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 5u);
  EXPECT_EQ(payloads[0].attribute, "user_data_base64");
  EXPECT_EQ(payloads[0].content.text, "echo b");
  EXPECT_EQ(payloads[1].referenced_path, "e.sh");
  EXPECT_FALSE(payloads[1].inline_content);
  EXPECT_EQ(payloads[2].content.text, "echo f");
  EXPECT_EQ(payloads[2].content.offsets[0], Find(text, "echo f"));
  EXPECT_EQ(payloads[3].content.text, " echo g\n");
  EXPECT_EQ(payloads[4].referenced_path, "h.sh");
}

TEST(TerraformFiles, PathsRelativeToTheModule) {
  const std::string text =
      "resource \"aws_instance\" \"a\" {\n"
      "  user_data = file(\"${path.module}/boot.sh\")\n"
      "}\n"
      "resource \"aws_instance\" \"b\" { user_data = file(\"./scripts/boot.sh\") }\n"
      "resource \"aws_instance\" \"c\" { user_data = file(\"boot.sh\") }\n"
      "resource \"aws_instance\" \"d\" { user_data = file(\"${path.root}/boot.sh\") }\n"
      "resource \"aws_instance\" \"e\" { user_data = file(\"${path.module}/${var.n}.sh\") }\n"
      "resource \"aws_instance\" \"f\" { user_data = file(\"/etc/boot.sh\") }\n"
      "resource \"aws_instance\" \"g\" { user_data = file(var.script) }\n"
      "resource \"aws_instance\" \"h\" {\n"
      "  user_data = templatefile(\"${ path.module }/tpl/cloud-init.yaml\", {\n"
      "    hosts = [\"tcp://0.0.0.0:2375\"],\n"
      "  })\n"
      "}\n"
      "resource \"aws_instance\" \"i\" { user_data = \"${file(\"${path.module}/old.sh\")}\" }\n"
      "resource \"aws_instance\" \"j\" { user_data = trimspace(file(\"j.sh\")) }\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 10u);
  const std::vector<std::string> paths = {
      "boot.sh", "scripts/boot.sh",     "boot.sh", "",    "", "",
      "",        "tpl/cloud-init.yaml", "old.sh",  "j.sh"};
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_FALSE(payloads[i].inline_content) << i;
    EXPECT_EQ(payloads[i].referenced_path, paths[i]) << i;
    EXPECT_EQ(payloads[i].referenced_is_template, i == 7) << i;
  }
  EXPECT_EQ(Sub(text, payloads[0].reference_span), "\"${path.module}/boot.sh\"");
  EXPECT_EQ(payloads[0].reference_span.begin, Find(text, "\"${path.module}/boot.sh\""));
  EXPECT_EQ(Sub(text, payloads[6].reference_span), "var.script");
  EXPECT_EQ(Sub(text, payloads[8].reference_span), "\"${path.module}/old.sh\"");
}

TEST(TerraformSkipping, CommentsStringsAndOtherHeredocsAreNotAttributes) {
  const std::string text =
      "# user_data = \"comment\"\n"
      "// user_data = \"comment\"\n"
      "/* user_data = \"comment\"\n"
      "   user_data = \"still\" */\n"
      "resource \"aws_iam_policy\" \"p\" {\n"
      "  description = \"user_data = \\\"string\\\" ${ \"}\" }\"\n"
      "  policy = <<POLICY\n"
      "  user_data = \"heredoc\" {\n"
      "  POLICYX\n"
      "  POLICY\n"
      "  tags = {\n"
      "    user_data = \"object\"\n"
      "  }\n"
      "  values = [<<A\n"
      "user_data = \"a\"\n"
      "A\n"
      "  , <<-B\n"
      "    user_data = \"b\"\n"
      "  B\n"
      "  ]\n"
      "  user_data_replace_on_change = true\n"
      "  lifecycle { ignore_changes = [user_data] }\n"
      "}\n"
      "resource \"aws_instance\" \"web\" {\n"
      "  user_data = \"real\" /* trailing */ # comment\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "real");
  EXPECT_EQ(payloads[0].attribute_span.begin, Find(text, "user_data = \"real\""));
}

TEST(TerraformSkipping, ValuesThatAreNotPayloadShaped) {
  const std::string text =
      "user_data = var.user_data\n"
      "user_data = data.cloudinit_config.c.rendered\n"
      "user_data = var.on ? \"a\" : \"b\"\n"
      "user_data = \"a\" \"b\"\n"
      "user_data = jsonencode({ a = 1 })\n"
      "user_data = \"${var.x}\"\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);  // only the last: a string that is all interpolation
  EXPECT_EQ(payloads[0].content.text, "${var.x}");
  EXPECT_EQ(Unknowns(payloads[0]), std::vector<std::string>{"${var.x}"});
}

TEST(TerraformBlocks, ModuleAndNestedBlocks) {
  const std::string text =
      "module \"docker_host\" {\n"
      "  source    = \"./modules/host\"\n"
      "  user_data = file(\"${path.module}/host.sh\")\n"
      "}\n"
      "resource \"aws_launch_template\" \"lt\" {\n"
      "  dynamic \"block_device_mappings\" {\n"
      "    for_each = var.disks\n"
      "    content {\n"
      "      ebs { volume_size = 10 }\n"
      "    }\n"
      "  }\n"
      "  user_data = base64encode(\"echo lt\")\n"
      "}\n"
      "resource \"azurerm_virtual_machine\" \"legacy\" {\n"
      "  os_profile {\n"
      "    computer_name = \"vm\"\n"
      "    custom_data   = \"echo legacy\"\n"
      "  }\n"
      "}\n"
      "locals { user_data = <<EOT\n"
      "echo locals\n"
      "EOT\n"
      "}\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 4u);
  EXPECT_EQ(payloads[0].referenced_path, "host.sh");
  EXPECT_EQ(payloads[1].content.text, "echo lt");
  EXPECT_EQ(payloads[2].attribute, "custom_data");
  EXPECT_EQ(payloads[2].content.text, "echo legacy");
  EXPECT_EQ(payloads[3].content.text, "echo locals\n");
}

TEST(TerraformGarbage, UnterminatedConstructs) {
  // An unterminated string ends at its line; the next attribute is still found.
  EXPECT_EQ(find_payloads("user_data = \"abc\nuser_data = \"ok\"\n", kFile).size(), 1u);
  // An unterminated heredoc takes the rest of the file.
  EXPECT_TRUE(find_payloads("user_data = <<EOF\nfoo\nuser_data = \"x\"\n", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data = <<-EOF\n", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data = \"${var.x\n", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data = base64encode(\"x\"\n}\n", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data = file(", kFile).empty());
  EXPECT_TRUE(find_payloads("/* user_data = \"x\"", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data = \"\\", kFile).empty());
  EXPECT_TRUE(find_payloads("user_data =", kFile).empty());
  EXPECT_TRUE(find_payloads("", kFile).empty());
  // A heredoc marker at the very end of the file, without a newline, still closes it.
  const auto at_end = find_payloads("user_data = <<EOF\nx\nEOF", kFile);
  ASSERT_EQ(at_end.size(), 1u);
  EXPECT_EQ(at_end[0].content.text, "x\n");
}

TEST(TerraformGarbage, MismatchedBracketsRecover) {
  const std::string text =
      "a {\n"
      "  b = (1, [2 }\n"  // the `}` closes the block: the open brackets are dropped
      "  c = ]]])))\n"
      "}\n"
      "}}}\n"
      "d { user_data = \"found\" }\n";
  const auto payloads = find_payloads(text, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "found");
}

TEST(TerraformGarbage, DeepNestingAndHugeInput) {
  std::string parens = "user_data = " + std::string(10000, '(') + "\"x\"" +
                       std::string(10000, ')') + "\nuser_data = \"after\"\n";
  auto payloads = find_payloads(parens, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "after");

  std::string wrapped = "user_data = ";
  for (int i = 0; i < 10000; ++i) wrapped += "trimspace(";
  wrapped += "\" y \"" + std::string(10000, ')') + "\n";
  payloads = find_payloads(wrapped, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "y");

  std::string open_parens = "user_data = " + std::string(100000, '(');
  EXPECT_TRUE(find_payloads(open_parens, kFile).empty());

  std::string interps = "user_data = ";
  for (int i = 0; i < 10000; ++i) interps += "\"${";
  EXPECT_TRUE(find_payloads(interps, kFile).empty());

  std::string heredocs = "user_data = ";
  for (int i = 0; i < 10000; ++i) heredocs += "<<A\n${";
  EXPECT_TRUE(find_payloads(heredocs, kFile).empty());

  std::string blocks;
  for (int i = 0; i < 10000; ++i) blocks += "b \"l\" {\n";
  blocks += "user_data = \"deep\"\n";
  payloads = find_payloads(blocks, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "deep");

  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += "user_data = <<-E\n  x\n E\n";
  EXPECT_EQ(find_payloads(lines, kFile).size(), 20000u);

  std::string spaces = "user_data = <<-E\n" + std::string(1 << 20, ' ') + "x\nE\n";
  payloads = find_payloads(spaces, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, "x\n");
}

TEST(TerraformGarbage, BinaryNoise) {
  std::string noise;
  std::uint32_t state = 12345;
  const std::string_view alphabet = "{}()[]\"$%~<-#/*\\\n =,:abEOF";
  for (int i = 0; i < 200000; ++i) {
    state = state * 1103515245u + 12345u;
    const std::uint32_t r = state >> 16;
    noise.push_back(r % 4 == 0 ? static_cast<char>(r >> 3) : alphabet[r % alphabet.size()]);
  }
  for (std::size_t cut : {noise.size(), std::size_t{1000}, std::size_t{77}}) {
    const std::string_view text(noise.data(), cut);
    for (const Payload& p : find_payloads(text, kFile)) {
      EXPECT_EQ(p.content.text.size(), p.content.offsets.size());
      for (const std::uint32_t o : p.content.offsets) EXPECT_LT(o, text.size());
      for (const auto& [b, e] : p.unknown) EXPECT_LE(e, p.content.text.size());
    }
  }
  std::string nuls("user_data = \"a\0b\"\n", 18);
  const auto payloads = find_payloads(nuls, kFile);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].content.text, std::string("a\0b", 3));
}

}  // namespace
}  // namespace dl

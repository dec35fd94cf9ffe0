// ts::ChildTable, filled by a one-cursor walk as the shell analyzer fills it, must list the
// same children (and field names) as a cursor listing of each node.
#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "parsers/common/tree_sitter.h"

namespace dl::ts {
namespace {

void record(Cursor& cursor, TSNode node, ChildTable& table, std::vector<TSNode>& nodes) {
  nodes.push_back(node);
  const std::uint32_t count = ts_node_child_count(node);
  if (count == 0 || !cursor.goto_first_child()) return;
  const std::size_t mark = table.start();
  for (std::uint32_t i = 0; i < count; ++i) {
    if (i > 0 && !cursor.goto_next_sibling()) break;
    const TSNode child = cursor.node();
    table.add(child, cursor.field_name());
    record(cursor, child, table, nodes);
  }
  cursor.goto_parent();
  table.finish(node, mark);
}

bool same_field(const char* a, const char* b) {
  return (a == nullptr && b == nullptr) || (a != nullptr && b != nullptr && std::strcmp(a, b) == 0);
}

TEST(ChildTable, ListsWhatACursorLists) {
  const std::string_view script =
      "#!/bin/sh\n"
      "f() { dockerd -H \"tcp://${HOST:-0.0.0.0}:2375\" \"$@\" & }\n"
      "if [ -n \"$X\" ]; then f --tls=false > /var/log/d 2>&1; fi\n"
      "cat <<EOF | sudo tee /etc/docker/daemon.json\n{\"hosts\": [\"$(hostname)\"]}\nEOF\n"
      "for a in 1 2; do echo \"$a\" && sh -c 'dockerd -H fd://'; done\n";
  Parser parser(Grammar::Bash);
  const Tree tree = parser.parse(script);
  ASSERT_TRUE(tree);
  const TSNode root = ts_tree_root_node(tree.get());
  ChildTable table;
  std::vector<TSNode> nodes;
  Cursor cursor(root);
  record(cursor, root, table, nodes);
  table.seal();
  ASSERT_GT(nodes.size(), 50u);
  for (const TSNode node : nodes) {
    const std::vector<Child> expected = children_with_fields(node);
    std::vector<Child> listed;
    for (const Child& child : table.children(node)) listed.push_back(child);
    ASSERT_EQ(listed.size(), expected.size()) << ts_node_type(node);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_TRUE(ts_node_eq(listed[i].node, expected[i].node)) << ts_node_type(node);
      EXPECT_TRUE(same_field(listed[i].field, expected[i].field)) << ts_node_type(node);
    }
    std::vector<TSNode> named;
    for (const Child& child : table.named_children(node)) named.push_back(child);
    const std::vector<TSNode> expected_named = named_children(node);
    ASSERT_EQ(named.size(), expected_named.size()) << ts_node_type(node);
    for (std::size_t i = 0; i < named.size(); ++i) {
      EXPECT_TRUE(ts_node_eq(named[i], expected_named[i])) << ts_node_type(node);
    }
  }
}

TEST(ChildTable, ListsANodeTheWalkSkippedOnDemand) {
  Parser parser(Grammar::Bash);
  const Tree tree = parser.parse("echo a b c\n");
  ASSERT_TRUE(tree);
  const TSNode root = ts_tree_root_node(tree.get());
  ChildTable table;  // nothing recorded
  table.seal();
  const TSNode command = ts_node_named_child(root, 0);
  std::vector<TSNode> listed;
  for (const Child& child : table.children(command)) listed.push_back(child);
  const std::vector<TSNode> expected = children(command);
  ASSERT_EQ(listed.size(), expected.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_TRUE(ts_node_eq(listed[i], expected[i]));
  }
}

}  // namespace
}  // namespace dl::ts

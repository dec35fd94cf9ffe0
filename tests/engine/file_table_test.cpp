// FileTable: a released file comes back as it was read (path, decoded text, encoding, BOM
// offset, positions), its path can be read without bringing it back, and only what was
// read back after a mark is released again.
#include <gtest/gtest.h>

#include <string>

#include "linter/engine/file_table.h"

namespace {

using dl::FileTable;
using dl::SourceFile;
using namespace std::string_literals;

TEST(FileTable, AReleasedFileComesBackAsItWasRead) {
  FileTable table;
  table.emplace_back(0, "a/daemon.json", "\xEF\xBB\xBF{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n");
  // UTF-16LE with a BOM: kept decoded, not decoded again.
  table.emplace_back(1, "b/docker.service", "\xFF\xFE[\0S\0]\0\n\0x\0"s);
  const SourceFile before0 = table[0];
  const SourceFile before1 = table[1];
  EXPECT_EQ(table.resident_count(), 2U);
  table.release();
  EXPECT_EQ(table.resident_count(), 0U);
  for (const SourceFile* before : {&before0, &before1}) {
    const SourceFile& after = table[before->id];
    EXPECT_EQ(after.id, before->id);
    EXPECT_EQ(after.path, before->path);
    EXPECT_EQ(after.text, before->text);
    EXPECT_EQ(after.encoding, before->encoding);
    EXPECT_EQ(after.content_start, before->content_start);
    EXPECT_EQ(after.position(14).column, before->position(14).column);
    EXPECT_EQ(after.lines.line_count(), before->lines.line_count());
  }
  EXPECT_EQ(table[1].text, "[S]\nx");
  EXPECT_EQ(table[0].content_start, 3U);
}

TEST(FileTable, PathsAreReadWithoutBringingTheFileBack) {
  FileTable table;
  table.emplace_back(0, "x/start.sh", "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375\n");
  table.release();
  EXPECT_EQ(table.path(0), "x/start.sh");
  EXPECT_EQ(table.resident_count(), 0U);
  EXPECT_EQ(table[0].path, "x/start.sh");
  EXPECT_EQ(table.resident_count(), 1U);
}

TEST(FileTable, OnlyWhatWasReadBackAfterTheMarkIsReleased) {
  FileTable table;
  for (dl::FileId id = 0; id < 3; ++id) table.emplace_back(id, "f" + std::to_string(id), "t");
  table.release();
  (void)table[0];
  const std::size_t mark = table.resident_count();
  (void)table[2];
  table.release_since(mark);
  EXPECT_EQ(table.resident_count(), 1U);
  // File 0 is still in memory: the same object, not read back again.
  const SourceFile* zero = &table[0];
  EXPECT_EQ(table.resident_count(), 1U);
  EXPECT_EQ(zero, &table[0]);
}

TEST(FileTable, ACopySharesTheReleasedFiles) {
  FileTable table;
  table.emplace_back(0, "released", "one");
  table.release();
  table.emplace_back(1, "resident", "two");
  const FileTable copy = table;
  EXPECT_EQ(copy.size(), 2U);
  EXPECT_EQ(copy[0].text, "one");
  EXPECT_EQ(copy[1].text, "two");
  EXPECT_EQ(table[0].text, "one");
}

}  // namespace

// The in-memory block lists admission checks (block_list.hpp): exact, prefix and withheld
// entries, the number's list before the operator's, other operators and numbers untouched.
#include "b2bua/block_list.hpp"

#include <gtest/gtest.h>

namespace hk::b2bua {
namespace {

using store::BlockEntry;
using store::BlockKind;

BlockEntry entry(domain::Id id, domain::Id op, domain::Id num, BlockKind kind) {
  BlockEntry e;
  e.id = id;
  e.operator_id = op;
  e.number_id = num;
  e.kind = kind;
  return e;
}

BlockEntry exact(domain::Id id, domain::Id op, domain::Id num, std::string index) {
  BlockEntry e = entry(id, op, num, BlockKind::Exact);
  e.number_index = std::move(index);
  return e;
}

BlockEntry prefix(domain::Id id, domain::Id op, domain::Id num, std::string p) {
  BlockEntry e = entry(id, op, num, BlockKind::Prefix);
  e.prefix = std::move(p);
  return e;
}

BlockEntry withheld(domain::Id id, domain::Id op, domain::Id num) {
  return entry(id, op, num, BlockKind::Withheld);
}

// Operator 1: its own list blocks caller "idx-a" and the 0120 range; number 10 (of operator
// 1) blocks withheld callers and "idx-b"; operator 2 blocks withheld callers.
BlockSnapshot snapshot() {
  return BlockSnapshot({exact(1, 1, 0, "idx-a"), prefix(2, 1, 0, "0120"), withheld(3, 1, 10),
                        exact(4, 1, 10, "idx-b"), withheld(5, 2, 0)});
}

TEST(BlockSnapshot, ExactNumberOnTheOperatorList) {
  auto s = snapshot();
  auto hit = s.match(1, 11, "idx-a", "09011112222", false);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->entry_id, 1);
  EXPECT_EQ(hit->number_id, 0);
  EXPECT_EQ(hit->kind, BlockKind::Exact);
  EXPECT_FALSE(s.match(1, 11, "idx-other", "09011112222", false));
}

TEST(BlockSnapshot, PrefixMatchesTheStartOfTheDigitsOnly) {
  auto s = snapshot();
  auto hit = s.match(1, 11, "idx-x", "0120123456", false);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->entry_id, 2);
  EXPECT_EQ(hit->kind, BlockKind::Prefix);
  EXPECT_FALSE(s.match(1, 11, "idx-x", "0312001200", false));
  EXPECT_FALSE(s.match(1, 11, "idx-x", "012", false));  // shorter than the prefix
}

TEST(BlockSnapshot, WithheldOnlyWhereAListSaysSo) {
  auto s = snapshot();
  auto on_number = s.match(1, 10, "", "", true);
  ASSERT_TRUE(on_number);
  EXPECT_EQ(on_number->entry_id, 3);
  EXPECT_EQ(on_number->number_id, 10);
  EXPECT_EQ(on_number->kind, BlockKind::Withheld);
  EXPECT_FALSE(s.match(1, 11, "", "", true));  // another number of the same operator
  auto other_op = s.match(2, 20, "", "", true);
  ASSERT_TRUE(other_op);
  EXPECT_EQ(other_op->entry_id, 5);
}

TEST(BlockSnapshot, NumberListBeforeOperatorListAndScopedToItsNumber) {
  // "idx-b" is on both the operator's list (entry 1) and number 10's (entry 4): the
  // number's own list is consulted first.
  auto s = BlockSnapshot({exact(1, 1, 0, "idx-b"), exact(4, 1, 10, "idx-b")});
  auto hit = s.match(1, 10, "idx-b", "09033334444", false);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->entry_id, 4);
  EXPECT_EQ(hit->number_id, 10);
  // On another number only the operator's list applies.
  auto other = s.match(1, 11, "idx-b", "09033334444", false);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->entry_id, 1);
  // Another operator's caller with the same number is not blocked by operator 1's lists.
  EXPECT_FALSE(s.match(2, 30, "idx-b", "09033334444", false));
}

TEST(BlockSnapshot, OldestMatchingEntryOfAListWins) {
  auto s =
      BlockSnapshot({prefix(9, 1, 0, "090"), exact(7, 1, 0, "idx-c"), prefix(8, 1, 0, "0901")});
  auto hit = s.match(1, 11, "idx-c", "09012345678", false);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->entry_id, 7);
  EXPECT_EQ(s.size(), 3u);
}

TEST(BlockSnapshot, EmptySnapshotBlocksNobody) {
  BlockSnapshot s(std::vector<store::BlockEntry>{});
  EXPECT_FALSE(s.match(1, 10, "", "", true));
  EXPECT_FALSE(s.match(1, 10, "idx-a", "0120123456", false));
}

}  // namespace
}  // namespace hk::b2bua

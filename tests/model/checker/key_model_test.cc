#include "model/checker/key_model.h"

#include <gtest/gtest.h>

namespace kcsim::checker {
namespace {

// Compiles operations on key "k" against a shared value table.
class KeyModelTest : public ::testing::Test {
 protected:
  KeyOp op(KvInput input, KvOutput output) {
    return compile(Operation{1, 0, 10, std::move(input), std::move(output)}, values_);
  }
  KeyOp pending(KvInput input) {
    return compile(Operation{1, 0, sim::kTimeNever, std::move(input), KvOutput{}}, values_);
  }
  KeyState with(const std::string& value, Revision mod_revision, Revision floor) {
    return KeyState{values_.intern(value), mod_revision, floor};
  }
  bool legal(const KeyState& state, KvInput input, KvOutput output) {
    return step(state, op(std::move(input), std::move(output))).has_value();
  }
  ValueTable values_;
};

TEST_F(KeyModelTest, GetOfAnAbsentKeyMustSayNotFound) {
  const KeyState empty;
  EXPECT_TRUE(legal(empty, KvInput::get("k"), KvOutput::not_found()));
  EXPECT_FALSE(legal(empty, KvInput::get("k"), KvOutput::found_value("a")));
}

TEST_F(KeyModelTest, GetMustReturnTheCurrentValueAndRevision) {
  const KeyState state = with("a", 5, 5);
  EXPECT_TRUE(legal(state, KvInput::get("k"), KvOutput::found_value("a")));
  EXPECT_FALSE(legal(state, KvInput::get("k"), KvOutput::found_value("b")));
  EXPECT_TRUE(legal(state, KvInput::get("k"), KvOutput::found_value("a", 5)));
  EXPECT_FALSE(legal(state, KvInput::get("k"), KvOutput::found_value("a", 4)));
  EXPECT_FALSE(legal(state, KvInput::get("k"), KvOutput::not_found()));
}

TEST_F(KeyModelTest, PutRevisionsMustGrow) {
  const KeyState state = with("a", 5, 5);
  EXPECT_EQ(step(state, op(KvInput::put("k", "b"), KvOutput::written(7))), with("b", 7, 7));
  EXPECT_FALSE(legal(state, KvInput::put("k", "b"), KvOutput::written(5)));
  EXPECT_FALSE(legal(state, KvInput::put("k", "b"), KvOutput::written(3)));
}

TEST_F(KeyModelTest, AWriteWithoutRevisionLeavesItUnknownAndAReadLearnsIt) {
  const std::optional<KeyState> put = step(with("a", 5, 5), pending(KvInput::put("k", "b")));
  ASSERT_TRUE(put.has_value());
  EXPECT_EQ(*put, with("b", kUnknownRevision, 5));
  // The unknown write came after revision 5, so a read can only show a later revision.
  EXPECT_FALSE(legal(*put, KvInput::get("k"), KvOutput::found_value("b", 5)));
  EXPECT_EQ(step(*put, op(KvInput::get("k"), KvOutput::found_value("b", 9))), with("b", 9, 9));
}

TEST_F(KeyModelTest, DeleteChecksTheDeletedFlagAndRemovesTheKey) {
  const KeyState state = with("a", 5, 5);
  KvOutput deleted = KvOutput::ok();
  deleted.deleted = true;
  KvOutput nothing = KvOutput::ok();
  nothing.deleted = false;
  const std::optional<KeyState> after = step(state, op(KvInput::remove("k"), deleted));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->value, kAbsentValue);
  EXPECT_EQ(after->mod_revision, 0);
  EXPECT_FALSE(legal(state, KvInput::remove("k"), nothing));
  EXPECT_FALSE(legal(KeyState{}, KvInput::remove("k"), deleted));
  EXPECT_TRUE(legal(KeyState{}, KvInput::remove("k"), nothing));
}

TEST_F(KeyModelTest, DeleteRevisionMustGrowButOnlyWhenSomethingWasDeleted) {
  const KeyState state = with("a", 5, 5);
  EXPECT_FALSE(legal(state, KvInput::remove("k"), KvOutput::written(4)));
  EXPECT_EQ(step(state, op(KvInput::remove("k"), KvOutput::written(6))),
            (KeyState{kAbsentValue, 0, 6}));
  // Deleting nothing bumps no revision; the header revision is the store's, not the key's.
  EXPECT_TRUE(legal(KeyState{kAbsentValue, 0, 6}, KvInput::remove("k"), KvOutput::written(3)));
}

TEST_F(KeyModelTest, CompareAndSetOnValueSucceedsExactlyWhenTheValueMatches) {
  const KeyState state = with("a", 5, 5);
  EXPECT_TRUE(legal(state, KvInput::cas_value("k", "a", "b"), KvOutput::cas(true)));
  EXPECT_FALSE(legal(state, KvInput::cas_value("k", "a", "b"), KvOutput::cas(false)));
  EXPECT_FALSE(legal(state, KvInput::cas_value("k", "x", "b"), KvOutput::cas(true)));
  EXPECT_TRUE(legal(state, KvInput::cas_value("k", "x", "b"), KvOutput::cas(false)));
  EXPECT_FALSE(legal(state, KvInput::cas_absent("k", "b"), KvOutput::cas(true)));
  EXPECT_TRUE(legal(KeyState{}, KvInput::cas_absent("k", "b"), KvOutput::cas(true)));
  // A failed CAS changes nothing.
  EXPECT_EQ(step(state, op(KvInput::cas_value("k", "x", "b"), KvOutput::cas(false))), state);
}

TEST_F(KeyModelTest, CompareAndSetOnModRevisionTreatsZeroAsAbsent) {
  EXPECT_TRUE(legal(KeyState{}, KvInput::cas_mod_revision("k", 0, "b"), KvOutput::cas(true)));
  const KeyState state = with("a", 5, 5);
  EXPECT_TRUE(legal(state, KvInput::cas_mod_revision("k", 5, "b"), KvOutput::cas(true)));
  EXPECT_FALSE(legal(state, KvInput::cas_mod_revision("k", 0, "b"), KvOutput::cas(true)));
}

TEST_F(KeyModelTest, CompareAndSetOnAnUnknownRevisionLearnsIt) {
  const KeyState unknown = with("a", kUnknownRevision, 5);
  // Succeeded: the revision was 8; a pending CAS is taken as succeeded when it may have.
  EXPECT_EQ(step(unknown, op(KvInput::cas_mod_revision("k", 8, "b"), KvOutput::cas(true))),
            with("b", kUnknownRevision, 8));
  EXPECT_EQ(step(unknown, pending(KvInput::cas_mod_revision("k", 8, "b"))),
            with("b", kUnknownRevision, 8));
  EXPECT_EQ(step(unknown, op(KvInput::cas_mod_revision("k", 8, "b"), KvOutput::cas(false))),
            unknown);
  // At or below the floor the unknown revision cannot match: only failure is possible.
  EXPECT_FALSE(legal(unknown, KvInput::cas_mod_revision("k", 5, "b"), KvOutput::cas(true)));
  EXPECT_EQ(step(unknown, pending(KvInput::cas_mod_revision("k", 5, "b"))), unknown);
}

TEST_F(KeyModelTest, APendingWriteAlwaysHasAState) {
  // The search relies on it: pending operations moved to the end must always fit.
  const KeyState states[] = {KeyState{}, with("a", 5, 5), with("a", kUnknownRevision, 5)};
  const KvInput inputs[] = {KvInput::put("k", "b"),
                            KvInput::remove("k"),
                            KvInput::cas_value("k", "a", "b"),
                            KvInput::cas_absent("k", "b"),
                            KvInput::cas_mod_revision("k", 0, "b"),
                            KvInput::cas_mod_revision("k", 5, "b"),
                            KvInput::cas_mod_revision("k", 9, "b")};
  for (const KeyState& state : states) {
    for (const KvInput& input : inputs) {
      EXPECT_TRUE(step(state, pending(input)).has_value()) << describe_input(input);
    }
  }
}

TEST(ValueTable, InternsInOrderOfFirstUse) {
  ValueTable values;
  EXPECT_EQ(values.intern("b"), 0);
  EXPECT_EQ(values.intern("a"), 1);
  EXPECT_EQ(values.intern("b"), 0);
  EXPECT_EQ(values.name(1), "a");
  EXPECT_EQ(values.size(), 2u);
}

}  // namespace
}  // namespace kcsim::checker

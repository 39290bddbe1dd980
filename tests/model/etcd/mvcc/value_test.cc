// Typed payload values: stored and shared as is, counted by their modelled size,
// compared by identity.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "model/etcd/mvcc/request_checks.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

struct Payload {
  int field = 0;
};

TEST(Value, PayloadIsSharedAndTyped) {
  auto object = std::make_shared<const Payload>(Payload{7});
  const Value value = Value::payload<Payload>(object, 3000);
  EXPECT_TRUE(value.is_payload());
  EXPECT_EQ(value.size(), 3000u);
  EXPECT_EQ(value.text_view(), "");
  EXPECT_EQ(value.payload_as<Payload>(), object);
  EXPECT_EQ(value.payload_as<std::string>(), nullptr);  // the wrong type answers null
  EXPECT_FALSE(make_value("x").is_payload());
  EXPECT_EQ(make_value("x").payload_as<Payload>(), nullptr);
}

TEST(Value, EqualityIsIdentityForPayloadsAndTextForText) {
  auto a = std::make_shared<const Payload>(Payload{1});
  auto b = std::make_shared<const Payload>(Payload{1});
  EXPECT_EQ(Value::payload<Payload>(a, 10), Value::payload<Payload>(a, 10));
  EXPECT_NE(Value::payload<Payload>(a, 10), Value::payload<Payload>(b, 10));
  EXPECT_EQ(make_value("abc"), make_value("abc"));
  EXPECT_NE(make_value(""), Value::payload<Payload>(a, 0));
  EXPECT_EQ(make_value(""), empty_value());
}

TEST(Value, StoredPayloadKeepsItsPointerAndCountsItsModelledSize) {
  Harness h;
  auto object = std::make_shared<const Payload>(Payload{42});
  const Value value = Value::payload<Payload>(object, 4000);
  EXPECT_EQ(quota_cost_bytes(PutRequest{"k", value}),
            quota_cost_bytes(PutRequest{"k", make_value(std::string(4000, 'x'))}));
  const std::int64_t before = h.store.backend().in_use_bytes;
  ASSERT_EQ(h.apply(PutRequest{"k", value}).error, Error::kOk);
  EXPECT_EQ(h.store.backend().in_use_bytes - before, record_bytes("k", std::size_t{4000}));
  const RangeResponse read = h.get(KeyRange::single("k"));
  ASSERT_EQ(read.kvs.size(), 1u);
  EXPECT_EQ(read.kvs[0].value.payload_as<Payload>(), object);
  EXPECT_EQ(object.use_count(), 4);  // this test, `value`, the store's record, the read
}

}  // namespace
}  // namespace kcsim::etcd::mvcc

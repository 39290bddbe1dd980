// Label and field selectors as Kubernetes writes them.
#include <gtest/gtest.h>

#include "model/apiserver/objects/selector.h"
#include "tests/model/apiserver/objects/typical.h"

namespace kcsim::api {
namespace {

LabelSelector labels(std::string_view text) {
  auto parsed = LabelSelector::parse(text);
  EXPECT_TRUE(std::holds_alternative<LabelSelector>(parsed)) << text;
  return std::get<LabelSelector>(parsed);
}

std::string label_error(std::string_view text) {
  auto parsed = LabelSelector::parse(text);
  EXPECT_TRUE(std::holds_alternative<std::string>(parsed)) << text;
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

const StringMap kWeb{{"app", "web"}, {"tier", "frontend"}, {"version", "2"}};

TEST(LabelSelector, EveryOperator) {
  EXPECT_TRUE(labels("").matches(kWeb));
  EXPECT_TRUE(labels("").empty());
  EXPECT_TRUE(labels("app=web").matches(kWeb));
  EXPECT_TRUE(labels("app==web").matches(kWeb));
  EXPECT_FALSE(labels("app=db").matches(kWeb));
  EXPECT_TRUE(labels("app!=db").matches(kWeb));
  EXPECT_TRUE(labels("missing!=x").matches(kWeb));  // != matches an absent label
  EXPECT_TRUE(labels("tier in (backend, frontend)").matches(kWeb));
  EXPECT_FALSE(labels("tier notin (backend,frontend)").matches(kWeb));
  EXPECT_TRUE(labels("zone notin (a)").matches(kWeb));
  EXPECT_TRUE(labels("version").matches(kWeb));
  EXPECT_FALSE(labels("!version").matches(kWeb));
  EXPECT_TRUE(labels("!zone").matches(kWeb));
  EXPECT_TRUE(labels("app=web, tier!=db,version in (1,2),!zone,tier").matches(kWeb));
  EXPECT_FALSE(labels("app=web,zone").matches(kWeb));
  EXPECT_EQ(labels("a=b,c!=d,e in (x,y),!f,g").requirements().size(), 5u);
}

TEST(LabelSelector, FromMatchLabels) {
  EXPECT_TRUE(LabelSelector::from_map({{"app", "web"}}).matches(kWeb));
  EXPECT_FALSE(LabelSelector::from_map({{"app", "web"}, {"zone", "a"}}).matches(kWeb));
}

TEST(LabelSelector, BadSelectorsSayWhy) {
  EXPECT_EQ(label_error("=web"),
            "unable to parse requirement: found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(label_error("app in web"), "unable to parse requirement: found 'web', expected: '('");
  EXPECT_EQ(label_error("app in (a"),
            "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(label_error("app=web tier=x"), "found 'tier', expected: ',' or 'end of string'");
  label_error("app=web,");
}

TEST(FieldSelector, PodFields) {
  const ObjectPtr pod = testing::running_pod();
  auto parse = [](std::string_view text) {
    auto parsed = FieldSelector::parse(Kind::kPod, text);
    EXPECT_TRUE(std::holds_alternative<FieldSelector>(parsed)) << text;
    return std::get<FieldSelector>(parsed);
  };
  EXPECT_TRUE(parse("spec.nodeName=node-17").matches(*pod));
  EXPECT_FALSE(parse("spec.nodeName=node-3").matches(*pod));
  EXPECT_TRUE(parse("spec.nodeName!=").matches(*pod));  // the scheduled pods
  EXPECT_TRUE(parse("status.phase!=Succeeded,status.phase!=Failed").matches(*pod));
  EXPECT_TRUE(parse("metadata.namespace==default,metadata.name=web-7d4b9c-x2x9k").matches(*pod));
  EXPECT_TRUE(parse("spec.schedulerName=default-scheduler").matches(*pod));
  EXPECT_TRUE(parse("").empty());
}

TEST(FieldSelector, UnsupportedFieldsAreRefused) {
  auto error = [](Kind kind, std::string_view text) {
    auto parsed = FieldSelector::parse(kind, text);
    EXPECT_TRUE(std::holds_alternative<std::string>(parsed)) << text;
    return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
  };
  EXPECT_EQ(error(Kind::kPod, "spec.foo=bar"), "field label not supported: spec.foo");
  EXPECT_EQ(error(Kind::kNode, "spec.nodeName=x"), "field label not supported: spec.nodeName");
  EXPECT_EQ(error(Kind::kPod, "nodeName"),
            "invalid selector: 'nodeName'; can't understand 'nodeName'");
  auto node = FieldSelector::parse(Kind::kNode, "spec.unschedulable=false");
  ASSERT_TRUE(std::holds_alternative<FieldSelector>(node));
  EXPECT_TRUE(std::get<FieldSelector>(node).matches(*testing::full_node()));
}

}  // namespace
}  // namespace kcsim::api

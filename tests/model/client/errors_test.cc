// The errors a caller sees: apimachinery's predicates over code and reason.
#include "model/client/errors.h"

#include <gtest/gtest.h>

namespace kcsim::client {
namespace {

Status status(api::Code code, api::Reason reason) {
  Status s;
  s.code = code;
  s.reason = reason;
  return s;
}

TEST(Errors, ConflictIsNotAlreadyExists) {
  const Status conflict = status(api::Code::kConflict, api::Reason::kConflict);
  const Status exists = status(api::Code::kConflict, api::Reason::kAlreadyExists);
  EXPECT_TRUE(is_conflict(conflict));
  EXPECT_FALSE(is_already_exists(conflict));
  EXPECT_TRUE(is_already_exists(exists));
  EXPECT_FALSE(is_conflict(exists));  // a known reason decides, not the code
}

TEST(Errors, TheCodeDecidesWithoutAReason) {
  EXPECT_TRUE(is_conflict(status(api::Code::kConflict, api::Reason::kNone)));
  EXPECT_TRUE(is_not_found(status(api::Code::kNotFound, api::Reason::kNone)));
  EXPECT_TRUE(is_too_many_requests(status(api::Code::kTooManyRequests, api::Reason::kNone)));
  EXPECT_TRUE(is_service_unavailable(status(api::Code::kServiceUnavailable, api::Reason::kNone)));
  EXPECT_TRUE(is_timeout(status(api::Code::kGatewayTimeout, api::Reason::kNone)));
}

TEST(Errors, ExpiredIsResourceExpiredNotGone) {
  const Status expired = status(api::Code::kGone, api::Reason::kExpired);
  EXPECT_TRUE(is_resource_expired(expired));
  EXPECT_FALSE(is_gone(expired));
  EXPECT_TRUE(is_expired_error(expired));
  const Status gone = status(api::Code::kGone, api::Reason::kNone);
  EXPECT_TRUE(is_gone(gone));
  EXPECT_FALSE(is_resource_expired(gone));
  EXPECT_TRUE(is_expired_error(gone));
}

TEST(Errors, TransportErrorsMatchNoStatusPredicate) {
  const Status reset = Status::transport_error(Transport::kConnectionReset);
  EXPECT_FALSE(reset.ok());
  EXPECT_EQ(reset.code_label(), "<error>");
  EXPECT_FALSE(is_conflict(reset));
  EXPECT_FALSE(is_not_found(reset));
  EXPECT_FALSE(is_timeout(reset));
  EXPECT_FALSE(is_internal_error(reset));
}

TEST(Errors, CodeLabels) {
  EXPECT_EQ(status(api::Code::kOk, api::Reason::kNone).code_label(), "200");
  EXPECT_TRUE(status(api::Code::kCreated, api::Reason::kNone).ok());
  EXPECT_EQ(status(api::Code::kTooManyRequests, api::Reason::kTooManyRequests).code_label(), "429");
  EXPECT_FALSE(status(api::Code::kTooManyRequests, api::Reason::kTooManyRequests).ok());
}

TEST(Errors, VerbNames) {
  EXPECT_EQ(api::to_string(api::Verb::kList), "LIST");
  EXPECT_EQ(api::to_string(api::Verb::kCreate), "POST");
  EXPECT_TRUE(api::is_mutating(api::Verb::kPatch));
  EXPECT_FALSE(api::is_mutating(api::Verb::kWatch));
  EXPECT_EQ(api::to_string(api::Reason::kExpired), "Expired");
}

}  // namespace
}  // namespace kcsim::client

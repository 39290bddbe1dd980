// Requests as real clients send them, for the flow-control tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/api/wire.h"

namespace kcsim::flowcontrol::testing {

inline api::UserInfo user(std::string name, std::vector<std::string> groups = {}) {
  return api::UserInfo{std::move(name), std::move(groups), ""};
}

inline api::ApiRequest request(api::Verb verb, api::Kind kind, std::string ns, api::UserInfo who,
                               std::string name = "") {
  api::ApiRequest r;
  r.verb = verb;
  r.kind = kind;
  r.namespace_ = std::move(ns);
  r.name = std::move(name);
  r.user = std::move(who);
  return r;
}

inline api::UserInfo kubelet(const std::string& node) {
  return user("system:node:" + node, {"system:nodes", "system:authenticated"});
}
inline api::UserInfo ordinary_user(const std::string& name) {
  return user(name, {"system:authenticated"});
}

}  // namespace kcsim::flowcontrol::testing

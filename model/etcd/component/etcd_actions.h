// etcd's runtime reconfiguration in the timeline, as an operator runs it with etcdctl:
//   memberAdd: etcd-N, learner: bool   a new member (N >= etcd.members, once per
//                                      timeline), then started; learner defaults to false
//   memberRemove: MEMBER|ROLE          an etcd member, or the one holding an etcd role
//   memberPromote: MEMBER              a learner, retried until it is in sync
// All three are instantaneous (no `for:`). What they do at run time: EtcdInstance.
#pragma once

#include <string_view>
#include <vector>

#include "model/component/component.h"

namespace kcsim::etcd {

inline constexpr std::string_view kMemberAddKey = "memberAdd";

// The three actions with their parse rules, in the order they are listed in messages.
std::vector<component::ActionSpec> etcd_actions();

}  // namespace kcsim::etcd

// The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/
// defaulttolerationseconds/admission.go), on by default in kube-apiserver.
//
// Contract:
//  - On pod create and update (the plugin's handler is NewHandler(admission.Create,
//    admission.Update), and Admit does not look at the operation; a PATCH is admitted
//    as an update), adds {key node.kubernetes.io/not-ready, Exists, NoExecute,
//    tolerationSeconds 300} and the same for node.kubernetes.io/unreachable, unless the
//    pod already tolerates that taint with NoExecute (a toleration with that key or an
//    empty key, and effect NoExecute or none). 300 s is the plugin's default
//    (--default-not-ready-toleration-seconds, --default-unreachable-toleration-seconds).
//    This is why a pod is evicted about 5 minutes after its node goes NotReady.
//    On update this puts back a default toleration that the body left out (pod
//    validation then accepts it: adding tolerations is an allowed pod update).
//  - Other kinds pass unchanged; returns the same pointer when nothing is added. The
//    plugin skips subresources (pods/status, pods/binding): the caller does not call it
//    for them.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::apiserver::admission {

inline constexpr std::string_view kTaintNodeNotReady = "node.kubernetes.io/not-ready";
inline constexpr std::string_view kTaintNodeUnreachable = "node.kubernetes.io/unreachable";
inline constexpr std::int64_t kDefaultNotReadyTolerationSeconds = 300;
inline constexpr std::int64_t kDefaultUnreachableTolerationSeconds = 300;

struct DefaultTolerationSeconds {
  std::int64_t not_ready_seconds = kDefaultNotReadyTolerationSeconds;
  std::int64_t unreachable_seconds = kDefaultUnreachableTolerationSeconds;

  api::ObjectPtr admit(const api::ObjectPtr& object) const;
};

}  // namespace kcsim::apiserver::admission

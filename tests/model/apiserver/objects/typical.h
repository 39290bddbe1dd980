// Typical objects for the tests: a scheduled running pod, a node with a full image list,
// a node lease, shaped like those of a real cluster.
#pragma once

#include "model/apiserver/objects/build.h"

namespace kcsim::api::testing {

inline PodBody running_pod_body() {
  PodBody pod;
  pod.node_name = "node-17";
  pod.containers.push_back(Container{"app", "registry.k8s.io/pause:3.9",
                                     ResourceList{100, 128 << 20, 0}, ResourceList{}});
  pod.phase = "Running";
  for (const char* type :
       {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
    pod.conditions.push_back(ConditionStatus{type, "True", 1'000'000'000, 0, ""});
  }
  pod.pod_ip = "10.64.17.23";
  pod.host_ip = "10.0.0.17";
  pod.start_time = 1'000'000'000;
  return pod;
}

inline ObjectPtr running_pod(std::string name = "web-7d4b9c-x2x9k") {
  return make_pod("default", std::move(name), running_pod_body(),
                  {{"app", "web"}, {"pod-template-hash", "7d4b9c"}});
}

inline ObjectPtr full_node(std::string name = "node-17") {
  NodeBody node;
  node.pod_cidr = "10.64.17.0/24";
  node.provider_id = "gce://project/us-central1-a/" + name;
  node.capacity = ResourceList{8000, 32LL << 30, 110};
  node.allocatable = ResourceList{7910, 29LL << 30, 110};
  for (const char* type : {"MemoryPressure", "DiskPressure", "PIDPressure", "Ready"}) {
    node.conditions.push_back(ConditionStatus{type, "False", 1, 2, "KubeletHasSufficientMemory"});
  }
  node.images_count = 50;
  return make_node(
      std::move(name), std::move(node),
      {{"kubernetes.io/hostname", "node-17"}, {"topology.kubernetes.io/zone", "us-central1-a"}});
}

inline ObjectPtr node_lease(std::string name = "node-17") {
  LeaseBody lease;
  lease.holder_identity = name;
  lease.lease_duration_seconds = 40;
  lease.renew_time = 5'000'000'000;
  return make_lease("kube-node-lease", std::move(name), std::move(lease));
}

}  // namespace kcsim::api::testing

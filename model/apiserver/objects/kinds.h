// The kind-specific parts of the objects (object.h), and Object itself.
//
// Only the fields some component reads are modelled (see object.h); helper functions
// that make and change objects are in objects/build.h. Quantities are integers in the
// smallest unit Kubernetes uses: CPU in millicores, memory and storage in bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/apiserver/objects/object.h"

namespace kcsim::api {

struct ResourceList {
  std::int64_t cpu_millis = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t pods = 0;  // for a node's capacity and allocatable
  friend bool operator==(const ResourceList&, const ResourceList&) = default;
};

enum class TaintEffect : std::uint8_t { kNoSchedule, kPreferNoSchedule, kNoExecute };

struct Taint {
  std::string key;
  std::string value;
  TaintEffect effect = TaintEffect::kNoSchedule;
  std::optional<sim::Time> time_added;  // for NoExecute
  friend bool operator==(const Taint&, const Taint&) = default;
};

struct Toleration {
  enum class Operator : std::uint8_t { kEqual, kExists };
  std::string key;  // empty with kExists: tolerates everything
  Operator op = Operator::kEqual;
  std::string value;
  std::optional<TaintEffect> effect;  // none: every effect
  std::optional<std::int64_t> toleration_seconds;
  friend bool operator==(const Toleration&, const Toleration&) = default;
};

// requiredDuringSchedulingIgnoredDuringExecution: OR of terms, AND of expressions.
struct NodeSelectorRequirement {
  enum class Operator : std::uint8_t { kIn, kNotIn, kExists, kDoesNotExist, kGt, kLt };
  std::string key;
  Operator op = Operator::kIn;
  std::vector<std::string> values;
  friend bool operator==(const NodeSelectorRequirement&, const NodeSelectorRequirement&) = default;
};
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  friend bool operator==(const NodeSelectorTerm&, const NodeSelectorTerm&) = default;
};

struct Container {
  std::string name;
  std::string image;
  ResourceList requests;
  ResourceList limits;
  friend bool operator==(const Container&, const Container&) = default;
};

struct ConditionStatus {
  std::string type;    // "Ready", "PodScheduled", "MemoryPressure", ...
  std::string status;  // "True", "False", "Unknown"
  sim::Time last_transition = 0;
  sim::Time last_heartbeat = 0;  // nodes only
  std::string reason;
  friend bool operator==(const ConditionStatus&, const ConditionStatus&) = default;
};

struct NamespaceBody {
  std::string phase = "Active";  // "Terminating" once deleted
  friend bool operator==(const NamespaceBody&, const NamespaceBody&) = default;
};

struct NodeBody {
  bool unschedulable = false;
  std::vector<Taint> taints;
  std::string pod_cidr;
  std::string provider_id;
  ResourceList capacity;
  ResourceList allocatable;
  std::vector<ConditionStatus> conditions;
  std::int64_t images_count = 0;  // status.images: the bulk of a real node's size
  friend bool operator==(const NodeBody&, const NodeBody&) = default;
};

struct PodBody {
  std::string node_name;  // spec.nodeName: empty until scheduled
  std::string scheduler_name = "default-scheduler";
  std::int64_t priority = 0;
  std::vector<Container> containers;
  std::vector<Toleration> tolerations;
  StringMap node_selector;
  std::vector<NodeSelectorTerm> node_affinity;  // required terms
  std::int64_t termination_grace_period_seconds = 30;
  std::string phase = "Pending";  // status.phase
  std::vector<ConditionStatus> conditions;
  std::string pod_ip;
  std::string host_ip;
  std::optional<sim::Time> start_time;
  friend bool operator==(const PodBody&, const PodBody&) = default;
};

struct LeaseBody {
  std::string holder_identity;
  std::int64_t lease_duration_seconds = 0;
  std::optional<sim::Time> acquire_time;
  std::optional<sim::Time> renew_time;
  std::int64_t lease_transitions = 0;
  friend bool operator==(const LeaseBody&, const LeaseBody&) = default;
};

struct PodTemplate {
  StringMap labels;
  PodBody spec;
  friend bool operator==(const PodTemplate&, const PodTemplate&) = default;
};

struct ReplicaSetBody {
  std::int64_t replicas = 1;
  StringMap selector;  // matchLabels
  PodTemplate pod_template;
  std::int64_t status_replicas = 0;
  std::int64_t ready_replicas = 0;
  std::int64_t available_replicas = 0;
  std::int64_t observed_generation = 0;
  friend bool operator==(const ReplicaSetBody&, const ReplicaSetBody&) = default;
};

struct DeploymentBody {
  std::int64_t replicas = 1;
  StringMap selector;
  PodTemplate pod_template;
  std::string max_surge = "25%";
  std::string max_unavailable = "25%";
  std::int64_t revision_history_limit = 10;
  std::int64_t progress_deadline_seconds = 600;
  std::int64_t status_replicas = 0;
  std::int64_t updated_replicas = 0;
  std::int64_t ready_replicas = 0;
  std::int64_t available_replicas = 0;
  std::int64_t observed_generation = 0;
  friend bool operator==(const DeploymentBody&, const DeploymentBody&) = default;
};

struct StatefulSetBody {
  std::int64_t replicas = 1;
  StringMap selector;
  PodTemplate pod_template;
  std::string service_name;
  std::string pod_management_policy = "OrderedReady";
  std::vector<std::string> volume_claim_templates;  // names
  std::int64_t status_replicas = 0;
  std::int64_t ready_replicas = 0;
  std::int64_t observed_generation = 0;
  friend bool operator==(const StatefulSetBody&, const StatefulSetBody&) = default;
};

struct ServicePort {
  std::string name;
  std::int32_t port = 0;
  std::int32_t target_port = 0;
  std::string protocol = "TCP";
  friend bool operator==(const ServicePort&, const ServicePort&) = default;
};

struct ServiceBody {
  std::string type = "ClusterIP";
  StringMap selector;
  std::string cluster_ip;
  std::vector<ServicePort> ports;
  std::vector<std::string> load_balancer_ingress;  // status.loadBalancer.ingress IPs
  friend bool operator==(const ServiceBody&, const ServiceBody&) = default;
};

struct EndpointAddress {
  std::string ip;
  std::string node_name;
  std::string target_pod;  // targetRef name
  bool ready = true;
  friend bool operator==(const EndpointAddress&, const EndpointAddress&) = default;
};

struct EndpointsBody {
  std::vector<EndpointAddress> addresses;
  std::vector<ServicePort> ports;
  friend bool operator==(const EndpointsBody&, const EndpointsBody&) = default;
};

struct EndpointSliceBody {
  std::string service_name;  // label kubernetes.io/service-name
  std::string address_type = "IPv4";
  std::vector<EndpointAddress> endpoints;  // at most 100 per slice (maxEndpointsPerSlice)
  std::vector<ServicePort> ports;
  friend bool operator==(const EndpointSliceBody&, const EndpointSliceBody&) = default;
};

struct PersistentVolumeBody {
  std::int64_t capacity_bytes = 0;
  std::string storage_class;
  std::string claim_namespace;  // spec.claimRef
  std::string claim_name;
  std::string phase = "Available";
  std::vector<NodeSelectorTerm> node_affinity;
  friend bool operator==(const PersistentVolumeBody&, const PersistentVolumeBody&) = default;
};

struct PersistentVolumeClaimBody {
  std::int64_t request_bytes = 0;
  std::string storage_class;
  std::string volume_name;
  std::string phase = "Pending";
  friend bool operator==(const PersistentVolumeClaimBody&,
                         const PersistentVolumeClaimBody&) = default;
};

struct VolumeAttachmentBody {
  std::string attacher;
  std::string node_name;
  std::string persistent_volume;
  bool attached = false;
  friend bool operator==(const VolumeAttachmentBody&, const VolumeAttachmentBody&) = default;
};

struct EventBody {
  Kind involved_kind = Kind::kPod;
  std::string involved_namespace;
  std::string involved_name;
  std::string reason;
  std::string message;
  std::string type = "Normal";
  std::int32_t count = 1;
  std::string reporting_controller;
  friend bool operator==(const EventBody&, const EventBody&) = default;
};

struct ConfigMapBody {
  std::int64_t data_bytes = 0;  // the size of data and binaryData
  std::int32_t keys = 0;
  friend bool operator==(const ConfigMapBody&, const ConfigMapBody&) = default;
};

// In Kind's order: body.index() == static_cast<std::size_t>(kind).
using Body = std::variant<NamespaceBody, NodeBody, PodBody, LeaseBody, ReplicaSetBody,
                          DeploymentBody, StatefulSetBody, ServiceBody, EndpointsBody,
                          EndpointSliceBody, PersistentVolumeBody, PersistentVolumeClaimBody,
                          VolumeAttachmentBody, EventBody, ConfigMapBody>;
static_assert(std::variant_size_v<Body> == kKindCount);

struct Object {
  ObjectMeta meta;
  Body body;
  std::uint32_t encoded_bytes = 0;  // modelled protobuf size (objects/size.h)

  Kind kind() const { return static_cast<Kind>(body.index()); }
  template <typename B>
  const B& as() const {
    return std::get<B>(body);
  }
  friend bool operator==(const Object&, const Object&) = default;
};

}  // namespace kcsim::api

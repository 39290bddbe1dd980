#include "model/apiserver/objects/size.h"

#include <string_view>
#include <variant>

#include "sim/overloaded.h"

namespace kcsim::api {
namespace {

constexpr std::uint64_t kTimeBytes = 8;  // metav1.Time: tag, length, seconds varint, nanos

constexpr std::uint64_t varint_bytes(std::uint64_t v) {
  std::uint64_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Accumulates the protobuf size of one message; nested messages are measured by their
// own Sizer and added with `message`.
class Sizer {
 public:
  std::uint64_t bytes() const { return bytes_; }
  Sizer& str(std::string_view s) {
    if (!s.empty()) bytes_ += 1 + varint_bytes(s.size()) + s.size();
    return *this;
  }
  Sizer& num(std::int64_t v) {
    if (v != 0) bytes_ += 1 + varint_bytes(static_cast<std::uint64_t>(v));
    return *this;
  }
  Sizer& flag(bool b) {
    if (b) bytes_ += 2;
    return *this;
  }
  Sizer& time(bool present) {
    if (present) bytes_ += kTimeBytes;
    return *this;
  }
  Sizer& message(std::uint64_t inner) {
    bytes_ += 1 + varint_bytes(inner) + inner;
    return *this;
  }
  Sizer& raw(std::uint64_t n) {
    bytes_ += n;
    return *this;
  }

 private:
  std::uint64_t bytes_ = 0;
};

std::uint64_t map_bytes(const StringMap& map) {
  Sizer s;
  for (const auto& [key, value] : map)
    s.message(Sizer().str(key).str(value).bytes());
  return s.bytes();
}

std::uint64_t strings_bytes(const std::vector<std::string>& values) {
  Sizer s;
  for (const std::string& v : values)
    s.str(v);
  return s.bytes();
}

std::uint64_t resources_bytes(const ResourceList& r) {
  // A ResourceList is a map of name -> Quantity{string}: "cpu" -> "250m".
  Sizer s;
  if (r.cpu_millis != 0) s.message(Sizer().str("cpu").raw(2 + varint_bytes(r.cpu_millis)).bytes());
  if (r.memory_bytes != 0) s.message(Sizer().str("memory").raw(2 + 6).bytes());
  if (r.pods != 0) s.message(Sizer().str("pods").raw(2 + varint_bytes(r.pods)).bytes());
  return s.bytes();
}

std::uint64_t meta_bytes(const ObjectMeta& m) {
  Sizer s;
  s.str(m.name).str(m.namespace_).str(m.uid);
  s.raw(1 + 1 + 8);                // resourceVersion text as the real object stores it
  s.num(m.generation).time(true);  // creationTimestamp
  s.raw(map_bytes(m.labels)).raw(map_bytes(m.annotations));
  for (const OwnerReference& o : m.owner_references) {
    s.message(Sizer()
                  .str("apps/v1")
                  .str("ReplicaSet")
                  .str(o.name)
                  .str(o.uid)
                  .flag(o.controller)
                  .flag(o.block_owner_deletion)
                  .bytes());
  }
  s.raw(strings_bytes(m.finalizers));
  s.time(m.deletion_timestamp.has_value());
  if (m.deletion_grace_period_seconds) s.num(*m.deletion_grace_period_seconds + 1);
  return s.bytes();
}

std::uint64_t conditions_bytes(const std::vector<ConditionStatus>& conditions) {
  Sizer s;
  for (const ConditionStatus& c : conditions) {
    s.message(Sizer()
                  .str(c.type)
                  .str(c.status)
                  .time(true)
                  .time(c.last_heartbeat != 0)
                  .str(c.reason)
                  .bytes());
  }
  return s.bytes();
}

std::uint64_t selector_terms_bytes(const std::vector<NodeSelectorTerm>& terms) {
  Sizer s;
  for (const NodeSelectorTerm& t : terms) {
    Sizer term;
    for (const NodeSelectorRequirement& r : t.match_expressions) {
      term.message(Sizer().str(r.key).str("In").raw(strings_bytes(r.values)).bytes());
    }
    s.message(term.bytes());
  }
  return s.bytes();
}

std::uint64_t ports_bytes(const std::vector<ServicePort>& ports) {
  Sizer s;
  for (const ServicePort& p : ports) {
    s.message(Sizer().str(p.name).num(p.port).num(p.target_port).str(p.protocol).bytes());
  }
  return s.bytes();
}

std::uint64_t addresses_bytes(const std::vector<EndpointAddress>& addresses) {
  Sizer s;
  for (const EndpointAddress& a : addresses) {
    // targetRef adds kind, namespace, uid (~60 B); conditions ~6 B.
    s.message(Sizer().str(a.ip).str(a.node_name).str(a.target_pod).flag(a.ready).raw(66).bytes());
  }
  return s.bytes();
}

std::uint64_t pod_spec_bytes(const PodBody& p) {
  Sizer s;
  s.str(p.node_name).str(p.scheduler_name).num(p.priority).num(p.termination_grace_period_seconds);
  for (const Container& c : p.containers) {
    s.message(
        Sizer()
            .str(c.name)
            .str(c.image)
            .message(
                Sizer().raw(resources_bytes(c.requests)).raw(resources_bytes(c.limits)).bytes())
            .raw(kContainerUnmodelledBytes)
            .bytes());
  }
  for (const Toleration& t : p.tolerations) {
    s.message(Sizer()
                  .str(t.key)
                  .str(t.op == Toleration::Operator::kExists ? "Exists" : "Equal")
                  .str(t.value)
                  .str(t.effect ? "NoExecute" : "")
                  .num(t.toleration_seconds.value_or(0))
                  .bytes());
  }
  s.raw(map_bytes(p.node_selector));
  if (!p.node_affinity.empty()) s.message(selector_terms_bytes(p.node_affinity));
  return s.bytes();
}

std::uint64_t pod_status_bytes(const PodBody& p) {
  return Sizer()
      .str(p.phase)
      .raw(conditions_bytes(p.conditions))
      .str(p.pod_ip)
      .str(p.host_ip)
      .time(p.start_time.has_value())
      .bytes();
}

std::uint64_t body_bytes(const Body& body) {
  return std::visit(
      sim::Overloaded{
          [](const NamespaceBody& b) -> std::uint64_t {
            return Sizer().str("kubernetes").str(b.phase).bytes();
          },
          [](const NodeBody& b) -> std::uint64_t {
            Sizer s;
            s.flag(b.unschedulable).str(b.pod_cidr).str(b.provider_id);
            for (const Taint& t : b.taints) {
              s.message(Sizer()
                            .str(t.key)
                            .str(t.value)
                            .str("NoSchedule")
                            .time(t.time_added.has_value())
                            .bytes());
            }
            s.raw(resources_bytes(b.capacity)).raw(resources_bytes(b.allocatable));
            s.raw(conditions_bytes(b.conditions));
            s.raw(static_cast<std::uint64_t>(b.images_count) * kNodeImageBytes);
            return s.raw(kNodeUnmodelledBytes).bytes();
          },
          [](const PodBody& b) -> std::uint64_t {
            return Sizer()
                .message(pod_spec_bytes(b))
                .message(pod_status_bytes(b))
                .raw(kPodUnmodelledBytes)
                .bytes();
          },
          [](const LeaseBody& b) -> std::uint64_t {
            return Sizer()
                .str(b.holder_identity)
                .num(b.lease_duration_seconds)
                .time(b.acquire_time.has_value())
                .time(b.renew_time.has_value())
                .num(b.lease_transitions)
                .raw(kLeaseUnmodelledBytes)
                .bytes();
          },
          [](const ReplicaSetBody& b) -> std::uint64_t {
            return Sizer()
                .num(b.replicas)
                .raw(map_bytes(b.selector))
                .message(map_bytes(b.pod_template.labels) + pod_spec_bytes(b.pod_template.spec))
                .num(b.status_replicas)
                .num(b.ready_replicas)
                .num(b.available_replicas)
                .num(b.observed_generation)
                .raw(kDefaultUnmodelledBytes)
                .bytes();
          },
          [](const DeploymentBody& b) -> std::uint64_t {
            return Sizer()
                .num(b.replicas)
                .raw(map_bytes(b.selector))
                .message(map_bytes(b.pod_template.labels) + pod_spec_bytes(b.pod_template.spec))
                .str(b.max_surge)
                .str(b.max_unavailable)
                .num(b.revision_history_limit)
                .num(b.progress_deadline_seconds)
                .num(b.status_replicas)
                .num(b.updated_replicas)
                .num(b.ready_replicas)
                .num(b.available_replicas)
                .num(b.observed_generation)
                .raw(2 * kDefaultUnmodelledBytes)
                .bytes();  // + status.conditions
          },
          [](const StatefulSetBody& b) -> std::uint64_t {
            return Sizer()
                .num(b.replicas)
                .raw(map_bytes(b.selector))
                .message(map_bytes(b.pod_template.labels) + pod_spec_bytes(b.pod_template.spec))
                .str(b.service_name)
                .str(b.pod_management_policy)
                .raw(strings_bytes(b.volume_claim_templates) * 8)  // a whole PVC spec each
                .num(b.status_replicas)
                .num(b.ready_replicas)
                .num(b.observed_generation)
                .raw(kDefaultUnmodelledBytes)
                .bytes();
          },
          [](const ServiceBody& b) -> std::uint64_t {
            return Sizer()
                .str(b.type)
                .raw(map_bytes(b.selector))
                .str(b.cluster_ip)
                .raw(ports_bytes(b.ports))
                .raw(strings_bytes(b.load_balancer_ingress))
                .raw(kDefaultUnmodelledBytes)
                .bytes();
          },
          [](const EndpointsBody& b) -> std::uint64_t {
            return Sizer().raw(addresses_bytes(b.addresses)).raw(ports_bytes(b.ports)).bytes();
          },
          [](const EndpointSliceBody& b) -> std::uint64_t {
            return Sizer()
                .str(b.service_name)
                .str(b.address_type)
                .raw(addresses_bytes(b.endpoints))
                .raw(ports_bytes(b.ports))
                .bytes();
          },
          [](const PersistentVolumeBody& b) -> std::uint64_t {
            return Sizer()
                .num(b.capacity_bytes)
                .str(b.storage_class)
                .str(b.claim_namespace)
                .str(b.claim_name)
                .str(b.phase)
                .raw(selector_terms_bytes(b.node_affinity))
                .raw(kDefaultUnmodelledBytes)
                .bytes();
          },
          [](const PersistentVolumeClaimBody& b) -> std::uint64_t {
            return Sizer()
                .num(b.request_bytes)
                .str(b.storage_class)
                .str(b.volume_name)
                .str(b.phase)
                .raw(kDefaultUnmodelledBytes)
                .bytes();
          },
          [](const VolumeAttachmentBody& b) -> std::uint64_t {
            return Sizer()
                .str(b.attacher)
                .str(b.node_name)
                .str(b.persistent_volume)
                .flag(b.attached)
                .bytes();
          },
          [](const EventBody& b) -> std::uint64_t {
            return Sizer()
                .str("Pod")
                .str(b.involved_namespace)
                .str(b.involved_name)
                .raw(40)
                .str(b.reason)
                .str(b.message)
                .str(b.type)
                .num(b.count)
                .str(b.reporting_controller)
                .time(true)
                .time(true)
                .bytes();
          },
          [](const ConfigMapBody& b) -> std::uint64_t {
            return Sizer()
                .raw(static_cast<std::uint64_t>(b.data_bytes))
                .raw(static_cast<std::uint64_t>(b.keys) * 4)
                .bytes();
          },
      },
      body);
}

}  // namespace

std::uint32_t managed_fields_bytes(Kind kind) {
  switch (kind) {
    case Kind::kPod:
      return kPodManagedFieldsBytes;
    case Kind::kNode:
      return kNodeManagedFieldsBytes;
    case Kind::kLease:
      return kLeaseManagedFieldsBytes;
    default:
      return kManagedFieldsEntryBytes;
  }
}

std::uint32_t encoded_bytes(const Object& object) {
  const std::uint64_t total =
      kEnvelopeBytes + managed_fields_bytes(object.kind()) +
      Sizer().message(meta_bytes(object.meta)).message(body_bytes(object.body)).bytes();
  return static_cast<std::uint32_t>(total);
}

}  // namespace kcsim::api

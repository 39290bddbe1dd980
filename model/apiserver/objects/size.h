// The modelled size of an object's protobuf encoding (Object::encoded_bytes): what etcd
// stores, what a watch event and a list item cost on the wire.
//
// Contract:
//  - `encoded_bytes(object)` is a pure function of the modelled fields: every string,
//    integer and nested message costs what protobuf would (tag + length varint + bytes;
//    a metav1.Time is an 8-byte nested message), plus a per-kind constant for what is
//    not modelled. Computed once per version (objects/build.h `seal`), never per send.
//  - The per-kind constants are derived, not measured here: they cover the fields real
//    objects carry that kcsim does not model, with the real object's shape as the guide:
//      * every object: the k8s protobuf envelope ("k8s\0" magic, TypeMeta, Unknown
//        wrapper: ~30 B) and metadata.managedFields (one entry per field manager, ~250 B
//        each with its fieldsV1 JSON set; a pod has 2-3 managers: kubelet, scheduler,
//        the controller), resourceVersion and uid text;
//      * pod: the service-account token projected volume and its volumeMounts (~450 B),
//        per container its status (containerID, imageID, state, ~300 B), ports, env,
//        terminationMessagePath/Policy, imagePullPolicy (~150 B), and the pod-level
//        defaults (restartPolicy, dnsPolicy, securityContext, enableServiceLinks, QoS
//        class). With one container and the usual labels this lands a scheduled,
//        running pod at 3-4 KiB, the size clusterloader2's density test pods have in
//        etcd (kubernetes/perf-tests, and `etcdctl get /registry/pods/... | wc -c`).
//      * node: addresses, daemonEndpoints, nodeInfo (~600 B), the volumes/config and
//        managedFields of kubelet and node controller (~1.5 KiB); status.images costs
//        ~220 B per image (two names with registry and sha256 digest, and sizeBytes);
//        the kubelet reports at most 50 (--node-status-max-images), so a node with a
//        full image list is ~13 KiB.
//      * lease: ~130 B beyond its fields: a node lease is ~300-350 B.
#pragma once

#include <cstdint>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::api {

inline constexpr std::uint32_t kEnvelopeBytes = 30;
inline constexpr std::uint32_t kManagedFieldsEntryBytes = 250;
inline constexpr std::uint32_t kPodUnmodelledBytes = 450 + 2 * kManagedFieldsEntryBytes + 120;
inline constexpr std::uint32_t kContainerUnmodelledBytes = 450;
inline constexpr std::uint32_t kNodeUnmodelledBytes = 600 + 1500;
inline constexpr std::uint32_t kNodeImageBytes = 220;
inline constexpr std::uint32_t kLeaseUnmodelledBytes = 130;
inline constexpr std::uint32_t kDefaultUnmodelledBytes = kManagedFieldsEntryBytes;

std::uint32_t encoded_bytes(const Object& object);

}  // namespace kcsim::api

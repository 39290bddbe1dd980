// The modelled size of an object's protobuf encoding (Object::encoded_bytes): what etcd
// stores, what a watch event and a list item cost on the wire.
//
// Contract:
//  - `encoded_bytes(object)` is a pure function of the modelled fields: every string,
//    integer and nested message costs what protobuf would (tag + length varint + bytes;
//    a metav1.Time is an 8-byte nested message), plus a per-kind constant for what is
//    not modelled. Computed once per version (objects/build.h `seal`), never per send.
//  - The per-kind constants are derived, not measured here: they cover the fields real
//    objects carry that kcsim does not model, with the real object's shape (`kubectl get
//    -o yaml --show-managed-fields`) as the guide:
//      * every object: the k8s protobuf envelope ("k8s\0" magic, TypeMeta, the Unknown
//        wrapper: ~30 B) and metadata.managedFields, one entry per field manager (manager,
//        operation, apiVersion, time and the fieldsV1 JSON set of the fields it owns);
//      * pod: managedFields are its largest part: the creator's entry lists every spec
//        field (~900 B), the kubelet's status entry every condition and container status
//        (~1,100 B). Beyond them the service-account token projected volume and its
//        volumeMounts (~450 B), the pod-level defaults (restartPolicy, dnsPolicy,
//        securityContext, enableServiceLinks, QoS class: ~120 B) and per container its
//        status (containerID, imageID, state: ~300 B) and the rest of its spec (ports,
//        env, terminationMessagePath/Policy, imagePullPolicy: ~150 B). A scheduled,
//        running one-container pod lands at 3-4 KiB, the size clusterloader2's density
//        pods have in etcd (kubernetes/perf-tests).
//      * node: the kubelet's and the node controller's managedFields (~1,500 B),
//        addresses, daemonEndpoints, nodeInfo (~600 B); status.images costs ~220 B per
//        image (two names with registry and sha256 digest, and sizeBytes); the kubelet
//        reports at most 50 (--node-status-max-images), so a node with a full image
//        list is ~13 KiB.
//      * lease: the ownerReference to its Node (~70 B) and the kubelet's managedFields
//        entry (~180 B): a node lease is about 400 B.
//      * other kinds: one managedFields entry (~250 B).
#pragma once

#include <cstdint>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::api {

inline constexpr std::uint32_t kEnvelopeBytes = 30;
inline constexpr std::uint32_t kManagedFieldsEntryBytes = 250;
inline constexpr std::uint32_t kPodManagedFieldsBytes = 900 + 1100;
inline constexpr std::uint32_t kPodUnmodelledBytes = 450 + 120;
inline constexpr std::uint32_t kContainerUnmodelledBytes = 300 + 150;
inline constexpr std::uint32_t kNodeManagedFieldsBytes = 1500;
inline constexpr std::uint32_t kNodeUnmodelledBytes = 600;
inline constexpr std::uint32_t kNodeImageBytes = 220;
inline constexpr std::uint32_t kLeaseManagedFieldsBytes = 180;
inline constexpr std::uint32_t kLeaseUnmodelledBytes = 70;
inline constexpr std::uint32_t kDefaultUnmodelledBytes = kManagedFieldsEntryBytes;

// The managedFields of a kind's typical object.
std::uint32_t managed_fields_bytes(Kind kind);

std::uint32_t encoded_bytes(const Object& object);

}  // namespace kcsim::api

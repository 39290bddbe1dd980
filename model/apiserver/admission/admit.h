// What kube-apiserver does to a write's object between decoding it and storing it, in
// the parts that change behaviour: the one entry the registry calls for CREATE, UPDATE
// and the object a PATCH yields.
//
// Contract:
//  - Defaulting on every write (the codec defaults every decoded body: defaults.h).
//  - On create, the strategy's PrepareForCreate (a pod's status reset, defaults.h).
//  - On create and on update of the resource itself, the mutating plugins modelled:
//    DefaultTolerationSeconds (default_toleration_seconds.h: its handler takes Create
//    and Update). A subresource write (pods/status) skips them, as the plugin does.
//    A PATCH is admitted as an update (endpoints/handlers/patch.go).
//  - Returns the same pointer when nothing changes; a changed version is sealed with its
//    own size (the caller reseals it against the size the client sent, storage::reseal).
//  - Not modelled: the update strategies' PrepareForUpdate (a pod's status kept from the
//    current version on a write to the resource, its spec on a write to pods/status);
//    kcsim's writers send whole bodies and its registry does not route subresources.
#pragma once

#include <cstdint>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::apiserver::admission {

enum class Operation : std::uint8_t { kCreate, kUpdate };

api::ObjectPtr admit(const api::ObjectPtr& object, Operation operation, bool subresource);

}  // namespace kcsim::apiserver::admission

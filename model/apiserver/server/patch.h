// A PATCH as kcsim models it: a merge of the patch's fields over the current version,
// applied by the server inside GuaranteedUpdate (storage::Store::guaranteed_update), so
// a concurrent writer makes the server re-read and merge again, never a 409 (endpoints/
// handlers/patch.go patchResource; registry Store.Update with a patch's updatedObjectInfo).
//
// The wire carries a PATCH's body as an Object holding the patched fields (api/wire.h).
// What merges (a strategic-merge or JSON merge patch of the fields kcsim objects have):
//  - metadata.labels and metadata.annotations: each key of the patch's map is set over
//    the current map (a merge patch's map merge); each key of `nulls` (a `null` value
//    in the patch, api::PatchNulls) is removed from it, whether it was there or not.
//  - metadata.finalizers: a non-empty list in the patch replaces the current list (a
//    merge patch replaces lists; finalizers have no strategic merge key).
//  - the body (spec and status): when the patch's body is not the kind's default body,
//    it replaces the current body whole (kcsim's patchers, a kubelet's status patch or a
//    controller's, build the patch from their copy of the object); a patch whose body
//    is the default leaves the body as it is.
//  - metadata.resourceVersion: non-zero is a precondition (a patch that carries it, as
//    `kubectl apply` does not but a client may): 409 Conflict when the current version
//    differs. Everything else (name, uid, ownerReferences, ...) is the current version's.
// The merged object is then defaulted and admitted as an UPDATE (admission/admit.h:
// patch.go decodes the patched JSON, which defaults it, and runs mutating admission
// with the Update operation), so a pod's DefaultTolerationSeconds tolerations come back
// if a patch's body drops them. A patch that changes nothing answers the current
// version and writes nothing (the real etcd3 store skips a write whose bytes are
// unchanged). The new version's size is the current version's plus what the merge and
// admission add or remove (storage::reseal).
#pragma once

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/object.h"
#include "model/apiserver/storage/store.h"

namespace kcsim::apiserver {

// GuaranteedUpdate's function for a PATCH with `patch` and the keys it sets to null;
// `subresource` for a patch of pods/status (no admission plugins).
storage::UpdateFunction patch_update(api::ObjectPtr patch, api::PatchNulls nulls, bool subresource);

}  // namespace kcsim::apiserver

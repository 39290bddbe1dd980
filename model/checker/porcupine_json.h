// A history in Porcupine's JSON form, so that an outside checker can confirm a verdict.
//
// Contract:
//  - `to_porcupine_json` writes a JSON array with one object per operation, in history
//    order, with exactly Porcupine's `Operation` fields (github.com/anishathalye/porcupine):
//      {"ClientId": <int>, "Input": {...}, "Call": <int ns>, "Output": {...}, "Return": <int ns>}
//    A Go program can unmarshal it into []porcupine.Operation with Input and Output typed
//    as the structs below, and check it with a model that mirrors key_model.h.
//  - Call and Return are virtual nanoseconds. A pending operation has
//    "Return": 9223372036854775807 (math.MaxInt64, sim::kTimeNever) and "Output":
//    {"Pending": true}; its model must accept any output for it.
//  - Input, by "Op" (the other fields appear only where listed):
//      {"Op": "get",    "Key": k}
//      {"Op": "put",    "Key": k, "Value": v}
//      {"Op": "delete", "Key": k}
//      {"Op": "cas",    "Key": k, "Value": v, "Compare": "value", "Expected": e}
//      {"Op": "cas",    "Key": k, "Value": v, "Compare": "mod_revision", "ExpectedModRevision": n}
//      {"Op": "cas",    "Key": k, "Value": v, "Compare": "absent"}
//  - Output, by the input's "Op"; "Revision" (an int) appears only when it was recorded,
//    "Deleted" (a bool) likewise:
//      get:    {"Found": true, "Value": v, "Revision": r}  or  {"Found": false}
//      put:    {"Revision": r}  or  {}
//      delete: {"Deleted": b, "Revision": r}  or a part of it, or {}
//      cas:    {"Succeeded": true, "Revision": r}  or  {"Succeeded": false}
//  - `from_porcupine_json` reads that form back (and only that form: an unknown "Op" or
//    "Compare", a missing or mistyped field, is an error naming the operation's index).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "model/checker/kv_operation.h"

namespace kcsim::checker {

nlohmann::json to_porcupine_json(const History& history);

struct ParsedHistory {
  History history;
  std::optional<std::string> error;  // set when the text is not a history in this form
};

ParsedHistory from_porcupine_json(const nlohmann::json& json);

}  // namespace kcsim::checker

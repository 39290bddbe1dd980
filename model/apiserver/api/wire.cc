#include "model/apiserver/api/wire.h"

namespace kcsim::api {

std::string_view to_string(Verb verb) {
  switch (verb) {
    case Verb::kGet:
      return "GET";
    case Verb::kList:
      return "LIST";
    case Verb::kWatch:
      return "WATCH";
    case Verb::kCreate:
      return "POST";
    case Verb::kUpdate:
      return "PUT";
    case Verb::kPatch:
      return "PATCH";
    case Verb::kDelete:
      return "DELETE";
  }
  return "UNKNOWN";
}

std::string_view verb_name(Verb verb) {
  switch (verb) {
    case Verb::kGet:
      return "get";
    case Verb::kList:
      return "list";
    case Verb::kWatch:
      return "watch";
    case Verb::kCreate:
      return "create";
    case Verb::kUpdate:
      return "update";
    case Verb::kPatch:
      return "patch";
    case Verb::kDelete:
      return "delete";
  }
  return "get";
}

bool is_mutating(Verb verb) {
  switch (verb) {
    case Verb::kCreate:
    case Verb::kUpdate:
    case Verb::kPatch:
    case Verb::kDelete:
      return true;
    case Verb::kGet:
    case Verb::kList:
    case Verb::kWatch:
      return false;
  }
  return false;
}

std::string_view to_string(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      return "";
    case Reason::kAlreadyExists:
      return "AlreadyExists";
    case Reason::kConflict:
      return "Conflict";
    case Reason::kNotFound:
      return "NotFound";
    case Reason::kExpired:
      return "Expired";
    case Reason::kTooManyRequests:
      return "TooManyRequests";
    case Reason::kTimeout:
      return "Timeout";
    case Reason::kServiceUnavailable:
      return "ServiceUnavailable";
    case Reason::kInternalError:
      return "InternalError";
    case Reason::kInvalid:
      return "Invalid";
    case Reason::kBadRequest:
      return "BadRequest";
  }
  return "Unknown";
}

}  // namespace kcsim::api

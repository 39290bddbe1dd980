#include "model/checker/kv_operation.h"

#include <utility>

namespace kcsim::checker {

KvInput KvInput::get(std::string key) {
  KvInput input;
  input.kind = OpKind::kGet;
  input.key = std::move(key);
  return input;
}

KvInput KvInput::put(std::string key, std::string value) {
  KvInput input;
  input.kind = OpKind::kPut;
  input.key = std::move(key);
  input.value = std::move(value);
  return input;
}

KvInput KvInput::remove(std::string key) {
  KvInput input;
  input.kind = OpKind::kDelete;
  input.key = std::move(key);
  return input;
}

KvInput KvInput::cas_value(std::string key, std::string expected, std::string value) {
  KvInput input = put(std::move(key), std::move(value));
  input.kind = OpKind::kCompareAndSet;
  input.compare = CompareTarget::kValue;
  input.expected_value = std::move(expected);
  return input;
}

KvInput KvInput::cas_mod_revision(std::string key, Revision expected, std::string value) {
  KvInput input = put(std::move(key), std::move(value));
  input.kind = OpKind::kCompareAndSet;
  input.compare = CompareTarget::kModRevision;
  input.expected_mod_revision = expected;
  return input;
}

KvInput KvInput::cas_absent(std::string key, std::string value) {
  KvInput input = put(std::move(key), std::move(value));
  input.kind = OpKind::kCompareAndSet;
  input.compare = CompareTarget::kAbsent;
  return input;
}

KvOutput KvOutput::ok() {
  return KvOutput{};
}

KvOutput KvOutput::written(Revision revision) {
  KvOutput output;
  output.revision = revision;
  return output;
}

KvOutput KvOutput::found_value(std::string value) {
  KvOutput output;
  output.found = true;
  output.value = std::move(value);
  return output;
}

KvOutput KvOutput::found_value(std::string value, Revision mod_revision) {
  KvOutput output = found_value(std::move(value));
  output.revision = mod_revision;
  return output;
}

KvOutput KvOutput::not_found() {
  return KvOutput{};
}

KvOutput KvOutput::cas(bool succeeded) {
  KvOutput output;
  output.succeeded = succeeded;
  return output;
}

namespace {

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::string revision_suffix(const std::optional<Revision>& revision) {
  return revision ? "@" + std::to_string(*revision) : "";
}

// Whether the output carries a revision that the model will read.
bool uses_revision(const Operation& operation) {
  if (operation.pending() || !operation.output.revision) return false;
  switch (operation.input.kind) {
    case OpKind::kGet:
      return operation.output.found;
    case OpKind::kCompareAndSet:
      return operation.output.succeeded;
    case OpKind::kPut:
    case OpKind::kDelete:
      return true;
  }
  return false;
}

}  // namespace

std::string describe_input(const KvInput& input) {
  switch (input.kind) {
    case OpKind::kGet:
      return "get(" + input.key + ")";
    case OpKind::kPut:
      return "put(" + input.key + ", " + quoted(input.value) + ")";
    case OpKind::kDelete:
      return "delete(" + input.key + ")";
    case OpKind::kCompareAndSet:
      break;
  }
  std::string condition;
  switch (input.compare) {
    case CompareTarget::kValue:
      condition = "value == " + quoted(input.expected_value);
      break;
    case CompareTarget::kModRevision:
      condition = "mod_revision == " + std::to_string(input.expected_mod_revision);
      break;
    case CompareTarget::kAbsent:
      condition = "absent";
      break;
  }
  return "cas(" + input.key + ", if " + condition + " then " + quoted(input.value) + ")";
}

std::string describe_output(const KvInput& input, const KvOutput& output) {
  switch (input.kind) {
    case OpKind::kGet:
      return output.found ? quoted(output.value) + revision_suffix(output.revision)
                          : std::string("absent");
    case OpKind::kPut:
      return "ok" + revision_suffix(output.revision);
    case OpKind::kDelete: {
      std::string text = "ok";
      if (output.deleted) text += *output.deleted ? " deleted" : " nothing deleted";
      return text + revision_suffix(output.revision);
    }
    case OpKind::kCompareAndSet:
      return output.succeeded ? "succeeded" + revision_suffix(output.revision)
                              : std::string("failed");
  }
  return "?";
}

std::string describe(const Operation& operation) {
  std::string text = "client " + std::to_string(operation.client_id) + " [" +
                     sim::format_duration(operation.call_time) + ", ";
  text += operation.pending() ? "never" : sim::format_duration(operation.return_time);
  text += "] " + describe_input(operation.input) + " -> ";
  text += operation.pending() ? "pending" : describe_output(operation.input, operation.output);
  return text;
}

std::optional<std::string> validate_history(const History& history) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& operation = history[i];
    const std::string where = "operation " + std::to_string(i) + ": ";
    if (operation.call_time < 0) return where + "negative call_time";
    if (operation.return_time < operation.call_time) return where + "returns before its call";
    if (operation.input.kind == OpKind::kCompareAndSet &&
        operation.input.compare == CompareTarget::kModRevision &&
        operation.input.expected_mod_revision < 0) {
      return where + "negative expected_mod_revision";
    }
    if (uses_revision(operation) && *operation.output.revision <= 0) {
      return where + "revision must be positive";
    }
  }
  return std::nullopt;
}

}  // namespace kcsim::checker

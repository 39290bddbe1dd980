#include "model/checker/porcupine_json.h"

#include <string_view>
#include <utility>

namespace kcsim::checker {

namespace {

using nlohmann::json;

std::string_view op_name(OpKind kind) {
  switch (kind) {
    case OpKind::kGet:
      return "get";
    case OpKind::kPut:
      return "put";
    case OpKind::kDelete:
      return "delete";
    case OpKind::kCompareAndSet:
      return "cas";
  }
  return "?";
}

std::string_view compare_name(CompareTarget compare) {
  switch (compare) {
    case CompareTarget::kValue:
      return "value";
    case CompareTarget::kModRevision:
      return "mod_revision";
    case CompareTarget::kAbsent:
      return "absent";
  }
  return "?";
}

json input_json(const KvInput& input) {
  json out = json::object();
  out["Op"] = op_name(input.kind);
  out["Key"] = input.key;
  if (input.kind == OpKind::kPut || input.kind == OpKind::kCompareAndSet) {
    out["Value"] = input.value;
  }
  if (input.kind != OpKind::kCompareAndSet) return out;
  out["Compare"] = compare_name(input.compare);
  if (input.compare == CompareTarget::kValue) out["Expected"] = input.expected_value;
  if (input.compare == CompareTarget::kModRevision) {
    out["ExpectedModRevision"] = input.expected_mod_revision;
  }
  return out;
}

json output_json(const Operation& operation) {
  json out = json::object();
  if (operation.pending()) {
    out["Pending"] = true;
    return out;
  }
  const KvOutput& output = operation.output;
  bool revision_applies = true;
  switch (operation.input.kind) {
    case OpKind::kGet:
      out["Found"] = output.found;
      if (output.found) out["Value"] = output.value;
      revision_applies = output.found;
      break;
    case OpKind::kPut:
      break;
    case OpKind::kDelete:
      if (output.deleted) out["Deleted"] = *output.deleted;
      break;
    case OpKind::kCompareAndSet:
      out["Succeeded"] = output.succeeded;
      revision_applies = output.succeeded;
      break;
  }
  if (revision_applies && output.revision) out["Revision"] = *output.revision;
  return out;
}

// A small reader that records the first error and then does nothing.
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}

  const json* field(const json& object, const char* name, bool required) {
    if (error_) return nullptr;
    if (!object.is_object()) return fail("expected an object");
    auto it = object.find(name);
    if (it == object.end())
      return required ? fail(std::string("missing \"") + name + "\"") : nullptr;
    return &*it;
  }
  std::string text(const json& object, const char* name) {
    const json* value = field(object, name, true);
    if (value == nullptr) return {};
    if (!value->is_string()) return fail_value(std::string("\"") + name + "\" must be a string");
    return value->get<std::string>();
  }
  std::int64_t integer(const json& object, const char* name) {
    const json* value = field(object, name, true);
    if (value == nullptr) return 0;
    if (!value->is_number_integer())
      return fail_int(std::string("\"") + name + "\" must be an integer");
    return value->get<std::int64_t>();
  }
  std::optional<std::int64_t> optional_integer(const json& object, const char* name) {
    if (field(object, name, false) == nullptr) return std::nullopt;
    return integer(object, name);
  }
  bool boolean(const json& object, const char* name) {
    const json* value = field(object, name, true);
    if (value == nullptr) return false;
    if (!value->is_boolean()) return fail_bool(std::string("\"") + name + "\" must be a boolean");
    return value->get<bool>();
  }
  std::optional<bool> optional_boolean(const json& object, const char* name) {
    if (field(object, name, false) == nullptr) return std::nullopt;
    return boolean(object, name);
  }
  void fail_with(const std::string& message) {
    if (!error_) error_ = where_ + message;
  }
  const std::optional<std::string>& error() const { return error_; }

 private:
  const json* fail(const std::string& message) {
    fail_with(message);
    return nullptr;
  }
  std::string fail_value(const std::string& message) {
    fail_with(message);
    return {};
  }
  std::int64_t fail_int(const std::string& message) {
    fail_with(message);
    return 0;
  }
  bool fail_bool(const std::string& message) {
    fail_with(message);
    return false;
  }

  std::string where_;
  std::optional<std::string> error_;
};

KvInput read_input(Reader& reader, const json& in) {
  KvInput input;
  const std::string op = reader.text(in, "Op");
  input.key = reader.text(in, "Key");
  if (op == "get") {
    input.kind = OpKind::kGet;
  } else if (op == "put") {
    input.kind = OpKind::kPut;
    input.value = reader.text(in, "Value");
  } else if (op == "delete") {
    input.kind = OpKind::kDelete;
  } else if (op == "cas") {
    input.kind = OpKind::kCompareAndSet;
    input.value = reader.text(in, "Value");
    const std::string compare = reader.text(in, "Compare");
    if (compare == "value") {
      input.compare = CompareTarget::kValue;
      input.expected_value = reader.text(in, "Expected");
    } else if (compare == "mod_revision") {
      input.compare = CompareTarget::kModRevision;
      input.expected_mod_revision = reader.integer(in, "ExpectedModRevision");
    } else if (compare == "absent") {
      input.compare = CompareTarget::kAbsent;
    } else {
      reader.fail_with("unknown \"Compare\": \"" + compare + "\"");
    }
  } else {
    reader.fail_with("unknown \"Op\": \"" + op + "\"");
  }
  return input;
}

KvOutput read_output(Reader& reader, const json& out, OpKind kind) {
  KvOutput output;
  switch (kind) {
    case OpKind::kGet:
      output.found = reader.boolean(out, "Found");
      if (output.found) output.value = reader.text(out, "Value");
      break;
    case OpKind::kPut:
      break;
    case OpKind::kDelete:
      output.deleted = reader.optional_boolean(out, "Deleted");
      break;
    case OpKind::kCompareAndSet:
      output.succeeded = reader.boolean(out, "Succeeded");
      break;
  }
  output.revision = reader.optional_integer(out, "Revision");
  return output;
}

}  // namespace

nlohmann::json to_porcupine_json(const History& history) {
  json array = json::array();
  for (const Operation& operation : history) {
    json object = json::object();
    object["ClientId"] = operation.client_id;
    object["Input"] = input_json(operation.input);
    object["Call"] = operation.call_time;
    object["Output"] = output_json(operation);
    object["Return"] = operation.return_time;
    array.push_back(std::move(object));
  }
  return array;
}

ParsedHistory from_porcupine_json(const nlohmann::json& json_history) {
  ParsedHistory parsed;
  if (!json_history.is_array()) {
    parsed.error = "expected a JSON array of operations";
    return parsed;
  }
  for (std::size_t i = 0; i < json_history.size(); ++i) {
    Reader reader("operation " + std::to_string(i) + ": ");
    const json& object = json_history[i];
    Operation operation;
    operation.client_id = reader.integer(object, "ClientId");
    operation.call_time = reader.integer(object, "Call");
    operation.return_time = reader.integer(object, "Return");
    const json* input = reader.field(object, "Input", true);
    if (input != nullptr) operation.input = read_input(reader, *input);
    const json* output = reader.field(object, "Output", true);
    const bool pending = output != nullptr && output->is_object() && output->contains("Pending");
    if (pending && reader.boolean(*output, "Pending") && operation.return_time != sim::kTimeNever) {
      reader.fail_with("a pending operation must have \"Return\": 9223372036854775807");
    }
    if (output != nullptr && !pending && !reader.error()) {
      operation.output = read_output(reader, *output, operation.input.kind);
    }
    if (reader.error()) {
      parsed.error = reader.error();
      parsed.history.clear();
      return parsed;
    }
    parsed.history.push_back(std::move(operation));
  }
  return parsed;
}

}  // namespace kcsim::checker

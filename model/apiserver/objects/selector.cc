#include "model/apiserver/objects/selector.h"

#include <algorithm>
#include <cctype>

#include "model/apiserver/objects/build.h"

namespace kcsim::api {
namespace {

// The tokens of labels.Parse (k8s.io/apimachinery/pkg/labels/selector.go Lexer).
struct Token {
  enum class Type {
    kEnd,
    kIdentifier,
    kEquals,
    kDoubleEquals,
    kNotEquals,
    kIn,
    kNotIn,
    kOpen,
    kClose,
    kComma,
    kBang
  };
  Type type = Type::kEnd;
  std::string text;
};

bool is_special(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '<' || c == '>';
}

std::vector<Token> lex(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "==") {
      tokens.push_back({Token::Type::kDoubleEquals, "=="});
      i += 2;
    } else if (text.substr(i, 2) == "!=") {
      tokens.push_back({Token::Type::kNotEquals, "!="});
      i += 2;
    } else if (c == '=') {
      tokens.push_back({Token::Type::kEquals, "="});
      ++i;
    } else if (c == '!') {
      tokens.push_back({Token::Type::kBang, "!"});
      ++i;
    } else if (c == '(') {
      tokens.push_back({Token::Type::kOpen, "("});
      ++i;
    } else if (c == ')') {
      tokens.push_back({Token::Type::kClose, ")"});
      ++i;
    } else if (c == ',') {
      tokens.push_back({Token::Type::kComma, ","});
      ++i;
    } else {
      std::size_t end = i;
      while (end < text.size() && !is_special(text[end]) &&
             !std::isspace(static_cast<unsigned char>(text[end]))) {
        ++end;
      }
      if (end == i) ++end;  // a lone '<' or '>': an identifier the parser rejects
      std::string word(text.substr(i, end - i));
      Token::Type type = Token::Type::kIdentifier;
      if (word == "in") type = Token::Type::kIn;
      if (word == "notin") type = Token::Type::kNotIn;
      tokens.push_back({type, std::move(word)});
      i = end;
    }
  }
  tokens.push_back({Token::Type::kEnd, ""});
  return tokens;
}

std::string literal(const Token& token) {
  return token.text;  // "" at the end of the text, as the real lexer's EndOfStringToken
}

class LabelParser {
 public:
  explicit LabelParser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // Fills `out`; returns the error message, empty on success.
  std::string parse(std::vector<LabelRequirement>& out) {
    if (peek().type == Token::Type::kEnd) return {};
    while (true) {
      LabelRequirement requirement;
      std::string error = parse_requirement(requirement);
      if (!error.empty()) return "unable to parse requirement: " + error;
      out.push_back(std::move(requirement));
      const Token& next = take();
      if (next.type == Token::Type::kEnd) return {};
      if (next.type != Token::Type::kComma) {
        return "found '" + literal(next) + "', expected: ',' or 'end of string'";
      }
    }
  }

 private:
  const Token& peek() const { return tokens_[position_]; }
  const Token& take() {
    const Token& token = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }

  std::string parse_requirement(LabelRequirement& r) {
    bool negated = false;
    if (peek().type == Token::Type::kBang) {
      take();
      negated = true;
    }
    const Token& key = take();
    if (key.type != Token::Type::kIdentifier) {
      return "found '" + literal(key) + "', expected: !, identifier, or 'end of string'";
    }
    r.key = key.text;
    const Token::Type after = peek().type;
    if (negated || after == Token::Type::kComma || after == Token::Type::kEnd) {
      if (negated && (after != Token::Type::kComma && after != Token::Type::kEnd)) {
        return "found '" + literal(peek()) + "', expected: ',' or 'end of string'";
      }
      r.op = negated ? LabelRequirement::Op::kDoesNotExist : LabelRequirement::Op::kExists;
      return {};
    }
    const Token& op = take();
    switch (op.type) {
      case Token::Type::kEquals:
      case Token::Type::kDoubleEquals:
        r.op = LabelRequirement::Op::kEquals;
        return parse_single_value(r);
      case Token::Type::kNotEquals:
        r.op = LabelRequirement::Op::kNotEquals;
        return parse_single_value(r);
      case Token::Type::kIn:
        r.op = LabelRequirement::Op::kIn;
        return parse_set(r);
      case Token::Type::kNotIn:
        r.op = LabelRequirement::Op::kNotIn;
        return parse_set(r);
      default:
        return "found '" + literal(op) + "', expected: in, notin, =, ==, !=, gt, lt";
    }
  }

  std::string parse_single_value(LabelRequirement& r) {
    const Token::Type next = peek().type;
    if (next == Token::Type::kComma || next == Token::Type::kEnd) {
      r.values.emplace_back();  // `a=` selects an empty value
      return {};
    }
    const Token& value = take();
    if (value.type != Token::Type::kIdentifier && value.type != Token::Type::kIn &&
        value.type != Token::Type::kNotIn) {
      return "found '" + literal(value) + "', expected: identifier";
    }
    r.values.push_back(value.text);
    return {};
  }

  std::string parse_set(LabelRequirement& r) {
    const Token& open = take();
    if (open.type != Token::Type::kOpen) return "found '" + literal(open) + "', expected: '('";
    while (true) {
      const Token& value = take();
      if (value.type == Token::Type::kClose && r.values.empty()) break;  // `in ()`
      if (value.type != Token::Type::kIdentifier && value.type != Token::Type::kIn &&
          value.type != Token::Type::kNotIn) {
        return "found '" + literal(value) + "', expected: ',', ')' or identifier";
      }
      r.values.push_back(value.text);
      const Token& next = take();
      if (next.type == Token::Type::kClose) break;
      if (next.type != Token::Type::kComma) {
        return "found '" + literal(next) + "', expected: ',' or ')'";
      }
    }
    std::sort(r.values.begin(), r.values.end());
    return {};
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
};

struct FieldName {
  std::string_view text;
  Field field;
};

constexpr FieldName kFieldNames[] = {
    {"metadata.name", Field::kName},
    {"metadata.namespace", Field::kNamespace},
    {"spec.nodeName", Field::kNodeName},
    {"spec.schedulerName", Field::kSchedulerName},
    {"status.phase", Field::kPhase},
    {"status.podIP", Field::kPodIp},
    {"spec.unschedulable", Field::kUnschedulable},
    {"involvedObject.name", Field::kInvolvedName},
    {"involvedObject.namespace", Field::kInvolvedNamespace},
    {"reason", Field::kReason},
    {"type", Field::kType},
};

bool supported(Kind kind, Field field) {
  switch (field) {
    case Field::kName:
    case Field::kNamespace:
      return true;
    case Field::kNodeName:
    case Field::kSchedulerName:
    case Field::kPhase:
    case Field::kPodIp:
      return kind == Kind::kPod;
    case Field::kUnschedulable:
      return kind == Kind::kNode;
    case Field::kInvolvedName:
    case Field::kInvolvedNamespace:
    case Field::kReason:
    case Field::kType:
      return kind == Kind::kEvent;
  }
  return false;
}

}  // namespace

bool LabelRequirement::matches(const StringMap& labels) const {
  const std::optional<std::string_view> value = label_value(labels, key);
  const auto in_values = [&] {
    return value.has_value() && std::binary_search(values.begin(), values.end(), *value);
  };
  switch (op) {
    case Op::kEquals:
      return value.has_value() && *value == values.front();
    case Op::kNotEquals:
      return !value.has_value() || *value != values.front();
    case Op::kIn:
      return in_values();
    case Op::kNotIn:
      return !in_values();
    case Op::kExists:
      return value.has_value();
    case Op::kDoesNotExist:
      return !value.has_value();
  }
  return false;
}

std::variant<LabelSelector, std::string> LabelSelector::parse(std::string_view text) {
  LabelSelector selector;
  LabelParser parser(lex(text));
  std::string error = parser.parse(selector.requirements_);
  if (!error.empty()) return error;
  return selector;
}

LabelSelector LabelSelector::from_map(const StringMap& match_labels) {
  LabelSelector selector;
  for (const auto& [key, value] : match_labels) {
    selector.requirements_.push_back({key, LabelRequirement::Op::kEquals, {value}});
  }
  return selector;
}

bool LabelSelector::matches(const StringMap& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const LabelRequirement& r) { return r.matches(labels); });
}

std::variant<FieldSelector, std::string> FieldSelector::parse(Kind kind, std::string_view text) {
  FieldSelector selector;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view term = text.substr(start, end - start);
    start = end + 1;
    if (term.empty()) continue;
    FieldRequirement requirement;
    std::size_t op = term.find("!=");
    std::size_t op_size = 2;
    requirement.equals = op == std::string_view::npos;
    if (requirement.equals) {
      op = term.find("==");
      if (op == std::string_view::npos) {
        op = term.find('=');
        op_size = 1;
      }
    }
    if (op == std::string_view::npos) {
      return "invalid selector: '" + std::string(text) + "'; can't understand '" +
             std::string(term) + "'";
    }
    const std::string_view name = term.substr(0, op);
    requirement.value = std::string(term.substr(op + op_size));
    const auto* found = std::find_if(std::begin(kFieldNames), std::end(kFieldNames),
                                     [&](const FieldName& f) { return f.text == name; });
    if (found == std::end(kFieldNames) || !supported(kind, found->field)) {
      return "field label not supported: " + std::string(name);
    }
    requirement.field = found->field;
    selector.requirements_.push_back(std::move(requirement));
  }
  return selector;
}

bool FieldSelector::matches(const Object& object) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const FieldRequirement& r) {
    return (field_value(object, r.field) == r.value) == r.equals;
  });
}

std::string field_value(const Object& object, Field field) {
  const auto* pod = std::get_if<PodBody>(&object.body);
  const auto* event = std::get_if<EventBody>(&object.body);
  switch (field) {
    case Field::kName:
      return object.meta.name;
    case Field::kNamespace:
      return object.meta.namespace_;
    case Field::kNodeName:
      return pod != nullptr ? pod->node_name : "";
    case Field::kSchedulerName:
      return pod != nullptr ? pod->scheduler_name : "";
    case Field::kPhase:
      return pod != nullptr ? pod->phase : "";
    case Field::kPodIp:
      return pod != nullptr ? pod->pod_ip : "";
    case Field::kUnschedulable: {
      const auto* node = std::get_if<NodeBody>(&object.body);
      return node != nullptr && node->unschedulable ? "true" : "false";
    }
    case Field::kInvolvedName:
      return event != nullptr ? event->involved_name : "";
    case Field::kInvolvedNamespace:
      return event != nullptr ? event->involved_namespace : "";
    case Field::kReason:
      return event != nullptr ? event->reason : "";
    case Field::kType:
      return event != nullptr ? event->type : "";
  }
  return "";
}

}  // namespace kcsim::api

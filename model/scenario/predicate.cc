#include "model/scenario/predicate.h"

#include "sim/invariant.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "model/scenario/human_value.h"
#include "model/scenario/units.h"
#include "sim/time.h"

namespace kcsim::scenario {
namespace {

struct Token {
  enum class Kind : std::uint8_t { kEnd, kNumber, kName, kOp, kLeft, kRight, kNot, kAnd, kOr };
  Kind kind = Kind::kEnd;
  std::size_t offset = 0;
  double number = 0;
  std::string text;  // the name, or the operator's text
  CompareOp op = CompareOp::kEqual;
};

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == ':' || c == '-';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// Digits, letters, '.', and UTF-8 continuation bytes (for "µs").
bool is_literal_char(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// Turns the text into tokens; the first bad character ends it with an error.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>, PredicateError> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_spaces();
      if (pos_ >= text_.size()) break;
      std::optional<PredicateError> error = next(tokens);
      if (error) return *error;
    }
    tokens.push_back(Token{Token::Kind::kEnd, text_.size(), 0, "", CompareOp::kEqual});
    return tokens;
  }

 private:
  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  std::optional<PredicateError> next(std::vector<Token>& tokens) {
    const char c = text_[pos_];
    const std::size_t start = pos_;
    if (is_digit(c) || (c == '-' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      return literal(tokens);
    }
    if (is_name_start(c)) return name(tokens);
    const std::string_view two = text_.substr(pos_, 2);
    struct OpText {
      std::string_view text;
      Token::Kind kind;
      CompareOp op;
    };
    static constexpr OpText kOps[] = {
        {"<=", Token::Kind::kOp, CompareOp::kLessEqual},
        {">=", Token::Kind::kOp, CompareOp::kGreaterEqual},
        {"==", Token::Kind::kOp, CompareOp::kEqual},
        {"!=", Token::Kind::kOp, CompareOp::kNotEqual},
        {"&&", Token::Kind::kAnd, CompareOp::kEqual},
        {"||", Token::Kind::kOr, CompareOp::kEqual},
        {"<", Token::Kind::kOp, CompareOp::kLess},
        {">", Token::Kind::kOp, CompareOp::kGreater},
        {"!", Token::Kind::kNot, CompareOp::kEqual},
        {"(", Token::Kind::kLeft, CompareOp::kEqual},
        {")", Token::Kind::kRight, CompareOp::kEqual},
    };
    for (const OpText& op : kOps) {
      if (two.substr(0, op.text.size()) == op.text) {
        pos_ += op.text.size();
        tokens.push_back(Token{op.kind, start, 0, std::string(op.text), op.op});
        return std::nullopt;
      }
    }
    if (c == '=') return PredicateError{start, "expected == to compare, found a single ="};
    if (c == '&') return PredicateError{start, "expected && for \"and\", found a single &"};
    if (c == '|') return PredicateError{start, "expected || for \"or\", found a single |"};
    return PredicateError{start, "unexpected character " + quoted(text_.substr(pos_, 1))};
  }

  // A number, a duration (to seconds) or a size (to bytes).
  std::optional<PredicateError> literal(std::vector<Token>& tokens) {
    const std::size_t start = pos_;
    const bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    while (pos_ < text_.size() && is_literal_char(text_[pos_])) {
      ++pos_;
    }
    const std::string_view body =
        text_.substr(negative ? start + 1 : start, pos_ - start - (negative ? 1 : 0));
    std::optional<double> value = parse_real(body);
    if (!value) {
      if (const std::optional<sim::Time> duration = sim::parse_duration(body)) {
        value = sim::to_seconds(*duration);
      } else if (const std::optional<std::uint64_t> bytes = parse_size(body)) {
        value = static_cast<double>(*bytes);
      }
    }
    if (!value) {
      return PredicateError{start,
                            "expected a number, a duration such as 50ms or a size such "
                            "as 1MiB, found " +
                                quoted(text_.substr(start, pos_ - start))};
    }
    tokens.push_back(Token{Token::Kind::kNumber, start, negative ? -*value : *value,
                           std::string(text_.substr(start, pos_ - start)), CompareOp::kEqual});
    return std::nullopt;
  }

  std::optional<PredicateError> name(std::vector<Token>& tokens) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) {
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '{') {
      std::optional<PredicateError> error = label_set();
      if (error) return error;
      // A statistic after the labels: h{op="get"}.p99.
      if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_name_char(text_[pos_ + 1])) {
        while (pos_ < text_.size() && is_name_char(text_[pos_]))
          ++pos_;
      }
    }
    const std::string_view word = text_.substr(start, pos_ - start);
    if (word == "true" || word == "false") {
      tokens.push_back(Token{Token::Kind::kNumber, start, word == "true" ? 1.0 : 0.0,
                             std::string(word), CompareOp::kEqual});
      return std::nullopt;
    }
    std::string name(word);
    std::optional<PredicateError> error = window(name);
    if (error) return error;
    tokens.push_back(Token{Token::Kind::kName, start, 0, std::move(name), CompareOp::kEqual});
    return std::nullopt;
  }

  // An optional " over [FROM, UNTIL]" after a name: appended to it in canonical form
  // (durations as format_duration writes them).
  std::optional<PredicateError> window(std::string& name) {
    std::size_t at = pos_;
    while (at < text_.size() && text_[at] == ' ')
      ++at;
    if (text_.substr(at, 4) != "over" || (at + 4 < text_.size() && is_name_char(text_[at + 4]))) {
      return std::nullopt;
    }
    const std::size_t over = at;
    at += 4;
    while (at < text_.size() && text_[at] == ' ')
      ++at;
    const std::size_t close = text_.find(']', at);
    if (at >= text_.size() || text_[at] != '[' || close == std::string_view::npos) {
      return PredicateError{over,
                            "expected a window such as \"over [20s, 30s]\" after " + quoted(name)};
    }
    const std::string_view inside = text_.substr(at + 1, close - at - 1);
    const std::size_t comma = inside.find(',');
    const auto trim = [](std::string_view text) {
      while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
      while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
      return text;
    };
    const std::optional<sim::Time> from = comma == std::string_view::npos
                                              ? std::nullopt
                                              : sim::parse_duration(trim(inside.substr(0, comma)));
    const std::optional<sim::Time> until =
        comma == std::string_view::npos ? std::nullopt
                                        : sim::parse_duration(trim(inside.substr(comma + 1)));
    if (!from || !until || *from < 0 || *until <= *from) {
      return PredicateError{at,
                            "expected a window [FROM, UNTIL] of two times of the run with "
                            "units, FROM before UNTIL, such as [20s, 30s], found " +
                                quoted(text_.substr(at, close - at + 1))};
    }
    name += " over [" + sim::format_duration(*from) + ", " + sim::format_duration(*until) + "]";
    pos_ = close + 1;
    return std::nullopt;
  }

  // "{...}" up to the matching '}', skipping over double-quoted label values.
  std::optional<PredicateError> label_set() {
    const std::size_t open = pos_;
    bool in_quotes = false;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (in_quotes && c == '\\' && pos_ + 1 < text_.size()) {
        ++pos_;
      } else if (c == '"') {
        in_quotes = !in_quotes;
      } else if (c == '}' && !in_quotes) {
        ++pos_;
        return std::nullopt;
      }
    }
    return PredicateError{open, "expected } to close the label set opened here"};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Recursive descent over the tokens; depth is bounded by kPredicateDepthMax.
class Parser {
 public:
  Parser(std::vector<Token> tokens, Predicate& out) : tokens_(std::move(tokens)), out_(out) {}

  std::optional<PredicateError> run() {
    std::optional<PredicateError> error = parse_or(0);
    if (error) return error;
    const Token& rest = peek();
    if (rest.kind == Token::Kind::kEnd) return std::nullopt;
    if (rest.kind == Token::Kind::kOp) {
      return PredicateError{rest.offset, "comparisons do not chain: write a < b && b < c"};
    }
    if (rest.kind == Token::Kind::kRight) {
      return PredicateError{rest.offset, "unexpected ) without a matching ("};
    }
    return PredicateError{
        rest.offset, "expected &&, || or the end of the expression, found " + quoted(rest.text)};
  }

 private:
  const Token& peek() const { return tokens_[index_]; }
  const Token& take() {
    KCSIM_ASSERT(index_ < tokens_.size());
    const Token& token = tokens_[index_];
    if (token.kind != Token::Kind::kEnd) ++index_;
    return token;
  }

  std::size_t add(PredicateNode node) {
    out_.nodes.push_back(std::move(node));
    return out_.nodes.size() - 1;
  }

  std::optional<PredicateError> too_deep(std::size_t offset) const {
    return PredicateError{
        offset, "expression nested deeper than " + std::to_string(kPredicateDepthMax) + " levels"};
  }

  // Both `||` and `&&` levels: a left-associative chain of `next` joined by `kind`.
  std::optional<PredicateError> parse_or(int depth) {
    return parse_chain(depth, Token::Kind::kOr, PredicateNode::Kind::kOr);
  }

  std::optional<PredicateError> parse_chain(int depth, Token::Kind joiner,
                                            PredicateNode::Kind node_kind) {
    if (depth > kPredicateDepthMax) return too_deep(peek().offset);
    auto parse_next = [&]() {
      return joiner == Token::Kind::kOr
                 ? parse_chain(depth + 1, Token::Kind::kAnd, PredicateNode::Kind::kAnd)
                 : parse_unary(depth + 1);
    };
    std::optional<PredicateError> error = parse_next();
    if (error) return error;
    while (peek().kind == joiner) {
      const std::size_t offset = take().offset;
      const std::size_t left = out_.nodes.size() - 1;
      error = parse_next();
      if (error) return error;
      PredicateNode node;
      node.kind = node_kind;
      node.offset = offset;
      node.left = left;
      node.right = out_.nodes.size() - 1;
      add(std::move(node));
    }
    return std::nullopt;
  }

  std::optional<PredicateError> parse_unary(int depth) {
    if (depth > kPredicateDepthMax) return too_deep(peek().offset);
    const Token& token = peek();
    if (token.kind == Token::Kind::kNot) {
      const std::size_t offset = take().offset;
      std::optional<PredicateError> error = parse_unary(depth + 1);
      if (error) return error;
      PredicateNode node;
      node.kind = PredicateNode::Kind::kNot;
      node.offset = offset;
      node.left = out_.nodes.size() - 1;
      add(std::move(node));
      return std::nullopt;
    }
    if (token.kind == Token::Kind::kLeft) {
      const std::size_t open = take().offset;
      std::optional<PredicateError> error = parse_or(depth + 1);
      if (error) return error;
      if (peek().kind != Token::Kind::kRight) {
        if (peek().kind == Token::Kind::kEnd) {
          return PredicateError{open, "expected ) to close the ( opened here"};
        }
        return PredicateError{peek().offset, "expected ), &&, or ||, found " + quoted(peek().text)};
      }
      take();
      return std::nullopt;
    }
    return parse_comparison();
  }

  std::optional<PredicateError> parse_comparison() {
    std::optional<PredicateError> error = parse_operand();
    if (error) return error;
    if (peek().kind != Token::Kind::kOp) return std::nullopt;
    const Token& op = take();
    const std::size_t left = out_.nodes.size() - 1;
    error = parse_operand();
    if (error) return error;
    PredicateNode node;
    node.kind = PredicateNode::Kind::kCompare;
    node.op = op.op;
    node.offset = op.offset;
    node.left = left;
    node.right = out_.nodes.size() - 1;
    add(std::move(node));
    return std::nullopt;
  }

  std::optional<PredicateError> parse_operand() {
    const Token& token = peek();
    PredicateNode node;
    node.offset = token.offset;
    if (token.kind == Token::Kind::kNumber) {
      node.kind = PredicateNode::Kind::kNumber;
      node.number = token.number;
      const std::string_view digits =
          std::string_view(token.text).substr(!token.text.empty() && token.text[0] == '-' ? 1 : 0);
      node.bare = token.text != "true" && token.text != "false" && parse_real(digits).has_value();
    } else if (token.kind == Token::Kind::kName) {
      node.kind = PredicateNode::Kind::kName;
      node.name = token.text;
    } else if (token.kind == Token::Kind::kEnd) {
      return PredicateError{token.offset,
                            "expected a name, a number or (, found the end of the "
                            "expression"};
    } else {
      return PredicateError{token.offset,
                            "expected a name, a number or (, found " + quoted(token.text)};
    }
    take();
    add(std::move(node));
    return std::nullopt;
  }

  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  Predicate& out_;
};

bool compare(CompareOp op, double left, double right) {
  switch (op) {
    case CompareOp::kLess:
      return left < right;
    case CompareOp::kLessEqual:
      return left <= right;
    case CompareOp::kGreater:
      return left > right;
    case CompareOp::kGreaterEqual:
      return left >= right;
    case CompareOp::kEqual:
      return left == right;
    case CompareOp::kNotEqual:
      return left != right;
  }
  return false;
}

// Nodes are stored children first, so one pass in index order evaluates every node
// after its children: no recursion, and every name is visited. A node's value is a number
// (a truth is 1 or 0) unless `undecided` says it has none.
struct Evaluator {
  const Predicate& predicate;
  const Lookup& lookup;
  std::vector<double> values;
  std::vector<bool> undecided;

  std::optional<UnknownName> run() {
    values.assign(predicate.nodes.size(), 0.0);
    undecided.assign(predicate.nodes.size(), false);
    std::optional<UnknownName> unknown;
    for (std::size_t i = 0; i < predicate.nodes.size(); ++i) {
      const PredicateNode& node = predicate.nodes[i];
      KCSIM_ASSERT(node.kind == PredicateNode::Kind::kNumber ||
                   node.kind == PredicateNode::Kind::kName || node.left < i);
      switch (node.kind) {
        case PredicateNode::Kind::kNumber:
          values[i] = node.number;
          break;
        case PredicateNode::Kind::kName: {
          const std::optional<double> value = lookup.value(node.name);
          if (!value && !unknown) unknown = UnknownName{node.name, node.offset};
          values[i] = value.value_or(0.0);
          undecided[i] = value && is_undecided(*value);
          break;
        }
        case PredicateNode::Kind::kNot:
          set(i, truth_of(node.left) == Truth::kUndecided ? Truth::kUndecided
                 : truth_of(node.left) == Truth::kTrue    ? Truth::kFalse
                                                          : Truth::kTrue);
          break;
        case PredicateNode::Kind::kAnd:
          set(i, both(truth_of(node.left), truth_of(node.right), Truth::kFalse));
          break;
        case PredicateNode::Kind::kOr:
          set(i, both(truth_of(node.left), truth_of(node.right), Truth::kTrue));
          break;
        case PredicateNode::Kind::kCompare:
          if (undecided[node.left] || undecided[node.right]) {
            set(i, Truth::kUndecided);
          } else {
            set(i, compare(node.op, values[node.left], values[node.right]) ? Truth::kTrue
                                                                           : Truth::kFalse);
          }
          break;
      }
    }
    return unknown;
  }

  Truth truth_of(std::size_t node) const {
    if (undecided[node]) return Truth::kUndecided;
    return values[node] != 0.0 && !std::isnan(values[node]) ? Truth::kTrue : Truth::kFalse;
  }

  void set(std::size_t node, Truth truth) {
    undecided[node] = truth == Truth::kUndecided;
    values[node] = truth == Truth::kTrue ? 1.0 : 0.0;
  }

  // "&&" (dominant kFalse) or "||" (dominant kTrue): a dominant side decides, else an
  // undecided side leaves the result undecided.
  static Truth both(Truth left, Truth right, Truth dominant) {
    if (left == dominant || right == dominant) return dominant;
    if (left == Truth::kUndecided || right == Truth::kUndecided) return Truth::kUndecided;
    return left;
  }
};

}  // namespace

Result<Predicate, PredicateError> parse_predicate(std::string_view text) {
  if (text.size() > kPredicateTextMax) {
    return PredicateError{0,
                          "expression longer than " + std::to_string(kPredicateTextMax) + " bytes"};
  }
  Result<std::vector<Token>, PredicateError> tokens = Lexer(text).run();
  if (!tokens) return tokens.error();
  if (tokens.value().size() == 1) return PredicateError{0, "expected an expression, found nothing"};
  Predicate predicate;
  predicate.text = std::string(text);
  std::optional<PredicateError> error = Parser(std::move(tokens).value(), predicate).run();
  if (error) return *error;
  KCSIM_ASSERT(!predicate.nodes.empty());
  return predicate;
}

std::vector<NameRef> names(const Predicate& predicate) {
  std::vector<NameRef> out;
  for (const PredicateNode& node : predicate.nodes) {
    if (node.kind == PredicateNode::Kind::kName) out.push_back(NameRef{node.name, node.offset});
  }
  // Nodes are stored children first, which is not text order for "a || b < c".
  std::stable_sort(out.begin(), out.end(),
                   [](const NameRef& a, const NameRef& b) { return a.offset < b.offset; });
  return out;
}

Result<Truth, UnknownName> evaluate_truth(const Predicate& predicate, const Lookup& lookup) {
  KCSIM_ASSERT(!predicate.nodes.empty());
  Evaluator evaluator{predicate, lookup, {}, {}};
  std::optional<UnknownName> unknown = evaluator.run();
  if (unknown) return *unknown;
  return evaluator.truth_of(predicate.root());
}

Result<bool, UnknownName> evaluate(const Predicate& predicate, const Lookup& lookup) {
  Result<Truth, UnknownName> truth = evaluate_truth(predicate, lookup);
  if (!truth) return truth.error();
  return truth.value() == Truth::kTrue;
}

std::string describe_values(const Predicate& predicate, const Lookup& lookup) {
  std::string out;
  std::set<std::string, std::less<>> seen;
  for (const NameRef& ref : names(predicate)) {
    if (!seen.insert(ref.name).second) continue;
    if (!out.empty()) out += ", ";
    const std::optional<double> value = lookup.value(ref.name);
    out += ref.name + " = " +
           (!value                 ? std::string("?")
            : is_undecided(*value) ? std::string("undecided")
                                   : human_value(ref.name, *value));
  }
  return out;
}

std::optional<PredicateError> check_units(const Predicate& predicate) {
  for (const PredicateNode& node : predicate.nodes) {
    if (node.kind != PredicateNode::Kind::kCompare) continue;
    const PredicateNode& left = predicate.nodes[node.left];
    const PredicateNode& right = predicate.nodes[node.right];
    for (const auto& [name, number] : {std::pair{&left, &right}, std::pair{&right, &left}}) {
      if (name->kind != PredicateNode::Kind::kName ||
          number->kind != PredicateNode::Kind::kNumber || !number->bare || number->number == 0 ||
          unit_of(name->name) != ValueUnit::kSeconds) {
        continue;
      }
      const std::string text = format_real(number->number);
      return PredicateError{number->offset, name->name + " is a duration: write the unit, as in " +
                                                text + "ms or " + text + "s, not a bare " + text};
    }
  }
  return std::nullopt;
}

const char* compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::kLess:
      return "<";
    case CompareOp::kLessEqual:
      return "<=";
    case CompareOp::kGreater:
      return ">";
    case CompareOp::kGreaterEqual:
      return ">=";
    case CompareOp::kEqual:
      return "==";
    case CompareOp::kNotEqual:
      return "!=";
  }
  return "?";
}

}  // namespace kcsim::scenario

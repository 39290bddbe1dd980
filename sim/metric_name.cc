#include "sim/metric_name.h"

#include <algorithm>
#include <stdexcept>

namespace kcsim::sim {
namespace {

struct ParsedName {
  std::string_view base;
  std::vector<std::pair<std::string, std::string>> labels;  // values unescaped
};

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_valid_label_key(std::string_view text) {
  if (text.empty()) return false;
  if (!is_letter(text[0]) && text[0] != '_') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return is_letter(c) || is_digit(c) || c == '_'; });
}

// A cursor over the label text; every step is bounded by the text's length.
class LabelParser {
 public:
  explicit LabelParser(std::string_view text) : text_(text) {}

  // Parses `{k="v",...}` to the end of the text; nullopt on any error.
  std::optional<std::vector<std::pair<std::string, std::string>>> parse() {
    std::vector<std::pair<std::string, std::string>> labels;
    if (!consume('{')) return std::nullopt;
    skip_spaces();
    while (!at('}')) {
      auto key = parse_key();
      if (!key) return std::nullopt;
      skip_spaces();
      if (!consume('=')) return std::nullopt;
      skip_spaces();
      auto value = parse_value();
      if (!value) return std::nullopt;
      labels.emplace_back(std::string(*key), std::move(*value));
      skip_spaces();
      if (!consume(',')) break;
      skip_spaces();
    }
    if (!consume('}')) return std::nullopt;
    if (pos_ != text_.size()) return std::nullopt;
    return labels;
  }

 private:
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool consume(char c) {
    if (!at(c)) return false;
    ++pos_;
    return true;
  }
  void skip_spaces() {
    while (at(' '))
      ++pos_;
  }
  std::optional<std::string_view> parse_key() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (is_letter(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '_'))
      ++pos_;
    std::string_view key = text_.substr(start, pos_ - start);
    if (!is_valid_label_key(key)) return std::nullopt;
    return key;
  }
  std::optional<std::string> parse_value() {
    if (!consume('"')) return std::nullopt;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ == text_.size()) return std::nullopt;
        const char escaped = text_[pos_++];
        if (escaped == 'n') {
          c = '\n';
        } else if (escaped == '\\' || escaped == '"') {
          c = escaped;
        } else {
          return std::nullopt;
        }
      }
      value.push_back(c);
    }
    if (!consume('"')) return std::nullopt;
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<ParsedName> parse_name(std::string_view name) {
  ParsedName parsed;
  parsed.base = metric_base_name(name);
  if (!is_valid_base_name(parsed.base)) return std::nullopt;
  if (parsed.base.size() == name.size()) return parsed;
  auto labels = LabelParser(name.substr(parsed.base.size())).parse();
  if (!labels) return std::nullopt;
  parsed.labels = std::move(*labels);
  return parsed;
}

void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

// The canonical text; nullopt if a key appears twice.
std::optional<std::string> format_name(ParsedName parsed) {
  std::sort(parsed.labels.begin(), parsed.labels.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out(parsed.base);
  if (parsed.labels.empty()) return out;
  out.push_back('{');
  for (std::size_t i = 0; i < parsed.labels.size(); ++i) {
    if (i > 0) {
      if (parsed.labels[i].first == parsed.labels[i - 1].first) return std::nullopt;
      out.push_back(',');
    }
    out += parsed.labels[i].first;
    out += "=\"";
    append_escaped(out, parsed.labels[i].second);
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

}  // namespace

bool is_valid_base_name(std::string_view text) {
  if (text.empty()) return false;
  if (!is_letter(text[0]) && text[0] != '_' && text[0] != ':') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return is_letter(c) || is_digit(c) || c == '_' || c == ':' || c == '.';
  });
}

std::string_view metric_base_name(std::string_view name) {
  return name.substr(0, name.find('{'));
}

std::optional<std::string> canonical_metric_name(std::string_view name) {
  auto parsed = parse_name(name);
  if (!parsed) return std::nullopt;
  return format_name(std::move(*parsed));
}

std::string labeled(std::string_view name, std::span<const LabelPair> labels) {
  auto parsed = parse_name(name);
  if (!parsed) throw std::logic_error("labeled: invalid metric name '" + std::string(name) + "'");
  for (const auto& [key, value] : labels) {
    if (!is_valid_label_key(key)) {
      throw std::logic_error("labeled: invalid label key '" + std::string(key) + "' for '" +
                             std::string(name) + "'");
    }
    parsed->labels.emplace_back(std::string(key), std::string(value));
  }
  auto canonical = format_name(std::move(*parsed));
  if (!canonical) {
    throw std::logic_error("labeled: a label key appears twice in '" + std::string(name) + "'");
  }
  return std::move(*canonical);
}

std::string labeled(std::string_view name, std::initializer_list<LabelPair> labels) {
  return labeled(name, std::span<const LabelPair>(labels.begin(), labels.size()));
}

}  // namespace kcsim::sim

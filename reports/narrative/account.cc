#include "reports/narrative/account.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string_view>

namespace kcsim::reports {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The text between `after` and the next `until` ("1.2s" in "drawn: 1.2s (12 ticks)").
std::optional<std::string> between(std::string_view text, std::string_view after,
                                   std::string_view until) {
  const std::size_t start = text.find(after);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t from = start + after.size();
  const std::size_t end = text.find(until, from);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(from, end - from));
}

// Whether `text` names `name` as a whole word ("etcd-1", not "etcd-10").
bool mentions(std::string_view text, std::string_view name) {
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if (end >= text.size() || text[end] < '0' || text[end] > '9') return true;
  }
  return false;
}

struct Period {
  sim::Time start = 0;
  std::string cause{};  // "etcd-0 crashed", "" at boot
  std::string old_leader{};
  std::map<std::string, std::string> timeouts{};  // member -> last drawn, at the start
  std::string first_out{};                        // whose election timeout ran out first
  std::string first_out_after{};                  // and after how long
  int pre_votes = 0;                              // pre-vote campaigns
  int candidacies = 0;                            // real elections
  // A pre-vote campaign that leads to a real election is one campaign.
  int campaigns() const { return pre_votes > 0 ? pre_votes : candidacies; }
};

std::string describe(const Period& p, const StoryLine& won) {
  std::string text = fmt::format("no leader from {} to {} ({}): ", format_seconds(p.start),
                                 format_seconds(won.at), format_seconds(won.at - p.start));
  text += p.cause.empty() ? "the cluster booted with no leader" : p.cause;
  std::string timeouts;
  for (const auto& [member, timeout] : p.timeouts) {
    if (member == p.old_leader) continue;
    timeouts += (timeouts.empty() ? "" : ", ") + fmt::format("{} ({})", timeout, member);
  }
  if (!timeouts.empty()) {
    text += fmt::format("; the {} election timeouts were {}",
                        p.cause.empty() ? "members'" : "followers'", timeouts);
  }
  if (!p.first_out.empty()) {
    text += fmt::format("; {}'s ran out first, after {} without {}", p.first_out, p.first_out_after,
                        p.cause.empty() ? "a leader" : "a heartbeat");
  }
  const std::string votes = between(won.text, "with ", " votes").value_or("a majority of");
  const std::string term = between(won.text, "leader of term ", " with").value_or("?");
  text += fmt::format("; {} won term {} with {} votes", won.actor, term, votes);
  if (p.campaigns() > 1) {
    text += fmt::format(" after {} campaigns ({} did not win: split votes or refusals)",
                        p.campaigns(), p.campaigns() - 1);
  }
  return text + ".";
}

}  // namespace

std::vector<std::string> leader_account(const Story& story) {
  std::vector<std::string> out;
  std::map<std::string, std::string> drawn;  // member -> last election timeout drawn
  std::string leader;                        // the member in office, "" for none
  std::optional<Period> period = Period{};   // the run starts with no leader
  auto open_period = [&](sim::Time at, std::string cause) {
    if (period) return;
    period = Period{.start = at, .cause = std::move(cause), .old_leader = leader};
    period->timeouts = drawn;
  };
  for (const StoryLine& line : story.lines()) {
    const std::string_view text = line.text;
    if (starts_with(text, "election timeout drawn: ")) {
      if (auto d = between(text, "drawn: ", " (")) drawn[line.actor] = *d;
      continue;
    }
    if (starts_with(text, "election timeout: ")) {
      // With a leader in office and nothing told of its end, a timeout is a member cut
      // off on its own (it cannot win): not a leaderless period.
      if (!period && !leader.empty()) continue;
      open_period(line.at, "");
      if (period->timeouts.empty()) period->timeouts = drawn;  // at boot: drawn since
      if (period->first_out.empty() && line.actor != period->old_leader) {
        period->first_out = line.actor;
        period->first_out_after = between(text, "election timeout: ", " without").value_or("?");
      }
      continue;
    }
    if (period && starts_with(text, "asks the ")) {
      ++period->pre_votes;
      continue;
    }
    if (period && starts_with(text, "became candidate")) {
      ++period->candidacies;
      continue;
    }
    if (starts_with(text, "won the election")) {
      if (period) {
        out.push_back(describe(*period, line));
      } else if (line.actor != leader) {
        out.push_back(fmt::format("{} won term {} at {}, taking over from {}.", line.actor,
                                  between(text, "leader of term ", " with").value_or("?"),
                                  format_seconds(line.at), leader));
      }
      period.reset();
      leader = line.actor;
      continue;
    }
    if (leader.empty()) continue;
    if (line.actor == leader && starts_with(text, "steps down as leader")) {
      open_period(line.at, fmt::format("{} stepped down (check-quorum: {})", leader,
                                       between(text, "only ", " were heard").value_or("?") +
                                           " voters heard"));
      leader.clear();
    } else if (line.actor == leader &&
               text.find("steps down as leader and follows") != std::string_view::npos) {
      open_period(line.at, fmt::format("{} stepped down: {}", leader,
                                       text.substr(0, text.find(": steps down"))));
      leader.clear();
    } else if (line.actor == "timeline" && mentions(text, leader) &&
               text.find(" crashes") != std::string_view::npos) {
      open_period(line.at, fmt::format("{} crashed", leader));
      leader.clear();
    } else if (line.actor == "network" &&
               mentions(text.substr(0, text.find(" is cut off from ")), leader) &&
               text.find(" is cut off from ") != std::string_view::npos) {
      // The leader's side is the first group: cut off from the others.
      open_period(line.at, fmt::format("leader {} was cut off by a partition", leader));
    }
  }
  if (period && period->start > 0) {
    out.push_back(fmt::format("no leader from {} to the end of the run: {}",
                              format_seconds(period->start),
                              period->cause.empty() ? "no election succeeded" : period->cause));
  }
  return out;
}

std::vector<std::string> check_account(const std::vector<scenario::CheckResult>& checks) {
  std::vector<std::string> out;
  for (const scenario::CheckResult& check : checks) {
    std::string_view word = "FAIL";
    if (check.status == scenario::CheckStatus::kPassed) word = "PASS";
    if (check.status == scenario::CheckStatus::kUndecided) word = "UNDECIDED";
    if (check.status == scenario::CheckStatus::kNotEvaluated) word = "NOT EVALUATED";
    out.push_back(fmt::format("{} {}: {}", word, check.name, check.detail));
  }
  return out;
}

}  // namespace kcsim::reports

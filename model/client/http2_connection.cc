#include "model/client/http2_connection.h"

#include <array>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::client {
namespace {

constexpr sim::Label kDialProbe{"apiclient.dial"};
constexpr sim::Label kHealth{"apiclient.http2_health"};
constexpr sim::Label kPing{"apiclient.http2_ping"};
constexpr sim::Label kIdle{"apiclient.idle"};

// When the SYN is sent again after the dial began: Linux's initial RTO (1s), doubled
// at each retransmission (1, 2, 4, 8 s apart).
constexpr std::array<sim::Time, 5> kSynTimes = {0, 1 * sim::kSecond, 3 * sim::kSecond,
                                                7 * sim::kSecond, 15 * sim::kSecond};

}  // namespace

Http2Connection::Http2Connection(sim::ProcessContext& owner, ConnectionConfig config,
                                 Callbacks callbacks)
    : owner_(owner), config_(config), callbacks_(std::move(callbacks)) {
  KCSIM_ASSERT(config_.read_idle_timeout > 0);
  KCSIM_ASSERT(config_.ping_timeout > 0);
  KCSIM_ASSERT(config_.dial_timeout > 0);
}

void Http2Connection::dial(sim::ProcessId backend) {
  KCSIM_ASSERT(state_ == State::kNone);
  KCSIM_ASSERT(backend != sim::kNoProcess);
  ++generation_;
  ++dials_;
  state_ = State::kDialing;
  backend_ = backend;
  dial_started_ = owner_.now();
  health_armed_ = false;
  probe(generation_, 0);
}

void Http2Connection::probe(std::uint64_t generation, int syn) {
  if (generation != generation_ || state_ != State::kDialing) return;
  if (owner_.answers_dial(backend_)) {
    open();
    return;
  }
  if (owner_.connection_refused(backend_)) {
    lose(Transport::kConnectionRefused);
    return;
  }
  const auto next = static_cast<std::size_t>(syn) + 1;
  const sim::Time elapsed = owner_.now() - dial_started_;
  if (next < kSynTimes.size() && kSynTimes[next] < config_.dial_timeout) {
    owner_.after(kSynTimes[next] - elapsed, kDialProbe,
                 [this, generation, next] { probe(generation, static_cast<int>(next)); });
    return;
  }
  owner_.after(config_.dial_timeout - elapsed, kDialProbe, [this, generation] {
    if (generation != generation_ || state_ != State::kDialing) return;
    if (owner_.answers_dial(backend_)) {
      open();
    } else {
      lose(Transport::kDialTimeout);
    }
  });
}

void Http2Connection::open() {
  state_ = State::kOpen;
  stream_ = owner_.open_stream(backend_);
  const std::uint64_t generation = generation_;
  owner_.on_stream_closed(stream_, [this, generation] {
    if (generation == generation_ && state_ == State::kOpen) lose(Transport::kConnectionReset);
  });
  heard();
  idle_armed_ = false;
  if (!busy_) {
    idle_since_ = owner_.now();
    arm_idle(idle_since_ + config_.idle_timeout);
  }
  if (callbacks_.on_ready) callbacks_.on_ready();
}

void Http2Connection::close() {
  if (state_ == State::kOpen) owner_.close_stream(stream_);
  ++generation_;
  state_ = State::kNone;
  stream_ = sim::kNoStream;
  backend_ = sim::kNoProcess;
}

void Http2Connection::lose(Transport transport) {
  close();
  if (callbacks_.on_lost) callbacks_.on_lost(transport);
}

void Http2Connection::heard() {
  if (state_ != State::kOpen) return;
  last_heard_ = owner_.now();
  // One health timer per connection, re-armed from the last frame when it fires.
  if (!health_armed_) arm_health(last_heard_ + config_.read_idle_timeout);
}

void Http2Connection::arm_health(sim::Time when) {
  health_armed_ = true;
  const std::uint64_t generation = generation_;
  owner_.after(when - owner_.now(), kHealth, [this, generation] { check_health(generation); });
}

bool Http2Connection::pong() const {
  return owner_.stream_open(stream_) && owner_.answers_dial(backend_);
}

void Http2Connection::check_health(std::uint64_t generation) {
  if (generation != generation_ || state_ != State::kOpen) return;
  const sim::Time now = owner_.now();
  if (now - last_heard_ < config_.read_idle_timeout) {
    arm_health(last_heard_ + config_.read_idle_timeout);
    return;
  }
  if (pong()) {  // the ping is answered
    last_heard_ = now;
    arm_health(now + config_.read_idle_timeout);
    return;
  }
  // The ping waits for its answer; TCP keeps sending it meanwhile, so a partition that
  // heals in time is survived.
  health_armed_ = false;
  owner_.after(config_.ping_timeout, kPing,
               [this, generation, now] { check_ping(generation, now); });
}

void Http2Connection::check_ping(std::uint64_t generation, sim::Time ping_sent) {
  if (generation != generation_ || state_ != State::kOpen) return;
  if (last_heard_ > ping_sent || pong()) {
    heard();
    return;
  }
  lose(Transport::kConnectionLost);
}

void Http2Connection::set_busy(bool busy) {
  if (busy == busy_) return;
  busy_ = busy;
  if (busy_ || state_ != State::kOpen) return;
  idle_since_ = owner_.now();
  if (!idle_armed_) arm_idle(idle_since_ + config_.idle_timeout);
}

// One idle timer per connection: when it fires it closes the connection if nothing was
// active since, or moves to the end of the current idle period.
void Http2Connection::arm_idle(sim::Time when) {
  idle_armed_ = true;
  const std::uint64_t generation = generation_;
  owner_.after(when - owner_.now(), kIdle, [this, generation] {
    if (generation != generation_ || state_ != State::kOpen) return;
    idle_armed_ = false;
    if (busy_) return;  // armed again when it goes idle
    const sim::Time until = idle_since_ + config_.idle_timeout;
    if (owner_.now() >= until) {
      close();
    } else {
      arm_idle(until);
    }
  });
}

}  // namespace kcsim::client

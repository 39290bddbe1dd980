// One client's HTTP/2 connection to one kube-apiserver replica, as Go's net/http and
// x/net/http2 keep it for client-go: dialed once, shared by every request and watch of
// the client, kept until it breaks or sits idle.
//
// Contract:
//  - `dial(backend)`: TCP's connect, modelled by its SYN retransmissions. A backend that
//    answers the dial (sim ProcessContext::answers_dial) connects at once (the
//    handshakes' round trips are not modelled); one whose process is down on a live
//    host refuses (a reset); one that answers nothing (a dead host, a partition) is
//    tried again at the SYN retransmission times (1s, 3s, 7s, 15s after the dial:
//    Linux's initial RTO of 1s, doubled) until the dialer's timeout (30s,
//    client-go transport/cache.go: net.Dialer{Timeout: 30 * time.Second}).
//  - Once open, the connection is a sim stream to the backend. It is lost when that
//    stream closes (the replica crashed on a live host: its kernel resets it; or the
//    server closed it), or when the HTTP/2 health check gives up: after
//    `read_idle_timeout` with no frame read the client pings, and without an answer
//    within `ping_timeout` it closes the connection (apimachinery util/net/http.go:
//    HTTP2_READ_IDLE_TIMEOUT_SECONDS 30, HTTP2_PING_TIMEOUT_SECONDS 15). The ping is not
//    sent as a message: the replica's HTTP/2 layer answers it whenever its process is up
//    and reachable and the connection's stream is intact, so the answer is read off
//    the world (answers_dial and stream_open), its round trip ignored.
//  - While nothing is active on it (no request in flight, no watch: `set_busy(false)`)
//    for `idle_timeout`, the client closes it (net/http's IdleConnTimeout, 90s from
//    http.DefaultTransport through SetOldTransportDefaults); the next request dials
//    again, and may land elsewhere.
//  - Callbacks: `on_ready()` when a dial connects; `on_lost(transport)` when a dial fails
//    (kConnectionRefused, kDialTimeout) or an open connection breaks (kConnectionReset,
//    kConnectionLost). Neither for a close by the owner (`close`, or idle). After a
//    loss the state is kNone and the owner may dial again, from the callback too.
//  - Timers belong to the owner's incarnation; a generation number makes those of an
//    earlier connection harmless. The object must live as long as its owner's
//    incarnation.
#pragma once

#include <cstdint>
#include <functional>

#include "model/client/errors.h"
#include "sim/process.h"

namespace kcsim::client {

struct ConnectionConfig {
  sim::Time read_idle_timeout = 30 * sim::kSecond;  // HTTP2_READ_IDLE_TIMEOUT_SECONDS
  sim::Time ping_timeout = 15 * sim::kSecond;       // HTTP2_PING_TIMEOUT_SECONDS
  sim::Time dial_timeout = 30 * sim::kSecond;       // transport/cache.go net.Dialer
  sim::Time idle_timeout = 90 * sim::kSecond;       // http.DefaultTransport IdleConnTimeout
};

class Http2Connection {
 public:
  enum class State : std::uint8_t { kNone, kDialing, kOpen };
  struct Callbacks {
    std::function<void()> on_ready;
    std::function<void(Transport)> on_lost;
  };

  Http2Connection(sim::ProcessContext& owner, ConnectionConfig config, Callbacks callbacks);

  void dial(sim::ProcessId backend);
  // Closes it from this end (a FIN), without a callback.
  void close();
  // A frame from the backend was read on this connection (an answer, a watch event).
  void heard();
  // Whether requests or watches are active on it (for the idle timeout).
  void set_busy(bool busy);

  State state() const { return state_; }
  sim::ProcessId backend() const { return backend_; }
  sim::StreamId stream() const { return stream_; }
  // +1 per dial: tells apart what was sent on earlier connections.
  std::uint64_t generation() const { return generation_; }
  std::uint64_t dials() const { return dials_; }

 private:
  void probe(std::uint64_t generation, int syn);
  void open();
  void lose(Transport transport);
  void arm_health(sim::Time when);
  void check_health(std::uint64_t generation);
  void check_ping(std::uint64_t generation, sim::Time ping_sent);
  bool pong() const;
  void arm_idle(sim::Time when);

  sim::ProcessContext& owner_;
  ConnectionConfig config_;
  Callbacks callbacks_;
  State state_ = State::kNone;
  sim::ProcessId backend_ = sim::kNoProcess;
  sim::StreamId stream_ = sim::kNoStream;
  std::uint64_t generation_ = 0;
  std::uint64_t dials_ = 0;
  sim::Time dial_started_ = 0;
  sim::Time last_heard_ = 0;
  bool health_armed_ = false;
  bool busy_ = false;
  bool idle_armed_ = false;
  sim::Time idle_since_ = 0;
};

}  // namespace kcsim::client

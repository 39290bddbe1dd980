// A process: the unit that runs, crashes and restarts (an etcd member, an API server
// replica, a kubelet), and its one seam to the world, ProcessContext.
//
// Contract:
//  - A process object lives for one incarnation. `Simulation::crash` destroys it, so
//    its volatile state is gone by construction; `restart` builds a fresh object from
//    the factory, and `start()` recovers from what the process's disk holds.
//  - A process sees the world only through its ProcessContext (in the spirit of
//    FoundationDB's one network object): its clock, its timers, typed messages to other
//    processes' ports and streams, its disk and CPU, its random streams, its logger and
//    its own exit. It cannot reach another process's object, crash another process or
//    read kernel state: faults come from the scenario, state reaches checks through
//    what components publish.
//  - Timers made through the context belong to the incarnation that made them: after a
//    crash they never fire, even if the process has restarted since.
//  - Messages arrive through handlers the process registers for ports (`handle`),
//    usually in start(): until then (a process still booting) its ports are closed and
//    messages to them are dropped.
//  - `exit()` (a fatal error, or a member removed from its cluster) takes effect at the
//    end of the current event: the code after the call finishes, but from the call on
//    the process sends nothing, schedules nothing, and it is crashed when the event
//    returns, as a panicking process stops.
//  - Random streams are named by the process and its incarnation: a restarted process
//    draws fresh values, as a real one seeds itself anew (the first incarnation's
//    streams are "NAME/STREAM"; later ones "NAME#K/STREAM").
//  - The local clock runs at (1 + drift) times true time from an offset (both set by the
//    scenario; default exact). Timers count local time: `after(d)` fires when d has
//    passed on the process's own clock, as Go's tickers and timers do.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/callback.h"
#include "sim/event_queue.h"
#include "sim/ids.h"
#include "sim/label.h"
#include "sim/mailroom.h"
#include "sim/port.h"
#include "sim/random.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace spdlog {
class logger;
}

namespace kcsim::sim {

class Cpu;
class Disk;
class Simulation;

class ProcessContext {
 public:
  ProcessId id() const { return id_; }
  const std::string& name() const;
  std::uint32_t incarnation() const;
  Time now() const;        // true (virtual) time, for metrics and traces
  Time local_now() const;  // the process's own clock

  // Timers of this incarnation; `delay` is local time (see the clock above).
  TimerId after(Time delay, const Label& label, Callback callback);
  bool cancel(TimerId id);

  // Sends `message` to `to`'s handler for `port`, as `size_bytes` on the network.
  template <typename M>
  void send(const Port<M>& port, ProcessId to, std::uint64_t size_bytes, const Label& label,
            M message) {
    if (exiting()) return;
    send_erased(to, size_bytes, label, wrap(port, to, std::move(message)), kNoStream);
  }
  // Long-lived connections (sim/network.h): this process is the client end.
  StreamId open_stream(ProcessId server);
  // What runs when the other end goes (a reset or a FIN reaches this process).
  void on_stream_closed(StreamId stream, Callback callback);
  void close_stream(StreamId stream);
  bool stream_open(StreamId stream) const;
  template <typename M>
  void send_on_stream(StreamId stream, const Port<M>& port, ProcessId to, std::uint64_t size_bytes,
                      const Label& label, M message) {
    if (exiting()) return;
    send_erased(to, size_bytes, label, wrap(port, to, std::move(message)), stream);
  }
  // What dialing `peer` learns at once: refused when its process is down, or still
  // booting, on a live host (the host's kernel answers with a reset). A host that is down
  // answers nothing: the caller finds out only by a timeout.
  bool connection_refused(ProcessId peer) const;
  // Whether a dial to `peer` would connect (its process is up and booted on a live host,
  // not cut off by a partition): a shortcut for clients that dial all their endpoints at
  // once and use one that answers (etcdctl, gRPC's balancers), without modelling each dial.
  bool answers_dial(ProcessId peer) const;

  Disk& disk();
  Cpu& cpu();
  Rng rng(std::string_view stream) const;
  spdlog::logger& log() const;
  void note(TraceKind kind, const Label& label, std::uint64_t detail = 0,
            ProcessId peer = kNoProcess) const;

  // Ends this incarnation at the end of the current event (see the contract above).
  void exit();
  bool exiting() const;

 private:
  friend class Simulation;
  ProcessContext(Simulation* simulation, ProcessId id) : simulation_(simulation), id_(id) {}

  template <typename M>
  Callback wrap(const Port<M>& port, ProcessId to, M&& message);
  void send_erased(ProcessId to, std::uint64_t size_bytes, const Label& label, Callback delivery,
                   StreamId stream);
  Mailroom& mailroom() const;

  Simulation* simulation_;
  ProcessId id_;
};

class Process {
 public:
  explicit Process(ProcessContext context) : context_(context) {}
  virtual ~Process() = default;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Called once when the incarnation begins (first boot or restart), as its first event:
  // after the call that started it returned, once the process has booted.
  virtual void start() = 0;

  // Called by Simulation::crash just before the object is destroyed: the place to take
  // back what the process published to observers (a gauge it set). It must not send
  // or schedule anything. Not called when the simulation itself ends.
  virtual void on_crash() {}

  ProcessId id() const { return context_.id(); }
  const std::string& name() const { return context_.name(); }
  Time now() const { return context_.now(); }
  ProcessContext& context() { return context_; }
  const ProcessContext& context() const { return context_; }

  // The handler for `port` (kernel use: message delivery).
  HandlerBase* handler(std::uint64_t port_key) const;

 protected:
  TimerId after(Time delay, const Label& label, Callback callback) {
    return context_.after(delay, label, std::move(callback));
  }
  bool cancel(TimerId id) { return context_.cancel(id); }

  // Registers `f(ProcessId from, M&& message)` for messages to `port`; a second
  // registration for one port replaces the first.
  template <typename M, typename F>
  void handle(const Port<M>& port, F f) {
    set_handler(port.key, std::make_unique<Handler<M, F>>(std::move(f)));
  }

 private:
  void set_handler(std::uint64_t key, std::unique_ptr<HandlerBase> handler);

  ProcessContext context_;
  std::vector<std::pair<std::uint64_t, std::unique_ptr<HandlerBase>>> handlers_;  // a few
};

using ProcessFactory = std::function<std::unique_ptr<Process>(ProcessContext)>;

template <typename M>
Callback ProcessContext::wrap(const Port<M>& port, ProcessId to, M&& message) {
  Pool<M>& pool = mailroom().pool(port);
  const std::uint32_t slot = pool.put(std::move(message));
  return Callback(Delivery<M>(simulation_, &pool, slot, id_, to));
}

}  // namespace kcsim::sim

// The mailroom: where typed messages wait while they are on the wire, and how a
// delivered one reaches the receiver's handler.
//
// Contract:
//  - One pool per port (sim/port.h) holds the payloads in flight, in recycled slots:
//    once a run has warmed up, sending a message allocates nothing in the kernel (the
//    payload's own members, a vector of entries, are the sender's to avoid). The event
//    that delivers a message carries only (pool, slot, sender, receiver): it fits the
//    Callback's inline storage.
//  - A message the network drops never reaches a handler; its slot is freed when the
//    delivery callback is destroyed. A delivered one is moved out of its slot into the
//    receiver's handler, which owns it from then on.
//  - The receiver's handler is looked up at delivery, in the incarnation the network
//    delivers to; a process with no handler for the port drops the message with a trace
//    record ("net.drop.no_handler"), as a closed port refuses a connection.
//  - Pools are created on a port's first use and looked up by the port's key; they are
//    never iterated, so their order cannot change a run. Two ports of different message
//    types with one name stop the run (an invariant, always on).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/ids.h"
#include "sim/invariant.h"
#include "sim/port.h"

namespace kcsim::sim {

class Simulation;

// A tag per message type, compared for equality only (never ordered or hashed).
template <typename M>
const void* type_tag() {
  static constexpr char kTag = 0;
  return &kTag;
}

class PoolBase {
 public:
  PoolBase(std::string_view name, std::uint64_t key, const void* tag)
      : name_(name), key_(key), tag_(tag) {}
  virtual ~PoolBase() = default;
  PoolBase(const PoolBase&) = delete;
  PoolBase& operator=(const PoolBase&) = delete;
  std::string_view name() const { return name_; }
  std::uint64_t key() const { return key_; }
  const void* tag() const { return tag_; }
  virtual std::size_t in_flight() const = 0;

 private:
  std::string_view name_;
  std::uint64_t key_;
  const void* tag_;
};

template <typename M>
class Pool final : public PoolBase {
 public:
  using PoolBase::PoolBase;

  std::uint32_t put(M&& message) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back(std::move(message));
    } else {
      slot = free_.back();
      free_.pop_back();
      slots_[slot].emplace(std::move(message));
    }
    ++in_flight_;
    return slot;
  }
  M take(std::uint32_t slot) {
    KCSIM_ASSERT(slots_[slot].has_value());
    M message = std::move(*slots_[slot]);
    release(slot);
    return message;
  }
  void release(std::uint32_t slot) {
    KCSIM_ASSERT(slots_[slot].has_value());
    slots_[slot].reset();
    free_.push_back(slot);
    --in_flight_;
  }
  std::size_t in_flight() const override { return in_flight_; }

 private:
  std::vector<std::optional<M>> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t in_flight_ = 0;
};

// A process's handler for one port, type-erased so that a process keeps them in one table.
class HandlerBase {
 public:
  explicit HandlerBase(const void* tag) : tag_(tag) {}
  virtual ~HandlerBase() = default;
  HandlerBase(const HandlerBase&) = delete;
  HandlerBase& operator=(const HandlerBase&) = delete;
  const void* tag() const { return tag_; }
  // `message` points at an M of this handler's type; the handler moves from it.
  virtual void invoke(ProcessId from, void* message) = 0;

 private:
  const void* tag_;
};

template <typename M, typename F>
class Handler final : public HandlerBase {
 public:
  explicit Handler(F f) : HandlerBase(type_tag<M>()), f_(std::move(f)) {}
  void invoke(ProcessId from, void* message) override {
    f_(from, std::move(*static_cast<M*>(message)));
  }

 private:
  F f_;
};

class Mailroom {
 public:
  Mailroom() = default;
  Mailroom(const Mailroom&) = delete;
  Mailroom& operator=(const Mailroom&) = delete;

  template <typename M>
  Pool<M>& pool(const Port<M>& port) {
    auto [it, fresh] = pools_.try_emplace(port.key);
    if (fresh) it->second = std::make_unique<Pool<M>>(port.name, port.key, type_tag<M>());
    KCSIM_ASSERT_MSG(it->second->tag() == type_tag<M>(), "two ports share one name");
    return static_cast<Pool<M>&>(*it->second);
  }

  // Messages of every port on the wire now.
  std::size_t in_flight() const;

 private:
  std::unordered_map<std::uint64_t, std::unique_ptr<PoolBase>> pools_;  // lookup only
};

// Hands a delivered message to the handler of the receiver's live incarnation
// (simulation.cc), or drops it with a trace record when it has none.
void deliver_to_handler(Simulation& simulation, ProcessId from, ProcessId to,
                        std::uint64_t port_key, const void* tag, void* message);

// The delivery event of one message: small enough for the Callback's inline storage.
template <typename M>
class Delivery {
 public:
  Delivery(Simulation* simulation, Pool<M>* pool, std::uint32_t slot, ProcessId from, ProcessId to)
      : simulation_(simulation), pool_(pool), slot_(slot), from_(from), to_(to) {}
  Delivery(Delivery&& other) noexcept
      : simulation_(other.simulation_),
        pool_(std::exchange(other.pool_, nullptr)),
        slot_(other.slot_),
        from_(other.from_),
        to_(other.to_) {}
  Delivery& operator=(Delivery&&) = delete;
  Delivery(const Delivery&) = delete;
  Delivery& operator=(const Delivery&) = delete;
  ~Delivery() {
    if (pool_ != nullptr) pool_->release(slot_);  // dropped on the way
  }

  void operator()() {
    Pool<M>* pool = std::exchange(pool_, nullptr);
    M message = pool->take(slot_);
    deliver_to_handler(*simulation_, from_, to_, pool->key(), type_tag<M>(), &message);
  }

 private:
  Simulation* simulation_;
  Pool<M>* pool_;
  std::uint32_t slot_;
  ProcessId from_;
  ProcessId to_;
};

}  // namespace kcsim::sim

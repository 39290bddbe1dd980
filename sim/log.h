// Logging through spdlog, each line stamped with virtual time.
//
// Every Simulation owns its own logger (never the process-wide default one: sweeps run
// many simulations on threads), writing to stderr, quiet unless a level is asked for.
// The stamp is the virtual time in seconds with nanosecond digits: "[   12.345678901]".
#pragma once

#include <memory>
#include <string_view>

#include <spdlog/logger.h>

#include "sim/time.h"

namespace kcsim::sim {

// A logger whose lines carry `*now` at the time of the call. `level` is one of
// spdlog's names ("trace", "debug", "info", "warn", "error", "off").
std::shared_ptr<spdlog::logger> make_virtual_time_logger(std::string_view name, const Time* now,
                                                         std::string_view level = "off");

}  // namespace kcsim::sim

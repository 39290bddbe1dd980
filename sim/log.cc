#include "sim/log.h"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <string>

namespace kcsim::sim {
namespace {

class VirtualTimeFlag final : public spdlog::custom_flag_formatter {
 public:
  explicit VirtualTimeFlag(const Time* now) : now_(now) {}

  void format(const spdlog::details::log_msg& /*msg*/, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const Time t = *now_;
    fmt::format_to(std::back_inserter(dest), "{:>5}.{:09}", t / kSecond, t % kSecond);
  }

  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<VirtualTimeFlag>(now_);
  }

 private:
  const Time* now_;
};

}  // namespace

std::shared_ptr<spdlog::logger> make_virtual_time_logger(std::string_view name, const Time* now,
                                                         std::string_view level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
  auto logger = std::make_shared<spdlog::logger>(std::string(name), std::move(sink));
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<VirtualTimeFlag>('*', now).set_pattern("[%*] %l %n: %v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(std::string(level)));
  return logger;
}

}  // namespace kcsim::sim

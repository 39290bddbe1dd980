#include "sim/time_series.h"

#include <limits>
#include <stdexcept>

#include "sim/invariant.h"

namespace kcsim::sim {
namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::size_t TimeSeries::column_index(std::string_view name) {
  auto found = index_by_name_.find(name);
  if (found != index_by_name_.end()) return found->second;
  const std::size_t handle = columns_.size();
  columns_.emplace_back(times_.size(), kNoValue);
  index_by_name_.emplace(std::string(name), handle);
  return handle;
}

void TimeSeries::begin_row(Time now) {
  if (!times_.empty() && now < times_.back()) {
    throw std::logic_error("TimeSeries::begin_row: time " + format_duration(now) +
                           " is before the last row's " + format_duration(times_.back()));
  }
  if (!times_.empty() && now == times_.back()) {
    for (auto& cells : columns_)
      cells.back() = kNoValue;
    return;
  }
  times_.push_back(now);
  for (auto& cells : columns_)
    cells.push_back(kNoValue);
}

void TimeSeries::set(std::size_t column, double value) {
  if (times_.empty()) throw std::logic_error("TimeSeries::set: no row begun");
  std::vector<double>& cells = columns_.at(column);
  KCSIM_ASSERT(cells.size() == times_.size());
  cells.back() = value;
}

std::vector<std::string> TimeSeries::column_names() const {
  std::vector<std::string> names;
  names.reserve(index_by_name_.size());
  for (const auto& [name, handle] : index_by_name_)
    names.push_back(name);
  return names;
}

std::vector<double> TimeSeries::row(std::size_t row) const {
  if (row >= times_.size()) throw std::out_of_range("TimeSeries::row: no such row");
  std::vector<double> cells;
  cells.reserve(index_by_name_.size());
  for (const auto& [name, handle] : index_by_name_)
    cells.push_back(columns_[handle][row]);
  return cells;
}

const std::vector<double>* TimeSeries::column(std::string_view name) const {
  auto found = index_by_name_.find(name);
  return found == index_by_name_.end() ? nullptr : &columns_[found->second];
}

std::size_t TimeSeries::cell_bytes() const {
  std::size_t bytes = times_.capacity() * sizeof(Time);
  for (const std::vector<double>& cells : columns_)
    bytes += cells.capacity() * sizeof(double);
  return bytes;
}

}  // namespace kcsim::sim

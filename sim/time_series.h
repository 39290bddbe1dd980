// A columnar table of samples over virtual time: one row per sample time, one column
// per named quantity, for the CSV writer and the plots of the reports.
//
// Contract:
//  - Rows are appended in non-decreasing time order; `begin_row(t)` with t equal to the
//    last row's time reopens that row (its cells are overwritten), so there is exactly
//    one row per sample time; t before the last row's time is a std::logic_error.
//  - A new row starts with every cell NaN ("no value"); a column added after rows exist
//    is NaN in all of them. A cell is set only in the last row.
//  - Columns are listed in name order (byte-wise, as std::string compares), whatever
//    the order they were added in; `column_index` returns a handle that stays valid.
//  - Memory: 8 bytes per cell plus 8 per row for its time: rows x columns x 8 bytes.
//    A run sampled every second for an hour with 1,000 columns holds
//    3,600 x 1,000 x 8 = 28.8 MB. The caller picks the sample interval to fit; there is
//    no decimation.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace kcsim::sim {

class TimeSeries {
 public:
  // The handle of the column named `name`, added (NaN in every existing row) if new.
  std::size_t column_index(std::string_view name);

  // Starts the row of time `now` (or reopens the last row if it has this time).
  void begin_row(Time now);

  // Sets the cell of `column` in the last row; there must be a row.
  void set(std::size_t column, double value);

  std::size_t row_count() const { return times_.size(); }
  std::size_t column_count() const { return columns_.size(); }
  Time row_time(std::size_t row) const { return times_.at(row); }

  // Column names in name order.
  std::vector<std::string> column_names() const;
  // The cells of `row`, in the order of column_names().
  std::vector<double> row(std::size_t row) const;
  // All cells of one column by name, oldest first; nullptr if there is no such column.
  const std::vector<double>* column(std::string_view name) const;

  // The bytes the cells and row times hold on the heap (vector capacities; the column
  // names are left out), for memory accounting.
  std::size_t cell_bytes() const;

 private:
  std::vector<Time> times_;
  // Columns in the order they were added; handles index this vector.
  std::vector<std::vector<double>> columns_;
  // Name order: name -> handle.
  std::map<std::string, std::size_t, std::less<>> index_by_name_;
};

}  // namespace kcsim::sim

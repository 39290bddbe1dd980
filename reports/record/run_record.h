// What the reports show of one run beyond its summary and time series: each process's
// life (up, down, crashed) and the role it held over time, the faults and timeline
// actions as marks, and windowed percentiles of every histogram family.
//
// Filled by RunRecorder (run_recorder.h) while the run goes; read by the HTML report and
// kept small: a span per change of state or role, a mark per fault or action, a row per
// metrics sample. Times are in seconds of virtual time.
#pragma once

#include <string>
#include <vector>

namespace kcsim::reports {

// [from_s, to_s) in one state or role ("up", "down", "crashed"; "leader", "follower",
// "candidate").
struct Span {
  double from_s = 0;
  double to_s = 0;
  std::string name;
};

struct Lane {
  std::string process;
  std::string host;
  std::vector<Span> states;  // covers [0, end] without gaps
  std::vector<Span> roles;   // where a role is known (etcd members)
};

struct Mark {
  double at_s = 0;
  std::string name;    // the timeline entry's name, or the fault's label
  std::string detail;  // the action and target ("crash etcd/leader"), or the fault's actor
  bool from_timeline = false;
  std::string process;  // the process a fault hit; empty for the timeline's marks
};

// Per-interval percentiles of one histogram family (the samples recorded between two
// metrics samples), at the later sample's time; NaN where the interval had none.
struct WindowSeries {
  std::string family;
  std::vector<double> time_s;
  std::vector<double> count;
  std::vector<double> p50;
  std::vector<double> p90;
  std::vector<double> p99;
};

struct RunRecord {
  double end_s = 0;
  std::vector<Lane> lanes;            // in process id order
  std::vector<Mark> marks;            // in time order
  std::vector<WindowSeries> windows;  // in family name order
};

}  // namespace kcsim::reports

// The charting library every report embeds: dygraphs 2.2.1 from Debian's libjs-dygraphs
// (installed by tools/setup.sh), read from its installed path when a report is written,
// so the report needs no network. Why dygraphs: packaged by Debian, made for time series
// of many points, with zoom (drag; double-click resets), pan (shift-drag) and a hover
// legend built in; Chart.js needs a plugin Debian does not ship for zoom.
#pragma once

#include <optional>
#include <string>

namespace kcsim::reports {

// Where the library is read from: $KCSIM_DYGRAPHS_JS if set, else the path found when
// kcsim was configured (/usr/share/javascript/dygraphs/dygraph.min.js).
std::string chart_library_path();

// The library's text, ready to go inside <script> (its source-map comment removed, so
// the page asks for no other file); nullopt, with `error` set, if it cannot be read.
std::optional<std::string> chart_library(std::string& error);

// The library's style sheet (dygraph.min.css beside the script), without its source-map
// comment; empty if it cannot be read (the plots still draw, their axis labels plainer).
std::string chart_library_css();

}  // namespace kcsim::reports

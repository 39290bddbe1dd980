// The page around a report's data: one self-contained HTML file with the charting
// library (chart_library.h), the style and the script inline, and the data as JSON in a
// <script type="application/json"> element that the script reads and puts in the DOM as
// text. The script records any error or console.error in `data-kcsim-errors` on <html>,
// and, once every chart is drawn, sets `window.kcsimRendered` and `data-kcsim-rendered`
// on <html> to the number of charts (what the browser test reads).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace kcsim::reports {

enum class PageKind { kRun, kSeeds };

// `title` is escaped here; `data_json` must come from script_json (html_escape.h);
// `chart_js` is the library's text, or empty (then the page says the plots are missing,
// with `chart_error`).
void write_report_page(std::ostream& out, PageKind kind, std::string_view title,
                       const std::string& data_json, const std::string& chart_js,
                       std::string_view chart_error);

}  // namespace kcsim::reports

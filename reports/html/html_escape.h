// Escaping for the HTML reports. Every string that comes from a scenario (its name,
// description, check names and details, timeline names, process names) reaches the page
// through one of these, so a scenario named `<script>` stays text:
//  - markup_escape (markup_escape.h) for text and attribute values in markup;
//  - script_json for data inside <script>: JSON whose <, >, & and the line separators
//    U+2028/U+2029 are \u escapes, so no "</script>" or "<!--" can end the element, and
//    the page's script puts it in the DOM as text (textContent), never as markup.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "reports/html/markup_escape.h"

namespace kcsim::reports {

std::string script_json(const nlohmann::ordered_json& value);

}  // namespace kcsim::reports

// Escaping text for markup: the HTML reports (report.html, seeds.html) and junit.xml.
// Every string that comes from a scenario (its name, description, check names and
// details, file names) reaches a page or junit.xml through markup_escape, so a scenario
// named `<script>` or `a"b` stays text.
//
// Contract: & < > " ' become &amp; &lt; &gt; &quot; &#39; (the numeric form of ',
// which both HTML and XML know); every other byte is kept. The result is safe in text
// and in quoted attribute values of either language. Data inside <script> takes
// script_json (html_escape.h) instead.
#pragma once

#include <string>
#include <string_view>

namespace kcsim::reports {

std::string markup_escape(std::string_view text);

}  // namespace kcsim::reports

#include "reports/html/chart_library.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kcsim::reports {

std::string chart_library_path() {
  if (const char* path = std::getenv("KCSIM_DYGRAPHS_JS"); path != nullptr && *path != '\0')
    return path;
  return KCSIM_DYGRAPHS_JS_PATH;
}

std::optional<std::string> chart_library(std::string& error) {
  const std::string path = chart_library_path();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read the charting library " + path +
            " (tools/setup.sh installs Debian's libjs-dygraphs)";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string js = text.str();
  if (const std::size_t map = js.rfind("//# sourceMappingURL="); map != std::string::npos)
    js.erase(map);
  // "</script" inside the library would end the element early; escape it if it appears.
  for (std::size_t at = js.find("</script"); at != std::string::npos;
       at = js.find("</script", at + 2))
    js.replace(at, 2, "<\\/");
  return js;
}

std::string chart_library_css() {
  std::string path = chart_library_path();
  const std::size_t slash = path.rfind('/');
  path =
      (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "dygraph.min.css";
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  std::string css = text.str();
  if (const std::size_t map = css.rfind("/*# sourceMappingURL="); map != std::string::npos)
    css.erase(map);
  // "</style" would end the element early.
  for (std::size_t at = css.find("</"); at != std::string::npos; at = css.find("</", at + 1))
    css.replace(at, 2, "<\\/");
  return css;
}

}  // namespace kcsim::reports

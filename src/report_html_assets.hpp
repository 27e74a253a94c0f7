// report_html_assets.hpp — the inline CSS and JavaScript of the HTML audit report.
#pragma once

namespace stancheck::detail {

const char* html_style();
const char* html_script();

}  // namespace stancheck::detail

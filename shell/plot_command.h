#pragma once
// `plot timeline P007 [to p007.svg];` and `plot survival os [by toci] [to km.svg];` (also as the
// `.plot` meta-command): a chart in the terminal, or an SVG file with `to`.

#include <iosfwd>
#include <string_view>

namespace dayzero::shell {

class SessionImpl;

// Runs one `plot …;` statement (the text may end in ';').
bool run_plot_statement(SessionImpl& session, std::string_view statement, std::ostream& out,
                        std::ostream& err);

}  // namespace dayzero::shell

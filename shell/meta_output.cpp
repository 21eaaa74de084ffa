// The meta-commands psql, sqlite3 and DuckDB users reach for: `.pager`, `.maxrows`,
// `.nullvalue`, `.headers`, `.echo`, `.shell`, and `.tables` (what a "table" is in dayzero:
// the cohorts, measures and event kinds statements are written against).
#include <sys/wait.h>
#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <set>

#include "shell/meta_commands.h"
#include "shell/session_impl.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

bool usage(MetaCall& call, std::string_view text) {
    call.err << "Error: usage: " << text << "\n";
    return false;
}

// "on"/"off" into `flag`; no argument shows the setting.
bool on_off(MetaCall& call, std::string_view name, bool& flag) {
    if (call.args.empty()) {
        call.out << (flag ? "on" : "off") << "\n";
        return true;
    }
    if (call.args.size() != 1 || (call.args[0] != "on" && call.args[0] != "off"))
        return usage(call, std::string(name) + " on|off");
    flag = call.args[0] == "on";
    return true;
}

// `label  a, b, c` wrapped to the session's width, continuation lines indented under the names.
void name_list(std::ostream& out, std::string_view label, const std::vector<std::string>& names,
               std::string_view none, int width) {
    constexpr int kLabel = 10;
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    if (text.empty()) text = std::string(none);
    const auto lines = wrap_words(text, std::max(20, width - kLabel));
    for (size_t i = 0; i < lines.size(); ++i)
        out << pad_to_width(i == 0 ? label : "", kLabel, false) << lines[i] << "\n";
}

}  // namespace

bool meta_pager(MetaCall& call) {
    return on_off(call, ".pager", call.session.pager());
}

bool meta_headers(MetaCall& call) {
    return on_off(call, ".headers", call.session.render_options().headers);
}

bool meta_echo(MetaCall& call) {
    return on_off(call, ".echo", call.session.echo());
}

bool meta_maxrows(MetaCall& call) {
    auto& max_rows = call.session.render_options().max_rows;
    if (call.args.empty()) {
        call.out << max_rows << (max_rows == 0 ? " (all rows)" : "") << "\n";
        return true;
    }
    const std::string& value = call.args[0];
    if (call.args.size() != 1 || value.empty() || value.size() > 9 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return usage(call, ".maxrows N   (0 = show every row)");
    max_rows = std::stoul(value);
    return true;
}

bool meta_nullvalue(MetaCall& call) {
    if (call.args.size() > 1) return usage(call, ".nullvalue TEXT   (no TEXT: empty)");
    call.session.render_options().null_text = call.args.empty() ? "" : call.args[0];
    return true;
}

bool meta_shell(MetaCall& call) {
    if (call.args.empty()) return usage(call, ".shell COMMAND [ARGS...]");
    std::string command;
    for (const auto& word : call.args)
        command += (command.empty() ? "" : " ") + word;
    call.out << std::flush;
    const int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status)) {
        call.err << "Error: .shell: could not run '" << command << "'\n";
        return false;
    }
    if (WEXITSTATUS(status) != 0) {
        call.err << "Error: .shell: '" << command << "' exited with status " << WEXITSTATUS(status)
                 << "\n";
        return false;
    }
    return true;
}

bool meta_tables(MetaCall& call) {
    query::QueryEngine* engine = call.session.engine();
    if (engine == nullptr) {
        call.err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    if (call.args.size() == 1) {  // `\d measures` = `show measures;`
        std::vector<query::QueryResult> results;
        {
            const EngineProgress progress(call.session, call.err);
            results = engine->execute("show " + call.args[0] + ";");
        }
        return !results.empty() && call.session.emit(results.back(), call.out, call.err);
    }
    if (!call.args.empty()) return usage(call, ".tables [cohorts|measures|kinds|patients]");
    std::vector<query::QueryResult> kinds;
    {
        const EngineProgress progress(call.session, call.err);
        kinds = engine->execute("show kinds;");
    }
    if (kinds.empty() || !kinds.back().ok)
        return !kinds.empty() && call.session.emit(kinds.back(), call.out, call.err);
    std::set<std::string> kind_names;
    for (const auto& row : kinds.back().rows) {
        if (!row.empty()) kind_names.insert(query::format_value(row[0], kinds.back().columns[0]));
    }
    const int width = call.session.render_options().width;
    name_list(call.out, "cohorts", engine->cohort_names(),
              "(none yet: cohort NAME = patients where ...;)", width);
    name_list(call.out, "measures", engine->measure_names(), "(none)", width);
    name_list(call.out, "kinds", {kind_names.begin(), kind_names.end()}, "(the store is empty)",
              width);
    call.out << "Statements read these (docs/QUERY.md); \\d NAME or show NAME; describes one "
                "list.\n";
    return true;
}

}  // namespace dayzero::shell

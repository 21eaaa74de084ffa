#include "shell/meta_commands.h"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <sstream>

#include "shell/audit_time.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "text/edit_distance.h"

namespace dayzero::shell {

namespace {

constexpr int kMaxReadDepth = 16;

bool usage_error(MetaCall& call, std::string_view name) {
    const MetaCommand* command = find_meta_command(name);
    call.err << "Error: usage: " << name;
    if (command && !command->args.empty()) call.err << " " << command->args;
    call.err << "\n";
    return false;
}

bool meta_help(MetaCall& call) {
    std::string topic = call.args.empty() ? "" : call.args[0];
    if (!topic.empty() && topic.front() != '.') topic.insert(topic.begin(), '.');
    constexpr size_t kUsageColumn = 40;  // longer usages put their help on the next line
    size_t width = 0;
    for (const auto& command : meta_commands()) {
        const size_t usage = command.name.size() + 1 + command.args.size();
        if (usage <= kUsageColumn) width = std::max(width, usage);
    }
    bool found = false;
    for (const auto& command : meta_commands()) {
        if (!topic.empty() && command.name != topic) continue;
        std::string usage = std::string(command.name);
        if (!command.args.empty()) usage += " " + std::string(command.args);
        if (usage.size() > width)
            call.out << usage << "\n" << std::string(width + 2, ' ');
        else
            call.out << usage << std::string(width + 2 - usage.size(), ' ');
        call.out << command.help << "\n";
        found = true;
    }
    if (!found) {
        call.err << "Error: no meta-command " << topic << " (.help lists them)\n";
        return false;
    }
    if (topic.empty()) {
        call.out << "\nStatements end with ';' and may span lines (see docs/QUERY.md);"
                    " `plot …;` draws figures (see .plot).\n";
    }
    return true;
}

bool meta_open(MetaCall& call) {
    const bool create = !call.args.empty() && call.args[0] == "--new";
    if (call.args.size() != (create ? 2u : 1u)) return usage_error(call, ".open");
    if (!call.session.open_store(call.args.back(), create, call.err)) return false;
    call.out << call.session.banner();
    return true;
}

bool meta_mode(MetaCall& call) {
    if (call.args.empty()) {
        call.out << output_mode_name(call.session.render_options().mode) << "\n";
        return true;
    }
    const auto mode = parse_output_mode(call.args[0]);
    if (call.args.size() != 1 || !mode) {
        call.err << "Error: unknown mode '" << call.args[0] << "' (expected " << output_mode_list()
                 << ")\n";
        return false;
    }
    call.session.render_options().mode = *mode;
    return true;
}

bool redirect(MetaCall& call, bool once) {
    if (call.args.size() > 1) return usage_error(call, once ? ".once" : ".output");
    if (once && call.args.empty()) return usage_error(call, ".once");
    return call.session.redirect_output(call.args.empty() ? "" : call.args[0], once, call.err);
}

bool meta_output(MetaCall& call) {
    return redirect(call, false);
}
bool meta_once(MetaCall& call) {
    return redirect(call, true);
}

bool meta_timer(MetaCall& call) {
    if (call.args.size() != 1 || (call.args[0] != "on" && call.args[0] != "off"))
        return usage_error(call, ".timer");
    call.session.set_timer(call.args[0] == "on");
    return true;
}

bool print_lines(MetaCall& call, const std::vector<std::string>& lines, std::string_view none) {
    if (lines.empty()) call.out << none << "\n";
    for (const auto& line : lines)
        call.out << line << "\n";
    return true;
}

bool meta_cohorts(MetaCall& call) {
    if (!call.session.engine()) return usage_error(call, ".open");
    return print_lines(call, call.session.engine()->describe_cohorts(), "(no cohorts defined)");
}

bool meta_defs(MetaCall& call) {
    if (!call.session.engine()) return usage_error(call, ".open");
    return print_lines(call, call.session.engine()->describe_definitions(), "(defaults)");
}

bool meta_history(MetaCall& call) {
    const auto& history = call.session.history();
    // The last entry is this `.history` itself: leave it out.
    const size_t n = history.empty() ? 0 : history.size() - 1;
    const size_t digits = std::to_string(std::max<size_t>(n, 1)).size();
    for (size_t i = 0; i < n; ++i) {
        const std::string number = std::to_string(i + 1);
        call.out << std::string(digits - number.size(), ' ') << number << "  " << history[i]
                 << "\n";
    }
    return true;
}

bool meta_read(MetaCall& call) {
    if (call.args.size() != 1) return usage_error(call, ".read");
    std::ifstream in(call.args[0]);
    if (!in) {
        call.err << "Error: cannot read '" << call.args[0] << "'\n";
        return false;
    }
    if (call.session.read_depth() >= kMaxReadDepth) {
        call.err << "Error: .read nested more than " << kMaxReadDepth << " deep (a file reading "
                 << "itself?)\n";
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    ++call.session.read_depth();
    const bool ok = call.session.run(text.str(), call.out, call.err, call.args[0]);
    --call.session.read_depth();
    return ok;
}

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool meta_asof(MetaCall& call) {
    if (call.args.empty()) {
        const store::AsOf& as_of = call.session.as_of();
        if (as_of.seq)
            call.out << "as of seq " << *as_of.seq << "\n";
        else if (as_of.recorded_at_us)
            call.out << "as of " << audit::format_instant(*as_of.recorded_at_us) << "\n";
        else
            call.out << "now\n";
        return true;
    }
    store::AsOf as_of;
    std::string value =
        call.args.size() == 2 && call.args[0] == "seq" ? call.args[1] : call.args[0];
    if (call.args.size() > 2 || (call.args.size() == 2 && call.args[0] != "seq"))
        return usage_error(call, ".asof");
    if (value == "now" || value == "off") {
        // the present: both bounds unset
    } else if (all_digits(value)) {
        as_of.seq = std::stoull(value);
    } else if (auto instant = audit::parse_instant(value, true)) {
        as_of.recorded_at_us = *instant;
    } else {
        call.err << "Error: .asof: '" << value
                 << "' is neither a sequence number nor a date/time like 2026-01-31T12:00Z\n";
        return false;
    }
    call.session.set_as_of(as_of);
    return true;
}

bool meta_quit(MetaCall& call) {
    call.session.request_quit();
    return true;
}

constexpr MetaCommand kCommands[] = {
    {".help", "[COMMAND]", "Show this list, or the usage of one meta-command", meta_help},
    {".open", "[--new] PATH",
     "Close the store and open the one at PATH (--new: create it; its parent must exist)",
     meta_open},
    {".import",
     "FILE|FOLDER... [--format auto|long|sdtm|wide] [--mapping FILE] [--day0 RULE] "
     "[--lenient] [--force] [--corrections] [--problems FILE] [--reason TEXT]",
     "Import trial files (each file atomically, and only once)", meta_import},
    {".mode", "table|csv|tsv|json|markdown|line", "Set how results are printed", meta_mode},
    {".headers", "on|off", "Show column names (table, csv, tsv)", meta_headers},
    {".nullvalue", "TEXT", "Show missing values as TEXT (default: empty)", meta_nullvalue},
    {".maxrows", "N", "Table mode: show the first and last N/2 rows of longer results (0 = all)",
     meta_maxrows},
    {".pager", "on|off", "Page results taller than the screen through $PAGER (or less -FRX)",
     meta_pager},
    {".echo", "on|off", "Print each input before running it", meta_echo},
    {".output", "[FILE]", "Send results to FILE (no FILE: back to the screen)", meta_output},
    {".once", "FILE", "Send the next result only to FILE", meta_once},
    {".timer", "on|off", "Show how long each statement took", meta_timer},
    {".tables", "[cohorts|measures|kinds|patients]",
     "What statements read (dayzero's tables): cohorts, measures, event kinds", meta_tables},
    {".schema", "", "Kinds, codes and units in the store with event and patient counts",
     meta_kinds},
    {".kinds", "", "Same as .schema", meta_kinds},
    {".patients", "", "Patients with their event counts and day ranges", meta_patients},
    {".cohorts", "", "Cohorts defined in this session", meta_cohorts},
    {".defs", "", "Definitions in force (fever threshold, episode gap, ...)", meta_defs},
    {".history", "", "Inputs run so far in this session", meta_history},
    {".read", "FILE", "Run the statements and meta-commands in FILE", meta_read},
    {".asof", "[SEQ|DATETIME|now]", "Read the store as it was at a sequence number or instant",
     meta_asof},
    {".plot",
     "timeline PATIENT | survival os|pfs [by COHORT] [to FILE.svg] | forest cox|logistic ... "
     "to FILE.svg | incidence relapse|nrm [by COHORT] to FILE.svg",
     "Draw a chart in the terminal, or an SVG file with `to`", meta_plot},
    {".shell", "COMMAND [ARGS...]", "Run a command of the operating system's shell", meta_shell},
    {".quit", "", "Leave the shell (Ctrl-D does too)", meta_quit},
    {".exit", "", "Same as .quit", meta_quit},
    {"\\q", "", "Same as .quit (psql)", meta_quit},
    {"\\d", "[NAME]", "Same as .tables (psql)", meta_tables},
    {"\\?", "[COMMAND]", "Same as .help (psql)", meta_help},
};

}  // namespace

std::span<const MetaCommand> meta_commands() {
    return kCommands;
}

const MetaCommand* find_meta_command(std::string_view name) {
    for (const auto& command : kCommands) {
        if (command.name == name) return &command;
    }
    return nullptr;
}

bool is_meta_line(std::string_view line) {
    return !line.empty() && (line.front() == '.' || line.front() == '\\');
}

bool dispatch_meta_command(SessionImpl& session, std::string_view line, std::ostream& out,
                           std::ostream& err) {
    std::vector<std::string> words = split_words(line);
    if (words.empty()) return true;
    const std::string name = words.front();
    words.erase(words.begin());
    const MetaCommand* command = find_meta_command(name);
    if (!command) {
        const MetaCommand* nearest = &kCommands[0];
        for (const auto& candidate : kCommands) {
            // Case-sensitive: meta-command names are matched exactly, so case is a difference.
            if (text::edit_distance(candidate.name, name) <
                text::edit_distance(nearest->name, name))
                nearest = &candidate;
        }
        err << "Error: unknown meta-command " << name << " (did you mean " << nearest->name
            << "? .help lists them)\n";
        return false;
    }
    MetaCall call{session, words, out, err, line};
    return command->handler(call);
}

}  // namespace dayzero::shell

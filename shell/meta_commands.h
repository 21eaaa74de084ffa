#pragma once
// The shell's meta-commands (`.help`, `.mode`, …): one table of {name, args, help, handler};
// `.help` and tab completion are generated from it.

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dayzero::shell {

class SessionImpl;

// What a handler gets: the session, the words after the command name, and the streams.
struct MetaCall {
    SessionImpl& session;
    const std::vector<std::string>& args;
    std::ostream& out;
    std::ostream& err;
    std::string_view line;  // the whole line as typed, for commands that read it themselves
};

using MetaHandler = bool (*)(MetaCall& call);

struct MetaCommand {
    std::string_view name;  // with the leading dot
    std::string_view args;  // usage of the arguments, e.g. "table|csv|tsv|json|markdown|line"
    std::string_view help;  // one line
    MetaHandler handler;
};

// Every meta-command, in the order `.help` lists them.
std::span<const MetaCommand> meta_commands();

// The command named `name` (".mode"); nullptr when there is none.
const MetaCommand* find_meta_command(std::string_view name);

// True when `line` (already trimmed on the left) is a meta-command: `.name` or psql's `\name`.
bool is_meta_line(std::string_view line);

// Parses and runs one meta-command line; an unknown command is an error naming the nearest one.
bool dispatch_meta_command(SessionImpl& session, std::string_view line, std::ostream& out,
                           std::ostream& err);

// Handlers defined outside meta_commands.cpp (store inspection and plots).
bool meta_kinds(MetaCall& call);
bool meta_patients(MetaCall& call);
bool meta_import(MetaCall& call);
bool meta_plot(MetaCall& call);
bool meta_pager(MetaCall& call);
bool meta_headers(MetaCall& call);
bool meta_echo(MetaCall& call);
bool meta_maxrows(MetaCall& call);
bool meta_nullvalue(MetaCall& call);
bool meta_shell(MetaCall& call);
bool meta_tables(MetaCall& call);

}  // namespace dayzero::shell

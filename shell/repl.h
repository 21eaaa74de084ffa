#pragma once
// The interactive loop: libedit line editing, persistent history, tab completion, multi-line
// statements, Ctrl-C to cancel input or interrupt a statement, Ctrl-D to leave.

namespace dayzero::shell {

class Session;

// Runs the REPL on the terminal until Ctrl-D or `.quit`; returns the process exit code (0).
int run_repl(Session& session);

}  // namespace dayzero::shell

#pragma once
// Showing a rendered result on the terminal as psql does: through a pager when it is taller than
// the screen, otherwise written directly; either way a Ctrl-C stops the printing at once.

#include <atomic>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace dayzero::shell {

// The pager command: $PAGER when set (set but empty: none, as psql reads it), else `less -FRX`
// when less is on the PATH, else `more`. nullopt = no pager.
std::optional<std::string> pager_command();

// True when `command` is the default pager, which shows colour escapes (less -R).
bool pager_shows_colour(const std::string& command);

// Number of lines in `text` (a final line without '\n' counts).
size_t count_lines(std::string_view text);

// Writes `text` to `out` a line at a time, stopping (with a note) as soon as `interrupt` becomes
// true. Returns false when interrupted.
bool write_interruptibly(std::string_view text, std::ostream& out,
                         const std::atomic<bool>* interrupt);

// Pipes `text` into `command` (run by /bin/sh) and waits for it to exit; a pager the user quits
// early, or a Ctrl-C, only ends the showing. False when the pager could not be started.
bool show_in_pager(std::string_view text, const std::string& command,
                   const std::atomic<bool>* interrupt);

}  // namespace dayzero::shell

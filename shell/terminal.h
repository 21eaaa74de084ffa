#pragma once
// Facts about the process's terminal that decide how the shell prints.

#include <optional>
#include <string>

namespace dayzero::shell {

// True when standard output (fd 1) / standard input (fd 0) is a terminal.
bool stdout_is_tty();
bool stdin_is_tty();
// True when standard error (fd 2) is a terminal (where progress lines go).
bool stderr_is_tty();

// Columns of the terminal on standard output, or nullopt when it is not a terminal.
std::optional<int> terminal_columns();

// Rows of the terminal on standard output, or nullopt when it is not a terminal.
std::optional<int> terminal_rows();

// Colour is used only on a terminal and never when NO_COLOR is set to a non-empty value.
bool color_wanted();

// The history file in the user's home ($HOME/.dayzero_history); empty when HOME is unset.
std::string history_file_path();

}  // namespace dayzero::shell

#pragma once
// Opening a store for the audit subcommands, with one-line errors that name the folder.

#include <memory>
#include <ostream>
#include <string>

#include "db/database.h"
#include "store/event_store.h"

namespace dayzero::shell::audit {

// Opens `path`: read-only stores must already exist; writable ones are created when
// `create` is set. On failure writes "dayzero <command>: ..." to `err` and returns null.
std::unique_ptr<store::EventStore> open_store(const std::string& path, bool read_only, bool create,
                                              const std::string& command, std::ostream& err);

// Opens `path` for writing through the one writer (created when `create` is set); on failure
// writes "dayzero <command>: ..." to `err` and returns null.
std::unique_ptr<db::Database> open_database(const std::string& path, bool create,
                                            const std::string& command, std::ostream& err);

}  // namespace dayzero::shell::audit

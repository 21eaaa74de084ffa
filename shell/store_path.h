#pragma once
// What a `--db PATH` names before anything opens it: a dayzero store, or something else the user
// is told about (with the nearby stores they may have meant), so a mistyped path never becomes a
// new empty store and no parent folder is ever created behind the user's back.

#include <string>
#include <vector>

namespace dayzero::shell {

// True when `path` is a folder holding a dayzero store (its marker file).
bool is_store_folder(const std::string& path);

// Store folders beside `path` (in its parent folder) whose names are close to its name, nearest
// first, at most three; empty when there are none.
std::vector<std::string> nearby_stores(const std::string& path);

// "" when `path` is a dayzero store; otherwise what it is instead (missing, an empty folder, a
// file, another folder), a "did you mean" for nearby stores, and how to create one.
std::string existing_store_problem(const std::string& path);

// "" when a new store may be made at `path` (by import, init, demo): its parent folder exists.
// Otherwise the reason, naming the missing folder.
std::string new_store_problem(const std::string& path);

}  // namespace dayzero::shell

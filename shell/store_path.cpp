#include "shell/store_path.h"

#include <algorithm>
#include <filesystem>

#include "store/codec.h"
#include "text/edit_distance.h"

namespace dayzero::shell {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxSuggestions = 3;

// The folder's own name, ignoring a trailing slash ("a/demo.db/" → "demo.db").
fs::path clean(const std::string& path) {
    fs::path p(path);
    if (p.filename().empty() && p.has_parent_path()) p = p.parent_path();
    return p;
}

fs::path parent_of(const fs::path& path) {
    const fs::path parent = path.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

// How the user should refer to a sibling: as they wrote the parent, or bare when they gave none.
std::string shown_sibling(const fs::path& typed, const std::string& name) {
    return typed.parent_path().empty() ? name : (typed.parent_path() / name).string();
}

}  // namespace

bool is_store_folder(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) &&
           fs::is_regular_file(fs::path(path) / store::codec::kMarkerFile, ec);
}

std::vector<std::string> nearby_stores(const std::string& path) {
    const fs::path typed = clean(path);
    const std::string name = typed.filename().string();
    // Close enough to be a slip of the keyboard, or the same name with or without ".db".
    const size_t limit = std::max<size_t>(2, name.size() / 3);
    std::vector<std::pair<size_t, std::string>> found;
    std::error_code ec;
    for (fs::directory_iterator it(parent_of(typed), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string candidate = it->path().filename().string();
        if (candidate == name || !is_store_folder(it->path().string())) continue;
        const size_t distance = text::edit_distance(candidate, name, text::LetterCase::kIgnored);
        const bool same_stem = candidate == name + ".db" || name == candidate + ".db";
        if (distance <= limit || same_stem) found.emplace_back(same_stem ? 0 : distance, candidate);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> names;
    for (const auto& [distance, candidate] : found) {
        if (names.size() == kMaxSuggestions) break;
        names.push_back(shown_sibling(typed, candidate));
    }
    return names;
}

std::string existing_store_problem(const std::string& path) {
    if (is_store_folder(path)) return "";
    std::error_code ec;
    const fs::path p(path);
    std::string what;
    if (!fs::exists(p, ec))
        what = "no dayzero store at '" + path + "' (nothing is there)";
    else if (!fs::is_directory(p, ec))
        what = "'" + path + "' is a file, not a dayzero store";
    else if (fs::is_empty(p, ec))
        what = "'" + path + "' is an empty folder, not a dayzero store";
    else
        what = "'" + path + "' is a folder but not a dayzero store (no " +
               std::string(store::codec::kMarkerFile) + " file)";
    const auto nearby = nearby_stores(path);
    if (!nearby.empty()) {
        what += "; did you mean ";
        for (size_t i = 0; i < nearby.size(); ++i)
            what += (i == 0 ? "'" : i + 1 == nearby.size() ? " or '" : ", '") + nearby[i] + "'";
        what += "?";
    } else if (!fs::exists(p, ec) || fs::is_empty(p, ec)) {
        what += "; create one with `dayzero init " + path + "` or `dayzero import --db " + path +
                " FILES`";
    }
    return what;
}

std::string new_store_problem(const std::string& path) {
    const fs::path parent = clean(path).parent_path();
    std::error_code ec;
    if (parent.empty() || fs::is_directory(parent, ec)) return "";
    if (fs::exists(parent, ec)) return "'" + parent.string() + "' is not a folder";
    return "the folder '" + parent.string() +
           "' does not exist (dayzero does not create parent folders; make it first)";
}

}  // namespace dayzero::shell

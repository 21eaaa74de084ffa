// SessionImpl's tab-completion candidates (the REPL turns them into libedit matches).
#include <algorithm>
#include <cctype>
#include <set>
#include <variant>

#include "shell/meta_commands.h"
#include "shell/result_renderer.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "text/ascii.h"

namespace dayzero::shell {

namespace {

void add_matching(std::set<std::string>& out, const std::vector<std::string>& words,
                  std::string_view prefix) {
    for (const auto& word : words) {
        if (!word.empty() && text::istarts_with(word, prefix)) out.insert(word);
    }
}

// Arguments a meta-command accepts from a fixed list.
std::vector<std::string> fixed_arguments(std::string_view command) {
    if (command == ".mode") {
        std::vector<std::string> modes;
        for (OutputMode mode : {OutputMode::kTable, OutputMode::kCsv, OutputMode::kTsv,
                                OutputMode::kJson, OutputMode::kMarkdown, OutputMode::kLine})
            modes.emplace_back(output_mode_name(mode));
        return modes;
    }
    if (command == ".timer" || command == ".pager" || command == ".headers" || command == ".echo")
        return {"on", "off"};
    if (command == ".tables" || command == "\\d")
        return {"cohorts", "measures", "kinds", "patients"};
    if (command == ".asof") return {"now", "seq"};
    if (command == ".help") {
        std::vector<std::string> names;
        for (const auto& meta : meta_commands()) {
            if (meta.name.front() == '.') names.emplace_back(meta.name.substr(1));
        }
        return names;
    }
    return {};
}

}  // namespace

const std::vector<std::string>& SessionImpl::vocabulary_words() {
    if (!database_ || !engine_) {
        vocabulary_.clear();
        return vocabulary_;
    }
    if (vocabulary_seq_ && *vocabulary_seq_ == database_->store().last_seq()) return vocabulary_;
    std::set<std::string> words;
    for (uint8_t k = store::kFirstEventKind; k <= store::kLastEventKind; ++k)
        words.emplace(store::kind_name(static_cast<store::EventKind>(k)));
    // The codes come from the `show kinds;` statement (its second column).
    const auto kinds = engine_->execute("show kinds;");
    if (!kinds.empty() && kinds.back().ok) {
        for (const auto& row : kinds.back().rows) {
            const auto* code = row.size() > 1 ? std::get_if<std::string>(&row[1]) : nullptr;
            if (code != nullptr && !code->empty()) words.insert(*code);
        }
    }
    auto patients = database_->store().patients();
    if (patients.is_ok()) words.insert(patients->begin(), patients->end());
    vocabulary_.assign(words.begin(), words.end());
    vocabulary_seq_ = database_->store().last_seq();
    return vocabulary_;
}

std::vector<std::string> SessionImpl::completions(std::string_view before, std::string_view word) {
    std::set<std::string> matches;
    const bool at_start = is_blank_text(before);
    const size_t first = before.find_first_not_of(" \t");
    const bool in_meta = first != std::string_view::npos && before[first] == '.';
    if (at_start && !word.empty() && word.front() == '.') {
        for (const auto& meta : meta_commands()) {
            if (text::istarts_with(meta.name, word)) matches.emplace(meta.name);
        }
        return {matches.begin(), matches.end()};
    }
    if (in_meta) {
        const std::vector<std::string> words = split_words(before);
        const std::string command = words.empty() ? "" : words.front();
        if (words.size() == 1) add_matching(matches, fixed_arguments(command), word);
        if (command == ".plot") {
            if (words.size() == 1)
                add_matching(matches, {"timeline", "survival", "forest", "incidence"}, word);
            else if (words.size() == 2 && words[1] == "survival")
                add_matching(matches, {"os", "pfs"}, word);
            else if (words.size() == 2 && words[1] == "forest")
                add_matching(matches, {"cox", "logistic"}, word);
            else if (words.size() == 2 && words[1] == "incidence")
                add_matching(matches, {"relapse", "nrm"}, word);
            else
                add_matching(matches, vocabulary_words(), word);
            if (engine_) add_matching(matches, engine_->cohort_names(), word);
            add_matching(matches, {"by", "to"}, word);
        }
        return {matches.begin(), matches.end()};
    }
    if (engine_) {
        // Keywords complete in lower case whatever the user typed: the language is
        // case-insensitive and lower case is how the documentation writes it.
        for (const auto& keyword : engine_->keywords()) {
            if (text::istarts_with(keyword, word)) matches.insert(keyword);
        }
        add_matching(matches, engine_->cohort_names(), word);
        add_matching(matches, engine_->measure_names(), word);
    }
    add_matching(matches, vocabulary_words(), word);
    add_matching(matches, {"plot", "timeline", "survival", "forest", "incidence"}, word);
    return {matches.begin(), matches.end()};
}

}  // namespace dayzero::shell

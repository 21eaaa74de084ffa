// `.import`: loads trial files through the importers library (importers::run_import), the same
// code path as `dayzero import`, so the shell and the command line report identically.
#include <cstdio>
#include <ostream>
#include <sstream>

#include "importers/import_runner.h"
#include "shell/meta_commands.h"
#include "shell/session_impl.h"

namespace dayzero::shell {

namespace {

// In deterministic sessions (tests) the summary's elapsed time and rate would make output differ
// from run to run: cut the line after the warnings count.
std::string without_timing(const std::string& text) {
    std::istringstream in(text);
    std::string result;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Summary: ", 0) == 0) {
            const size_t warnings = line.find(" warnings");
            if (warnings != std::string::npos) line.resize(warnings + 9);
        }
        result += line + "\n";
    }
    return result;
}

bool option_value(const std::vector<std::string>& args, size_t& i, std::string& value,
                  std::ostream& err) {
    if (i + 1 >= args.size()) {
        err << "Error: .import: " << args[i] << " needs a value\n";
        return false;
    }
    value = args[++i];
    return true;
}

}  // namespace

bool meta_import(MetaCall& call) {
    db::Database* database = call.session.database();
    if (database == nullptr) {
        call.err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    importers::RunOptions options;
    std::vector<std::string> inputs;
    for (size_t i = 0; i < call.args.size(); ++i) {
        const std::string& arg = call.args[i];
        std::string value;
        if (arg == "--format") {
            if (!option_value(call.args, i, value, call.err)) return false;
            if (!importers::parse_import_format(value, options.format)) {
                call.err << "Error: .import: unknown --format '" << value
                         << "' (expected auto, long, sdtm or wide)\n";
                return false;
            }
        } else if (arg == "--mapping") {
            if (!option_value(call.args, i, options.mapping, call.err)) return false;
        } else if (arg == "--day0") {
            if (!option_value(call.args, i, options.day0, call.err)) return false;
        } else if (arg == "--problems") {
            if (!option_value(call.args, i, options.problems_path, call.err)) return false;
        } else if (arg == "--reason") {
            if (!option_value(call.args, i, options.import.reason, call.err)) return false;
        } else if (arg == "--lenient") {
            options.import.lenient = true;
        } else if (arg == "--force") {
            options.import.force = true;
        } else if (arg == "--corrections") {
            options.import.corrections = true;
        } else if (arg.rfind("--", 0) == 0) {
            call.err << "Error: .import: unknown option '" << arg << "'\n";
            return false;
        } else {
            inputs.push_back(arg);
        }
    }
    if (options.import.corrections && options.import.reason.empty()) {
        call.err << "Error: .import: --corrections needs --reason '...' (recorded on each "
                    "amendment)\n";
        return false;
    }
    if (inputs.empty()) {
        call.err << "Error: usage: .import " << find_meta_command(".import")->args << "\n";
        return false;
    }
    const SessionOptions& session = call.session.options();
    // The importers draw their own bar on stderr; like every progress line in the shell it is
    // for people at a terminal, never for scripts (whose stderr may still be one).
    options.import.progress = call.session.shows_progress();
    std::ostringstream report;
    // The same import as `dayzero import`; the session's author and clock are the database's.
    const auto summary = database->import(inputs, options, report, call.err);
    if (const auto& note = database->read_model_note(); !note.empty())
        call.err << ".import: " << note << "\n";
    call.out << (session.fixed_clock_us ? without_timing(report.str()) : report.str());
    return summary.ok;
}

}  // namespace dayzero::shell

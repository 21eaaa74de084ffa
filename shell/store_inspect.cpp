// `.schema`/`.kinds` and `.patients`: the `show kinds;` and `show patients;` statements, so the
// meta-commands read the store the way a typed statement does (the engine's as-of point, its
// interrupt flag and progress line).
#include <string>
#include <vector>

#include "shell/meta_commands.h"
#include "shell/session_impl.h"

namespace dayzero::shell {

namespace {

bool emit_statement(MetaCall& call, const std::string& statement) {
    query::QueryEngine* engine = call.session.engine();
    if (engine == nullptr) {
        call.err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    std::vector<query::QueryResult> results;
    {
        const EngineProgress progress(call.session, call.err);
        results = engine->execute(statement);
    }
    if (results.empty()) {
        call.err << "Error: " << statement << " gave no result\n";
        return false;
    }
    return call.session.emit(results.back(), call.out, call.err);
}

}  // namespace

bool meta_kinds(MetaCall& call) {
    return emit_statement(call, "show kinds;");
}

bool meta_patients(MetaCall& call) {
    return emit_statement(call, "show patients;");
}

}  // namespace dayzero::shell

// Statements whose evaluation is still being written report so instead of failing silently.
#include "query/evaluator.h"
#include "query/query_error.h"

namespace dayzero::query {

namespace {
[[noreturn]] void pending(const char* what) {
    throw QueryError(ErrorKind::kInvalid, std::string(what) + " is not implemented yet");
}
}  // namespace

QueryResult Evaluator::grades(const CheckedStatement&) { pending("grades"); }
QueryResult Evaluator::episodes(const CheckedStatement&) { pending("episodes"); }
QueryResult Evaluator::measures(const CheckedStatement&) { pending("measures"); }
QueryResult Evaluator::patients(const CheckedStatement&) { pending("patients"); }
QueryResult Evaluator::fold(const CheckedStatement&) { pending("foldchange"); }
QueryResult Evaluator::count(const CheckedStatement&) { pending("count"); }
QueryResult Evaluator::summarize(const CheckedStatement&) { pending("summarize"); }
QueryResult Evaluator::compare(const CheckedStatement&) { pending("compare"); }
QueryResult Evaluator::table1(const CheckedStatement&) { pending("table1"); }
QueryResult Evaluator::roc(const CheckedStatement&) { pending("roc"); }
QueryResult Evaluator::survival(const CheckedStatement&) { pending("survival"); }
QueryResult Evaluator::session(const CheckedStatement&) { pending("this statement"); }
QueryResult Evaluator::history(const CheckedStatement&) { pending("history"); }
QueryResult Evaluator::correct(const CheckedStatement&) { pending("amend/retract"); }
QueryResult Evaluator::sign(const CheckedStatement&) { pending("sign"); }
QueryResult Evaluator::diff(const CheckedStatement&) { pending("diff"); }

}  // namespace dayzero::query

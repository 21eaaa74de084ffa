#include "query/parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "DayzeroQueryLexer.h"
#include "antlr4-runtime.h"
#include "query/ast_builder.h"
#include "query/query_error.h"
#include "text/ascii.h"
#include "text/suggest.h"

namespace dayzero::query {

using grammar::DayzeroQueryLexer;
using grammar::DayzeroQueryParser;

std::vector<StatementSpan> split_statements(std::string_view text, Quotes /*quotes*/) {
    std::vector<StatementSpan> spans;
    size_t begin = 0;
    bool content = false;  // anything but blanks and comments since `begin`
    size_t open_quote = std::string_view::npos;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        if (c == '\'' || c == '"') {
            content = true;
            open_quote = i;
            ++i;
            while (i < text.size()) {
                if (text[i] == c) {
                    if (i + 1 < text.size() && text[i + 1] == c) {
                        i += 2;
                        continue;
                    }
                    open_quote = std::string_view::npos;
                    break;
                }
                ++i;
            }
            continue;
        }
        if (c == ';') {
            spans.push_back({begin, i + 1, true});
            begin = i + 1;
            content = false;
            continue;
        }
        if (!std::isspace(static_cast<unsigned char>(c))) content = true;
    }
    if (content) spans.push_back({begin, text.size(), false, open_quote});
    return spans;
}

namespace {

// A readable name for a token type in "expected ..." lists.
std::string describe_token_type(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
    if (type == antlr4::Token::EOF) return "end of input";
    switch (type) {
        case DayzeroQueryLexer::IDENT:
            return "a name";
        case DayzeroQueryLexer::QIDENT:
            return "a \"quoted name\"";
        case DayzeroQueryLexer::INT:
            return "an integer";
        case DayzeroQueryLexer::DECIMAL:
            return "a number";
        case DayzeroQueryLexer::STRING:
            return "a 'string'";
        default:
            break;
    }
    const std::string literal = vocabulary.getLiteralName(type);
    if (!literal.empty()) return literal;
    return text::to_lower(vocabulary.getSymbolicName(type));
}

std::string describe_token(const antlr4::Token* token) {
    if (token == nullptr || token->getType() == antlr4::Token::EOF) return "end of input";
    return "'" + token->getText() + "'";
}

// The first syntax error of a parse: where it is, and what the parser would have accepted there.
struct FirstError {
    size_t token_index = 0;
    std::vector<size_t> expected;  // token types
};

// Thrown by the listener to stop the parse at its first error (never leaves this file).
struct ParseStopped {};

// Records the first parser error and stops the parse.
class RecordingErrorListener : public antlr4::BaseErrorListener {
  public:
    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t /*line*/,
                     size_t /*column*/, const std::string& /*msg*/, std::exception_ptr) override {
        FirstError error;
        error.token_index = offending != nullptr ? offending->getTokenIndex() : 0;
        if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
            for (const auto type : parser->getExpectedTokens().toList())
                error.expected.push_back(static_cast<size_t>(type));
        }
        first = std::move(error);
        throw ParseStopped{};
    }
    std::optional<FirstError> first;
};

// Parses the whole token stream again (after a token's type was changed); the first error, if any.
std::optional<FirstError> reparse(antlr4::CommonTokenStream& tokens) {
    tokens.seek(0);
    DayzeroQueryParser parser(&tokens);
    RecordingErrorListener listener;
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    try {
        parser.script();
    } catch (const ParseStopped&) {
    }
    return listener.first;
}

// Keyword spelling -> token type, from the lexer's vocabulary.
const std::map<std::string, size_t>& keyword_types() {
    static const std::map<std::string, size_t> types = [] {
        std::map<std::string, size_t> out;
        antlr4::ANTLRInputStream empty(std::string{});
        DayzeroQueryLexer lexer(&empty);
        const auto& vocabulary = lexer.getVocabulary();
        for (const std::string& word : language_keywords()) {
            for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
                if (text::to_lower(vocabulary.getSymbolicName(type)) == word) out[word] = type;
            }
        }
        return out;
    }();
    return types;
}

// A token a user could have meant as a keyword: a bare word (a name or a keyword).
bool is_word(const antlr4::Token* token) {
    const std::string text = token->getText();
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }) && !std::isdigit(static_cast<unsigned char>(text[0]));
}

// The keywords among `types`, spelled as the user types them.
std::vector<std::string> keywords_among(const std::vector<size_t>& types) {
    std::vector<std::string> words;
    for (const auto& [word, type] : keyword_types()) {
        if (std::find(types.begin(), types.end(), type) != types.end()) words.push_back(word);
    }
    return words;
}

// "expected X" or "expected one of: a, b, ..." with every accepted token, sorted.
std::string expected_list(const antlr4::dfa::Vocabulary& vocabulary,
                          const std::vector<size_t>& types) {
    std::vector<std::string> names;
    for (size_t type : types)
        names.push_back(describe_token_type(vocabulary, type));
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (names.empty()) return "";
    std::string out = names.size() == 1 ? ", expected " : ", expected one of: ";
    for (size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out;
}

// A word before the error that is a mistyped keyword (`episodes wher max_grade >= 3;` reads
// `wher` as a patient id and fails only at `max_grade`): the index of the last such word whose
// keyword lets the parse get past the error, with that keyword; nullopt when there is none.
std::optional<std::pair<size_t, std::string>> misread_keyword(antlr4::CommonTokenStream& tokens,
                                                              size_t error_index) {
    std::vector<std::string> all_keywords;
    for (const auto& [word, type] : keyword_types())
        all_keywords.push_back(word);
    // A mistyped keyword derails the parse within a few tokens; looking further back only costs.
    constexpr size_t kLookBack = 6;
    const size_t first = error_index > kLookBack ? error_index - kLookBack : 0;
    for (size_t j = error_index; j-- > first;) {
        auto* token = dynamic_cast<antlr4::CommonToken*>(tokens.get(j));
        if (token == nullptr || token->getType() != DayzeroQueryLexer::IDENT) continue;
        const std::string keyword = text::nearest_name(token->getText(), all_keywords);
        if (keyword.empty()) continue;
        token->setType(keyword_types().at(keyword));
        const auto retry = reparse(tokens);
        token->setType(DayzeroQueryLexer::IDENT);
        if (!retry || retry->token_index > error_index) return std::make_pair(j, keyword);
    }
    return std::nullopt;
}

// The keywords the grammar's `name` rule also accepts as names.
bool is_soft_keyword(size_t type) {
    switch (type) {
        case DayzeroQueryLexer::INFUSION:
        case DayzeroQueryLexer::ONSET:
        case DayzeroQueryLexer::DAY:
        case DayzeroQueryLexer::VALUE:
        case DayzeroQueryLexer::TEXT:
        case DayzeroQueryLexer::CODE:
        case DayzeroQueryLexer::TIME:
        case DayzeroQueryLexer::FIRST:
        case DayzeroQueryLexer::LAST:
        case DayzeroQueryLexer::SEQ:
        case DayzeroQueryLexer::TX:
        case DayzeroQueryLexer::FOLDCHANGE:
        case DayzeroQueryLexer::EPISODES:
        case DayzeroQueryLexer::COVERAGE:
            return true;
        default:
            return false;
    }
}

// Every token type the parser accepts at `index`: each is tried in place of the token there
// (ANTLR's own expected set stops at the first optional clause it skipped, so it is incomplete).
// Not for the end of input, whose set ANTLR's listener already gives whole.
std::vector<size_t> accepted_at(antlr4::CommonTokenStream& tokens, size_t index) {
    auto* token = dynamic_cast<antlr4::CommonToken*>(tokens.get(index));
    const size_t original = token->getType();
    std::vector<size_t> accepted;
    antlr4::ANTLRInputStream empty(std::string{});
    DayzeroQueryLexer lexer(&empty);
    const size_t max_type = lexer.getVocabulary().getMaxTokenType();
    for (size_t type = 1; type <= max_type; ++type) {
        if (type == DayzeroQueryLexer::ERROR_CHAR || type == DayzeroQueryLexer::WS ||
            type == DayzeroQueryLexer::LINE_COMMENT) {
            continue;
        }
        token->setType(type);
        const auto error = reparse(tokens);
        if (!error || error->token_index > index) accepted.push_back(type);
    }
    token->setType(original);
    // Where any name may come, the keywords that also serve as names add nothing to "a name".
    const auto is = [&](size_t type) {
        return std::find(accepted.begin(), accepted.end(), type) != accepted.end();
    };
    if (is(DayzeroQueryLexer::QIDENT)) {
        std::erase_if(accepted, [](size_t type) { return is_soft_keyword(type); });
    }
    return accepted;
}

// Turns the first parse error into a QueryError: the offending token (or the mistyped keyword
// before it) under the caret, a "did you mean" for a keyword, and everything that may come there.
[[noreturn]] void throw_syntax_error(antlr4::CommonTokenStream& tokens, FirstError error,
                                     const PosMapper& mapper) {
    const auto& vocabulary = DayzeroQueryParser(&tokens).getVocabulary();
    std::string hint;
    if (auto misread = misread_keyword(tokens, error.token_index)) {
        error.token_index = misread->first;
        hint = " (did you mean '" + misread->second + "'?)";
    }
    antlr4::Token* offending = tokens.get(error.token_index);
    if (offending->getType() != antlr4::Token::EOF) {
        error.expected = accepted_at(tokens, error.token_index);
    }
    if (hint.empty() && is_word(offending)) {
        const std::string keyword =
            text::nearest_name(offending->getText(), keywords_among(error.expected));
        if (!keyword.empty() && text::to_lower(offending->getText()) != keyword) {
            hint = " (did you mean '" + keyword + "'?)";
        }
    }
    const std::string message = "unexpected " + describe_token(offending) + hint +
                                expected_list(vocabulary, error.expected);
    int width = 1;
    if (offending->getType() != antlr4::Token::EOF) {
        width = std::max<int>(1, static_cast<int>(offending->getText().size()));
    }
    throw QueryError(ErrorKind::kSyntax, message,
                     mapper.map(offending->getLine(), offending->getCharPositionInLine()), width);
}

PosMapper mapper_for(std::string_view text, size_t offset) {
    PosMapper mapper;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++mapper.base_line;
            mapper.base_column = 1;
        } else {
            ++mapper.base_column;
        }
    }
    return mapper;
}

bool is_operator(size_t type) {
    switch (type) {
        case DayzeroQueryLexer::AND:
        case DayzeroQueryLexer::OR:
        case DayzeroQueryLexer::NOT:
        case DayzeroQueryLexer::LT:
        case DayzeroQueryLexer::LE:
        case DayzeroQueryLexer::GT:
        case DayzeroQueryLexer::GE:
        case DayzeroQueryLexer::EQ:
        case DayzeroQueryLexer::NE:
        case DayzeroQueryLexer::IN:
            return true;
        default:
            return false;
    }
}

// Rejects stray characters, unterminated strings and statements nested or chained too deeply
// for the recursive-descent parser, before the parser sees them.
void prescan(antlr4::CommonTokenStream& tokens, const PosMapper& mapper) {
    tokens.fill();
    int depth = 0;
    int operators = 0;
    for (antlr4::Token* token : tokens.getTokens()) {
        const size_t type = token->getType();
        const auto pos = mapper.map(token->getLine(), token->getCharPositionInLine());
        if (type == DayzeroQueryLexer::ERROR_CHAR) {
            if (token->getText() == "'") {
                throw QueryError(ErrorKind::kSyntax, "unterminated string (missing closing ')",
                                 pos);
            }
            if (token->getText() == "\"") {
                throw QueryError(ErrorKind::kSyntax,
                                 "unterminated quoted name (missing closing \")", pos);
            }
            throw QueryError(ErrorKind::kSyntax, "unexpected character '" + token->getText() + "'",
                             pos);
        }
        if (type == DayzeroQueryLexer::LPAREN && ++depth > kMaxNesting) {
            throw QueryError(ErrorKind::kSyntax,
                             "parentheses nested deeper than " + std::to_string(kMaxNesting), pos);
        }
        if (type == DayzeroQueryLexer::RPAREN) depth = std::max(0, depth - 1);
        if (is_operator(type) && ++operators > kMaxOperators) {
            throw QueryError(
                ErrorKind::kSyntax,
                "statement has more than " + std::to_string(kMaxOperators) + " operators", pos);
        }
    }
}

}  // namespace

ast::Statement parse_statement(std::string_view text, const StatementSpan& span) {
    const PosMapper mapper = mapper_for(text, span.begin);
    // The runtime decodes the statement to code points first, and throws on bytes that are not
    // UTF-8 (a file or terminal in another encoding): a syntax error at the statement instead.
    std::optional<antlr4::ANTLRInputStream> decoded;
    try {
        decoded.emplace(std::string(text.substr(span.begin, span.end - span.begin)));
    } catch (const std::range_error&) {
        size_t start = span.begin;  // where the statement's first word begins
        while (start < span.end && std::isspace(static_cast<unsigned char>(text[start])))
            ++start;
        throw QueryError(ErrorKind::kSyntax,
                         "the statement holds bytes that are not UTF-8 (names and text values "
                         "must be written in UTF-8)",
                         mapper_for(text, start).map(1, 0));
    }
    antlr4::ANTLRInputStream& input = *decoded;
    DayzeroQueryLexer lexer(&input);
    lexer.removeErrorListeners();  // ERROR_CHAR catches everything the lexer cannot match
    antlr4::CommonTokenStream tokens(&lexer);
    prescan(tokens, mapper);

    DayzeroQueryParser parser(&tokens);
    RecordingErrorListener listener;
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    DayzeroQueryParser::ScriptContext* script = nullptr;
    try {
        script = parser.script();
    } catch (const ParseStopped&) {
        throw_syntax_error(tokens, *listener.first, mapper);
    }
    const auto statements = script->statement();
    if (statements.size() != 1) {
        throw QueryError(ErrorKind::kSyntax, "expected one statement", mapper.map(1, 0));
    }
    ast::Statement statement = build_statement(statements.front(), mapper);
    statement.pos = mapper.map(1, 0);
    return statement;
}

std::string string_literal(std::string_view text) {
    std::string out = "'";
    for (const char ch : text) {
        if (ch == '\'') out += '\'';
        out += ch;
    }
    return out + "'";
}

std::vector<std::string> language_keywords() {
    std::vector<std::string> words;
    antlr4::ANTLRInputStream empty(std::string{});
    DayzeroQueryLexer lexer(&empty);
    const auto& vocabulary = lexer.getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
        const std::string symbolic = vocabulary.getSymbolicName(type);
        if (symbolic.empty() || !vocabulary.getLiteralName(type).empty()) continue;
        if (symbolic == "IDENT" || symbolic == "INT" || symbolic == "DECIMAL" ||
            symbolic == "STRING" || symbolic == "WS" || symbolic == "LINE_COMMENT" ||
            symbolic == "ERROR_CHAR" || symbolic == "NE") {
            continue;
        }
        words.push_back(text::to_lower(symbolic));
    }
    return words;
}

}  // namespace dayzero::query

#include "query/parser.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "DayzeroQueryLexer.h"
#include "antlr4-runtime.h"
#include "query/ast_builder.h"
#include "query/query_error.h"
#include "text/ascii.h"

namespace dayzero::query {

using grammar::DayzeroQueryLexer;
using grammar::DayzeroQueryParser;

std::vector<StatementSpan> split_statements(std::string_view text, Quotes quotes) {
    std::vector<StatementSpan> spans;
    size_t begin = 0;
    bool content = false;  // anything but blanks and comments since `begin`
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        if (c == '\'' || (c == '"' && quotes == Quotes::kWithShell)) {
            content = true;
            ++i;
            while (i < text.size()) {
                if (text[i] == c) {
                    if (i + 1 < text.size() && text[i + 1] == c) {
                        i += 2;
                        continue;
                    }
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
    if (content) spans.push_back({begin, text.size(), false});
    return spans;
}

namespace {

// A readable name for a token type in "expected ..." lists.
std::string describe_token_type(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
    if (type == antlr4::Token::EOF) return "end of input";
    switch (type) {
        case DayzeroQueryLexer::IDENT:
            return "a name";
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

// Turns the first parser error into a QueryError with the expected tokens spelled out.
class ThrowingErrorListener : public antlr4::BaseErrorListener {
  public:
    explicit ThrowingErrorListener(const PosMapper& mapper) : mapper_(mapper) {}

    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t column, const std::string& /*msg*/, std::exception_ptr) override {
        std::string message = "unexpected " + describe_token(offending);
        if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
            const auto expected = parser->getExpectedTokens();
            std::vector<std::string> names;
            for (size_t type : expected.toList()) {
                names.push_back(describe_token_type(parser->getVocabulary(), type));
            }
            std::sort(names.begin(), names.end());
            names.erase(std::unique(names.begin(), names.end()), names.end());
            constexpr size_t kMaxListed = 14;
            if (!names.empty()) {
                message += names.size() == 1 ? ", expected " : ", expected one of: ";
                for (size_t i = 0; i < names.size() && i < kMaxListed; ++i) {
                    message += (i ? ", " : "") + names[i];
                }
                if (names.size() > kMaxListed) message += ", ...";
            }
        }
        int width = 1;
        if (offending != nullptr && offending->getType() != antlr4::Token::EOF) {
            width = std::max<int>(1, static_cast<int>(offending->getText().size()));
        }
        throw QueryError(ErrorKind::kSyntax, message, mapper_.map(line, column), width);
    }

  private:
    PosMapper mapper_;
};

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
    antlr4::ANTLRInputStream input(std::string(text.substr(span.begin, span.end - span.begin)));
    DayzeroQueryLexer lexer(&input);
    lexer.removeErrorListeners();  // ERROR_CHAR catches everything the lexer cannot match
    antlr4::CommonTokenStream tokens(&lexer);
    prescan(tokens, mapper);

    DayzeroQueryParser parser(&tokens);
    ThrowingErrorListener listener(mapper);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    DayzeroQueryParser::ScriptContext* script = parser.script();
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

// The dayzero query language. Keywords are case-insensitive (ANTLR 4.7 has no caseInsensitive
// option, so each keyword is spelled with letter fragments). docs/QUERY.md is the reference.
grammar DayzeroQuery;

script : statement* EOF ;

// Every statement may override definitions for itself (`with`) and look into the past (`as of`).
statement : body withClause? asOfClause? SEMI ;

withClause : WITH setting (COMMA setting)* ;
asOfClause : AS OF point ;

// A point in the log's history: a sequence number, an ISO-8601 instant, or the present.
point
    : SEQ INT       # seqPoint
    | STRING        # instantPoint
    | NOW           # nowPoint
    ;

body
    : EVENTS patientRef? eventFilter*                                        # eventsStmt
    | GRADES patientRef? scope?                                              # gradesStmt
    | EPISODES patientRef? (WHERE expr)? scope?                             # episodesStmt
    | MEASURES patientRef                                                    # measuresStmt
    | COVERAGE patientRef? scope?                                            # coverageStmt
    | PATIENTS (WHERE expr)? scope? (SHOW expr (COMMA expr)*)?               # patientsStmt
    | COUNT PATIENTS (WHERE expr)? (BY expr)? scope? ciClause?               # countStmt
    | SUMMARIZE expr (COMMA expr)* (BY expr)? scope?                          # summarizeStmt
    | COHORT name EQ PATIENTS WHERE expr                                    # cohortStmt
    | DROP what=(COHORT | DEFINITION) name recordClause*                   # dropStmt
    | SAVE what=(COHORT | DEFINITION) name recordClause*                   # saveStmt
    | COMPARE expr BY expr scope? testChoice?                               # compareStmt
    | TABLE1 BY expr scope? ciClause? COLON tableItem (COMMA tableItem)*    # table1Stmt
    | FOLDCHANGE name scope?                                                # foldStmt
    | ROC expr FOR expr scope?                                              # rocStmt
    | SURVIVAL name (BY expr)? scope? (AT number (COMMA number)* unit?)?   # survivalStmt
    | SET setting                                                           # setStmt
    | RESET name?                                                           # resetStmt
    | SHOW what=(DEFINITIONS | COHORTS | MEASURES | KINDS | PATIENTS)      # showStmt
    | HISTORY (patientRef | SEQ INT | COHORTS | DEFINITIONS)                # historyStmt
    | AMEND INT amendField+ REASON STRING                                   # amendStmt
    | RETRACT INT REASON STRING                                             # retractStmt
    | SIGN TX? INT MEANING STRING (BY signer=patientRef)? signKey?          # signStmt
    | DIFF point TO point (FOR patientRef)? (ON body)?                       # diffStmt
    // Models (docs/QUERY.md, "Regression and competing risks").
    | COX name ON covariate (COMMA covariate)* scope?                        # coxStmt
    | LOGISTIC expr ON covariate (COMMA covariate)* scope?                   # logisticStmt
    | INCIDENCE name (BY expr)? scope? (AT number (COMMA number)* unit?)?    # incidenceStmt
    | CORRELATE expr COMMA expr scope? testChoice?                          # correlateStmt
    ;

// Who records a saved cohort's (definition's) change, and why; each at most once, in either
// order (the builder checks).
recordClause : BY patientRef | REASON STRING ;

// The signer's private key file (passphrase-protected PEM, docs/AUDIT.md).
signKey : USING STRING ;

// A model covariate; `ref` makes it a category with that reference level.
covariate : expr (REF literal)? ;

patientRef : name | STRING ;

// Event filters may come in any order, each at most once (the builder checks).
eventFilter : dayRange | kindFilter | codeFilter | eventTime | scope ;
dayRange   : DAYS number TO number ;
kindFilter : KINDS name (COMMA name)* ;
codeFilter : CODES name (COMMA name)* ;
eventTime
    : WITHIN quantity direction=(OF | AFTER | BEFORE) anchor   # nearAnchor
    | BETWEEN anchor AND anchor                                 # betweenAnchors
    ;
// Restricts a statement to the patients of a predicate; compare accepts several (strata).
scope : WITHIN expr (COMMA expr)* ;

// A moment in a patient's timeline.
anchor
    : INFUSION                                          # infusionAnchor
    | ONSET                                             # onsetAnchor
    | which=(FIRST | LAST) name (LPAREN name RPAREN)?   # eventAnchor
    ;

tableItem : expr (BINS LPAREN number (COMMA number)* RPAREN)? (AS name)? testChoice? ;

// The test that compares the groups, overriding the default rule (docs/STATISTICS.md).
testChoice : USING name ;
// Adds each rate's exact (Clopper-Pearson) 95 % confidence interval.
ciClause : WITH CI ;

setting
    : name quantity                                     # quantitySetting
    | name number TO number                             # rangeSetting
    | name LPAREN name (COMMA name)* RPAREN             # listSetting
    | name DEFAULT                                      # defaultSetting
    | DEFINITION name                                   # savedSetting
    ;

amendField
    : VALUE quantity         # amendValue
    | TEXT STRING            # amendText
    | DAY number             # amendDay
    | TIME STRING            # amendTime
    | CODE name              # amendCode
    ;

// Patient-level expressions: measures, cohorts, attributes, functions and conditions.
expr
    : primary                                                 # primaryExpr
    | expr op=(LT | LE | GT | GE | EQ | NE) expr              # compareExpr
    | expr NOT? IN LPAREN literal (COMMA literal)* RPAREN     # inExpr
    | NOT expr                                                # notExpr
    | expr AND expr                                           # andExpr
    | expr OR expr                                            # orExpr
    ;

primary
    : LPAREN expr RPAREN                                      # parenPrimary
    | anchor WITHIN quantity direction=(OF | AFTER | BEFORE) anchor   # temporalPrimary
    | literal                                                 # literalPrimary
    | name LPAREN (name (COMMA name)*)? RPAREN                # callPrimary
    | name                                                    # namePrimary
    ;

literal
    : quantity      # quantityLiteral
    | STRING        # stringLiteral
    | TRUE          # trueLiteral
    | FALSE         # falseLiteral
    ;

quantity : number unit? ;
number   : MINUS? (INT | DECIMAL) ;
unit     : IDENT (SLASH IDENT)? | DAYS | DAY ;

// Soft keywords may also be used as names (e.g. `kinds infusion`, a measure called `onset` or
// `episodes`); any name may be double-quoted ("episodes", "max grade").
name : IDENT | QIDENT | INFUSION | ONSET | DAY | VALUE | TEXT | CODE | TIME | FIRST | LAST | SEQ
     | TX | FOLDCHANGE | EPISODES | COVERAGE ;

// ---- Lexer ------------------------------------------------------------------------------------
AFTER      : A F T E R ;
AMEND      : A M E N D ;
AND        : A N D ;
AS         : A S ;
AT         : A T ;
BEFORE     : B E F O R E ;
BETWEEN    : B E T W E E N ;
BINS       : B I N S ;
BY         : B Y ;
CI         : C I ;
CODE       : C O D E ;
CODES      : C O D E S ;
COX        : C O X ;
COHORT     : C O H O R T ;
COHORTS    : C O H O R T S ;
COMPARE    : C O M P A R E ;
CORRELATE  : C O R R E L A T E ;
COUNT      : C O U N T ;
COVERAGE   : C O V E R A G E ;
DAY        : D A Y ;
DAYS       : D A Y S ;
DEFAULT    : D E F A U L T ;
DEFINITION : D E F I N I T I O N ;
DEFINITIONS: D E F I N I T I O N S ;
DIFF       : D I F F ;
DROP       : D R O P ;
EPISODES   : E P I S O D E S ;
EVENTS     : E V E N T S ;
FALSE      : F A L S E ;
FIRST      : F I R S T ;
FOLDCHANGE : F O L D C H A N G E ;
FOR        : F O R ;
GRADES     : G R A D E S ;
HISTORY    : H I S T O R Y ;
IN         : I N ;
INCIDENCE  : I N C I D E N C E ;
INFUSION   : I N F U S I O N ;
KINDS      : K I N D S ;
LAST       : L A S T ;
LOGISTIC   : L O G I S T I C ;
MEANING    : M E A N I N G ;
MEASURES   : M E A S U R E S ;
NOT        : N O T ;
NOW        : N O W ;
OF         : O F ;
ON         : O N ;
ONSET      : O N S E T ;
OR         : O R ;
PATIENTS   : P A T I E N T S ;
REASON     : R E A S O N ;
REF        : R E F ;
RESET      : R E S E T ;
RETRACT    : R E T R A C T ;
ROC        : R O C ;
SAVE       : S A V E ;
SEQ        : S E Q ;
SET        : S E T ;
SHOW       : S H O W ;
SIGN       : S I G N ;
SUMMARIZE  : S U M M A R I Z E ;
SURVIVAL   : S U R V I V A L ;
TABLE1     : T A B L E '1' ;
TEXT       : T E X T ;
TIME       : T I M E ;
TO         : T O ;
TRUE       : T R U E ;
TX         : T X ;
USING      : U S I N G ;
VALUE      : V A L U E ;
WHERE      : W H E R E ;
WITH       : W I T H ;
WITHIN     : W I T H I N ;

LE     : '<=' ;
GE     : '>=' ;
NE     : '!=' | '<>' ;
LT     : '<' ;
GT     : '>' ;
EQ     : '=' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA  : ',' ;
COLON  : ':' ;
SEMI   : ';' ;
SLASH  : '/' ;
MINUS  : '-' ;

// A number with a fraction or an exponent: 38.5, .5, 2., 1e5, 1.5e-3 (one token, so `1e5` is never
// the number 1 with a unit `e5`).
DECIMAL : ( [0-9]+ '.' [0-9]* | '.' [0-9]+ ) EXPONENT? | [0-9]+ EXPONENT ;
INT     : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
// Single-quoted; a doubled quote '' stands for one quote inside.
STRING  : '\'' ( ~'\'' | '\'\'' )* '\'' ;
IDENT   : [a-zA-Z_] [a-zA-Z_0-9]* ;
// A quoted name; a doubled "" stands for one " inside.
QIDENT  : '"' ( ~'"' | '""' )* '"' ;

LINE_COMMENT : '--' ~[\r\n]* -> skip ;
WS           : [ \t\r\n]+ -> skip ;
// Any other character becomes a token the parser rejects with a positioned syntax error.
ERROR_CHAR   : . ;

fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;

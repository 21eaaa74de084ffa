# The fixture block format every make_fixtures*.R script writes (read by fixture_reader.cpp):
#   case <id> <kind>
#   <field> <value> <value> ...      (numbers with 17 significant digits; NA, Inf, -Inf)
#   end
# emit() writes to the connection `con` the sourcing script opened.
fmt <- function(v) {
    if (is.logical(v)) v <- as.numeric(v)
    if (is.character(v)) return(paste(v, collapse = " "))
    vapply(v, function(x) {
        if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf")
        else sprintf("%.17g", x)
    }, "")
}
emit <- function(id, kind, fields) {
    writeLines(sprintf("case %s %s", id, kind), con)
    for (name in names(fields)) {
        writeLines(paste(c(name, fmt(fields[[name]])), collapse = " "), con)
    }
    writeLines("end", con)
}

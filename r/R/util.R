# Conditions, argument checks and tables: what every function of the package shares.

# Signals an error of class `foedus_error` naming the argument at fault.
foedus_abort <- function(argument, message, call = sys.call(-1)) {
  text <- if (nzchar(argument)) sprintf("argument `%s`: %s", argument, message) else message
  stop(structure(
    class = c(if (nzchar(argument)) "foedus_argument_error", "foedus_error", "error", "condition"),
    list(message = text, call = call, argument = argument)
  ))
}

# The answer of a .Call: the value, or the engine's error signalled as a condition.
ffi <- function(value, call = sys.call(-1)) {
  if (inherits(value, "foedus_ffi_error")) {
    foedus_abort(value$argument, value$message, call = call)
  }
  value
}

# Argument checks: the type and length R must hand to the engine. Values (a state's
# name, a date, a year's range) are checked by the engine, which names the argument.
check_string <- function(x, name, null_ok = TRUE, call = sys.call(-1)) {
  if (is.null(x) && null_ok) return(NULL)
  if (inherits(x, "Date")) x <- format(x, "%Y-%m-%d")
  if (is.factor(x)) x <- as.character(x)
  if (is.numeric(x) && length(x) == 1 && !is.na(x) && x == trunc(x)) x <- as.character(x)
  if (!is.character(x) || length(x) != 1 || is.na(x)) {
    foedus_abort(name, sprintf("found %s; expected one character string", describe(x)), call)
  }
  x
}

check_strings <- function(x, name, call = sys.call(-1)) {
  if (is.null(x)) return(character())
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x) || anyNA(x)) {
    foedus_abort(name, sprintf("found %s; expected a character vector without NA", describe(x)), call)
  }
  x
}

check_flag <- function(x, name, null_ok = FALSE, call = sys.call(-1)) {
  if (is.null(x) && null_ok) return(NULL)
  if (!is.logical(x) || length(x) != 1 || is.na(x)) {
    foedus_abort(name, sprintf("found %s; expected TRUE or FALSE", describe(x)), call)
  }
  x
}

check_number <- function(x, name, whole = FALSE, null_ok = FALSE, call = sys.call(-1)) {
  if (is.null(x) && null_ok) return(NULL)
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x) && is.finite(x) && (!whole || x == trunc(x))
  if (!ok) {
    foedus_abort(name, sprintf("found %s; expected %s", describe(x),
                               if (whole) "one whole number" else "one number"), call)
  }
  as.numeric(x)
}

# The years asked as peacesciencer's subset_years: whole numbers in increasing
# order; the engine checks their range.
check_years <- function(x, name = "subset_years", call = sys.call(-1)) {
  if (is.null(x)) return(NULL)
  if (!is.numeric(x) || length(x) < 1 || anyNA(x) || any(!is.finite(x)) || any(x != trunc(x))) {
    foedus_abort(name, sprintf("found %s; expected whole years, e.g. 1816:2016", describe(x)), call)
  }
  if (any(diff(x) <= 0)) {
    foedus_abort(name, sprintf(
      "the years are not in increasing order (%s); expected a range such as %d:%d",
      describe(x), as.integer(min(x)), as.integer(max(x))), call)
  }
  if (any(abs(x) > .Machine$integer.max)) {
    foedus_abort(name, sprintf("found %s; expected years between 1700 and 2200", describe(x)), call)
  }
  as.integer(x)
}

describe <- function(x) {
  if (is.null(x)) return("NULL")
  shown <- if (is.character(x)) encodeString(utils::head(x, 3), quote = "\"") else format(utils::head(x, 3))
  what <- paste(shown, collapse = ", ")
  if (length(x) > 3) what <- paste0(what, ", ...")
  if (length(x) == 0) what <- "nothing"
  sprintf("%s (%s of length %d)", what, class(x)[1], length(x))
}

# A list of equal-length columns as a data frame: a tibble when tibble is installed.
as_frame <- function(columns) {
  n <- if (length(columns)) length(columns[[1]]) else 0L
  note <- attr(columns, "note")
  attr(columns, "note") <- NULL
  out <- if (requireNamespace("tibble", quietly = TRUE)) {
    tibble::new_tibble(columns, nrow = n)
  } else {
    structure(columns, class = "data.frame", row.names = .set_row_names(n))
  }
  if (!is.null(note)) attr(out, "coverage_note") <- note
  out
}

# Says a table's coverage note as a message of class `foedus_coverage_note`, so that
# suppressMessages() or a handler for that class silences it; it stays on the
# result as attribute "coverage_note".
say_note <- function(note) {
  if (is.null(note)) return(invisible())
  message(structure(
    class = c("foedus_coverage_note", "message", "condition"),
    list(message = paste0("note: ", note, "\n"), call = NULL, note = note)
  ))
}

#' The coverage note a result carries
#'
#' Which datasets end before the years or the date asked (their values are then
#' missing), in the words the CLI prints; `NULL` if every year is covered.
#'
#' @param x A result of this package.
#' @export
coverage_note <- function(x) attr(x, "coverage_note", exact = TRUE)

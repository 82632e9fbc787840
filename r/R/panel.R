# Panels in peacesciencer's grammar: create_dyadyears() or create_stateyears(),
# then add_*() verbs. Every panel is built by the engine; R binds or joins columns.
#
# A panel carries attribute "foedus_request" (unit, system, years, mry, directed,
# the columns it was created with and the variables added). add_x(data) asks the
# engine for the same panel with x's variables; if data still has the rows it was
# created with (same number, identical key columns) the new columns are bound,
# else (rows filtered or reordered) they are joined on the keys with match().

#' Create a directed or undirected dyad-year panel
#'
#' Every pair of states that were members of the state system in the same year,
#' as peacesciencer's `create_dyadyears()` builds it (members on the same day
#' only: no false dyads).
#'
#' @param system `"cow"` (Correlates of War, `ccode1`, `ccode2`) or `"gw"`
#'   (Gleditsch–Ward, `gwcode1`, `gwcode2`).
#' @param mry `TRUE` extends the system to the most recently concluded year,
#'   carrying memberships past the system's last coded year forward (the result
#'   then carries a coverage note); `FALSE` stops at the last coded year (2016
#'   for COW).
#' @param directed `TRUE` for both orders of each pair; `FALSE` for one row per
#'   pair (`ccode1 < ccode2`).
#' @param subset_years The years to keep, in increasing order (e.g. `1816:2016`);
#'   `NULL` for all.
#' @param microstates Include Gleditsch–Ward microstates (`system = "gw"`).
#' @return A data frame (a tibble when tibble is installed).
#' @export
create_dyadyears <- function(system = "cow", mry = TRUE, directed = TRUE,
                             subset_years = NULL, microstates = FALSE) {
  create_panel(1L, system, mry, directed, subset_years, microstates, sys.call())
}

#' Create a state-year panel
#'
#' Every state and year of the state system, as peacesciencer's
#' `create_stateyears()` builds it.
#'
#' @inheritParams create_dyadyears
#' @return A data frame (a tibble when tibble is installed).
#' @export
create_stateyears <- function(system = "cow", mry = TRUE, subset_years = NULL,
                              microstates = FALSE) {
  create_panel(0L, system, mry, TRUE, subset_years, microstates, sys.call())
}

create_panel <- function(unit, system, mry, directed, subset_years, microstates, call) {
  request <- list(
    unit = unit,
    system = check_string(system, "system", null_ok = FALSE, call = call),
    mry = check_flag(mry, "mry", call = call),
    directed = check_flag(directed, "directed", call = call),
    subset_years = check_years(subset_years, call = call),
    microstates = check_flag(microstates, "microstates", call = call),
    added = character()
  )
  columns <- ask_panel(request, character(), call)
  attr(columns, "same_rows") <- NULL
  request$base <- names(columns)
  out <- as_frame(columns)
  say_note(coverage_note(out))
  attr(out, "foedus_request") <- request
  out
}

# The engine's panel for a request with the variables `add`, as a list of
# columns (rows outside non-contiguous subset_years dropped). With `keys` (the
# data's key columns, a named list) the engine's keys are compared with them
# without copying: if they are the same rows, the columns `skip` are not copied
# and the result has attribute same_rows = TRUE.
ask_panel <- function(request, add, call, skip = NULL, keys = NULL) {
  years <- request$subset_years
  range <- if (is.null(years)) NULL else c(years[1], years[length(years)])
  contiguous <- is.null(years) || length(years) == years[length(years)] - years[1] + 1L
  if (!contiguous) keys <- NULL
  out <- ffi(.Call(foedus_c_panel, registry(), request$unit, request$system, range,
                   request$mry, request$directed, request$microstates, add, skip, keys), call)
  columns <- out$tables[[1]]
  if (!contiguous) {
    keep <- columns[["year"]] %in% years
    note <- attr(columns, "note")
    columns <- lapply(columns, `[`, keep)
    attr(columns, "note") <- note
  }
  attr(columns, "same_rows") <- isTRUE(attr(out, "same_rows"))
  columns
}

# The request behind `data`: its attribute, else what its columns say (a data
# frame built elsewhere, e.g. by peacesciencer, or one whose attributes a base R
# subset dropped): the unit and system from the key columns, the years it spans,
# directed if any pair appears in both orders or with code1 > code2.
request_of <- function(data, call) {
  if (!is.data.frame(data)) {
    foedus_abort("data", sprintf("found %s; expected a data frame from create_dyadyears() or create_stateyears()",
                                 class(data)[1]), call)
  }
  request <- attr(data, "foedus_request", exact = TRUE)
  if (!is.null(request)) return(request)
  n <- names(data)
  keys <- list(c("ccode1", "ccode2", "year"), c("gwcode1", "gwcode2", "year"),
               c("ccode", "year"), c("gwcode", "year"))
  found <- Filter(function(k) all(k %in% n), keys)
  if (!length(found)) {
    foedus_abort("data", paste(
      "has none of the key columns of a panel: expected ccode1, ccode2, year (dyad-years),",
      "ccode, year (state-years) or their gwcode equivalents"), call)
  }
  k <- found[[1]]
  if (!nrow(data)) foedus_abort("data", "has no rows: expected a panel's rows", call)
  years <- range(data[["year"]], na.rm = TRUE)
  dyads <- length(k) == 3
  list(
    unit = if (dyads) 1L else 0L,
    system = if (startsWith(k[1], "gw")) "gw" else "cow",
    mry = TRUE,
    directed = dyads && any(data[[k[1]]] > data[[k[2]]], na.rm = TRUE),
    subset_years = seq.int(as.integer(years[1]), as.integer(years[2])),
    microstates = FALSE,
    added = character(),
    base = k
  )
}

key_names <- function(request) {
  prefix <- if (request$system == "gw") "gwcode" else "ccode"
  if (request$unit == 1L) c(paste0(prefix, 1:2), "year") else c(prefix, "year")
}

# One number per row from its integer keys (codes below 10000, years below
# 10000), for match().
key_of <- function(columns, keys) {
  k <- as.numeric(columns[[keys[1]]])
  for (name in keys[-1]) k <- k * 10000 + as.numeric(columns[[name]])
  k
}

# Adds the engine's variables `name` to `data` (see the header of this file).
add_variables <- function(data, name, call) {
  request <- request_of(data, call)
  if (name %in% request$added) {
    foedus_abort("data", sprintf("already has the %s variables: expected each added once", name), call)
  }
  keys <- key_names(request)
  missing_keys <- setdiff(keys, names(data))
  if (length(missing_keys)) {
    foedus_abort("data", sprintf("lacks the key column%s %s: expected the panel's keys (%s)",
                                 if (length(missing_keys) > 1) "s" else "",
                                 paste(missing_keys, collapse = ", "), paste(keys, collapse = ", ")), call)
  }
  skip <- union(request$base, keys)
  columns <- ask_panel(request, name, call, skip = skip,
                       keys = lapply(stats::setNames(keys, keys), function(k) data[[k]]))
  note <- attr(columns, "note")
  new <- setdiff(names(columns), skip)
  clash <- intersect(new, names(data))
  if (length(clash)) {
    foedus_abort("data", sprintf("already has the column%s %s that %s adds: expected them once",
                                 if (length(clash) > 1) "s" else "", paste(clash, collapse = ", "), name), call)
  }
  values <- if (isTRUE(attr(columns, "same_rows"))) {
    columns[new]
  } else {
    at <- match(key_of(data, keys), key_of(columns, keys))
    lapply(columns[new], `[`, at)
  }
  # As a list: bound without copying data's columns or re-checking them.
  out <- unclass(data)
  out[new] <- values
  class(out) <- class(data)
  request$added <- c(request$added, name)
  attr(out, "foedus_request") <- request
  if (!is.null(note) && !identical(note, coverage_note(data))) {
    attr(out, "coverage_note") <- note
    say_note(note)
  }
  out
}

#' Add variables to a panel
#'
#' Each `add_*()` adds one source's variables to a panel from
#' [create_dyadyears()] or [create_stateyears()], with peacesciencer's names:
#'
#' - `add_atop_alliance()`: ATOP alliance obligations of the dyad (`atop_defense`,
#'   `atop_offense`, `atop_neutral`, `atop_nonagg`, `atop_consul`, ...);
#'   `add_atop_dyadic()` the same from ATOP's dyadic file's logic.
#' - `add_dcad()`: Defense Cooperation Agreements.
#' - `add_nmc()`: National Material Capabilities (both states of a dyad).
#' - `add_cow_majors()`: COW major powers.
#' - `add_fpsim()`: alliance portfolio similarity (S scores, kappa, tau-b).
#' - `add_gml_mids()`: GML militarized interstate disputes (onset, ongoing).
#' - `add_cow_wars(type = "inter")`: COW inter-state wars.
#' - `add_peace_years()` (peacesciencer's `add_spells()`): years since the last
#'   dispute.
#' - `add_contiguity()`: COW direct contiguity (dyad-years).
#' - `add_capital_distance()`: great-circle distance between capitals.
#' - `add_democracy()`: V-Dem, Polity and UDS scores.
#' - `add_rivalries()` (`add_strategic_rivalries()`): strategic rivalries.
#'
#' The panel keeps its rows; if they were filtered or reordered, the variables are
#' joined on the key columns (`ccode1`, `ccode2`, `year`; `ccode`, `year`;
#' `gwcode*` for G-W). Years past a source's data are `NA` and the result carries
#' a coverage note, said as a message of class `foedus_coverage_note`.
#'
#' @param data A panel.
#' @return `data` with the new columns.
#' @name add_variables
NULL

#' @rdname add_variables
#' @export
add_atop_alliance <- function(data) add_variables(data, "atop", sys.call())

#' @rdname add_variables
#' @export
add_atop_dyadic <- function(data) add_variables(data, "atop-dyadic", sys.call())

#' @rdname add_variables
#' @export
add_dcad <- function(data) add_variables(data, "dcad", sys.call())

#' @rdname add_variables
#' @export
add_nmc <- function(data) add_variables(data, "nmc", sys.call())

#' @rdname add_variables
#' @export
add_cow_majors <- function(data) add_variables(data, "majors", sys.call())

#' @rdname add_variables
#' @export
add_fpsim <- function(data) add_variables(data, "fpsim", sys.call())

#' @rdname add_variables
#' @export
add_gml_mids <- function(data) add_variables(data, "gml_mids", sys.call())

#' @param type The wars: `"inter"` (inter-state), the only kind coded.
#' @rdname add_variables
#' @export
add_cow_wars <- function(data, type = "inter") {
  call <- sys.call()
  type <- check_string(type, "type", null_ok = FALSE, call = call)
  if (type != "inter") {
    foedus_abort("type", sprintf("found %s; expected \"inter\" (inter-state wars, the only kind coded)",
                                 encodeString(type, quote = "\"")), call)
  }
  add_variables(data, "cow_wars", call)
}

#' @rdname add_variables
#' @export
add_peace_years <- function(data) add_variables(data, "peace_years", sys.call())

#' @rdname add_variables
#' @export
add_spells <- function(data) add_variables(data, "peace_years", sys.call())

#' @rdname add_variables
#' @export
add_contiguity <- function(data) add_variables(data, "contiguity", sys.call())

#' @rdname add_variables
#' @export
add_capital_distance <- function(data) add_variables(data, "capital_distance", sys.call())

#' @rdname add_variables
#' @export
add_democracy <- function(data) add_variables(data, "democracy", sys.call())

#' @rdname add_variables
#' @export
add_rivalries <- function(data) add_variables(data, "rivalries", sys.call())

#' @rdname add_variables
#' @export
add_strategic_rivalries <- function(data) add_variables(data, "rivalries", sys.call())

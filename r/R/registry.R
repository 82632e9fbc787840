# The registry, opened once per session and kept (an external pointer to the
# engine's snapshot) until foedus_open() or foedus_import() replaces it.

the <- new.env(parent = emptyenv())

#' Open the foedus registry
#'
#' Opens the registry the `foedus` CLI writes and loads its snapshot, which every
#' function of the package then reads. With `db = NULL`, it is `$FOEDUS_DB` if
#' set, else the CLI's default path; a `postgres://` URL opens a PostgreSQL
#' registry. A registry that does not exist yet is created with the built-in
#' starter records (a message says so). The snapshot is kept for the session:
#' call `foedus_open()` again to see what another process wrote since.
#'
#' @param db The registry: a SQLite file path or a PostgreSQL URL; `NULL` for the
#'   default.
#' @return The location opened, invisibly.
#' @export
foedus_open <- function(db = NULL) {
  db <- check_string(db, "db")
  if (!is.null(db)) db <- path.expand(db)
  ptr <- ffi(.Call(foedus_c_open, db))
  created <- attr(ptr, "created")
  if (!is.null(created) && created >= 0) {
    message(sprintf("created the registry with %d starter agreements", created))
  }
  the$registry <- ptr
  the$db <- db
  invisible(if (is.null(db)) Sys.getenv("FOEDUS_DB", "(default)") else db)
}

#' Close the registry
#'
#' Frees the snapshot this session holds; the next call that needs it opens the
#' default registry again.
#' @export
foedus_close <- function() {
  if (!is.null(the$registry)) .Call(foedus_c_close, the$registry)
  the$registry <- NULL
  invisible()
}

#' Import a data directory into the registry
#'
#' Reads a directory laid out like the shared data (`cow/`, `atop-5.1/`, `nmc/`,
#' `gw/`, ... as `foedus import all` reads it) and writes every source it holds
#' in one transaction: all or nothing. The session then reads that registry.
#'
#' @param dir The data directory.
#' @param db The registry to write (see [foedus_open()]).
#' @return A data frame with one row per source (`source`, `version`,
#'   `unchanged`, `added`, `removed`, `changed`), invisibly; what was skipped is
#'   attribute `skipped`.
#' @export
foedus_import <- function(dir, db = NULL) {
  dir <- check_string(dir, "dir", null_ok = FALSE)
  db <- check_string(db, "db")
  if (!is.null(db)) db <- path.expand(db)
  out <- ffi(.Call(foedus_c_import, db, path.expand(dir)))
  summary <- as_frame(out$tables[[1]])
  attr(summary, "skipped") <- out$text
  foedus_open(db)
  invisible(summary)
}

# The registry of the session, opened (default location) on first use.
registry <- function() {
  if (is.null(the$registry)) foedus_open(NULL)
  the$registry
}

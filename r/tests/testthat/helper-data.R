# The shared datasets, imported once into a temporary registry for every test that
# reads real data; tests skip (saying why) when the data directory is absent.

# The repository's root, from the tests' directory (r/tests/testthat) when run in
# place, else FOEDUS_REPO.
repo_root <- function() {
  env <- Sys.getenv("FOEDUS_REPO")
  if (nzchar(env)) return(normalizePath(env))
  here <- normalizePath(file.path(getwd(), "..", "..", ".."), mustWork = FALSE)
  if (file.exists(file.path(here, "Cargo.toml"))) here else NA_character_
}

data_dir <- function() {
  env <- Sys.getenv("FOEDUS_DATA")
  if (nzchar(env)) return(env)
  root <- repo_root()
  if (is.na(root)) return(NA_character_)
  file.path(root, "..", "shared", "data")
}

has_data <- function() {
  d <- data_dir()
  !is.na(d) && dir.exists(file.path(d, "cow")) && dir.exists(file.path(d, "atop-5.1"))
}

skip_without_data <- function() {
  skip_if_not(has_data(), "the shared datasets (../shared/data, or FOEDUS_DATA) are absent")
}

test_env <- new.env()

# The registry with the shared data imported, once per test run.
shared_db <- function() {
  skip_without_data()
  if (is.null(test_env$db)) {
    db <- file.path(tempfile("foedus-test-"), "registry.sqlite")
    dir.create(dirname(db))
    suppressMessages(foedus_import(data_dir(), db = db))
    test_env$db <- db
  }
  suppressMessages(foedus_open(test_env$db))
  test_env$db
}

# The foedus CLI: FOEDUS_CLI, else the repository's debug or release build.
cli_path <- function() {
  env <- Sys.getenv("FOEDUS_CLI")
  if (nzchar(env)) return(env)
  root <- repo_root()
  if (is.na(root)) return(NA_character_)
  for (p in file.path(root, "target", c("debug", "release"), "foedus")) {
    if (file.exists(p)) return(p)
  }
  NA_character_
}

# Bad input gives an R condition naming the argument and what was expected; the
# session goes on working afterwards.

# The registry for error tests: the shared data if present, else a temporary
# registry with the starter records (never the user's default registry).
some_registry <- function() {
  if (has_data()) return(shared_db())
  db <- tempfile(fileext = ".sqlite")
  suppressMessages(foedus_open(db))
  db
}

expect_argument_error <- function(expr, argument, pattern) {
  e <- expect_error(expr, class = "foedus_argument_error")
  expect_identical(e$argument, argument)
  expect_match(conditionMessage(e), sprintf("argument `%s`", argument), fixed = TRUE)
  expect_match(conditionMessage(e), pattern)
  invisible(e)
}

test_that("panel arguments: system, years, flags", {
  some_registry()
  expect_argument_error(create_dyadyears(system = "xyz"), "system", "expected \"cow\" or \"gw\"")
  expect_argument_error(create_dyadyears(subset_years = 10000), "subset_years", "expected")
  expect_argument_error(create_stateyears(subset_years = 2000:1990), "subset_years",
                        "increasing order")
  expect_argument_error(create_stateyears(subset_years = "1990"), "subset_years",
                        "expected whole years")
  expect_argument_error(create_stateyears(subset_years = 1500:1600), "subset_years", "1700")
  expect_argument_error(create_dyadyears(mry = "yes"), "mry", "TRUE or FALSE")
  expect_argument_error(create_dyadyears(directed = NA), "directed", "TRUE or FALSE")
  expect_argument_error(add_nmc(42), "data", "data frame")
  expect_argument_error(add_cow_wars(create_stateyears(subset_years = 1900), type = "intra"),
                        "type", "inter")
})

test_that("scenario arguments: states, dates, runs, probabilities", {
  some_registry()
  expect_argument_error(obligations("Atlantis", "USA", "2020-01-01"), "attacker",
                        "unknown state")
  expect_argument_error(obligations("RUS", "Atlantis", "2020-01-01"), "target", "unknown state")
  expect_argument_error(obligations("RUS", "EST", "2020-13-45"), "date", "YYYY-MM-DD")
  expect_argument_error(obligations("RUS", "EST", 1914), "date", "one day")
  expect_argument_error(obligations("RUS", "EST", c("2020-01-01", "2021-01-01")), "date",
                        "one character string")
  expect_argument_error(obligations("RUS", "EST", "2020-01-01", provoked = "perhaps"),
                        "provoked", "yes, no or unknown")
  expect_argument_error(obligations("RUS", "EST", "2020-01-01", place = "Atlantis"),
                        "place", "unknown place")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", runs = -1), "runs",
                        "at least 1")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", runs = 0), "runs",
                        "at least 1")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", runs = "many"), "runs",
                        "whole number")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", honour = 2), "honour",
                        "2 is not a probability; expected a number from 0 to 1")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", honour = "sometimes"),
                        "honour",
                        "found `sometimes`; expected a probability from 0 to 1 or `empirical`")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", honour = TRUE), "honour",
                        "expected a probability from 0 to 1 or \"empirical\"")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01",
                                          honour = c("empirical", "0.5")),
                        "honour", "of length 2")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", honour = NA_character_),
                        "honour", "expected a probability")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", honour = "empirical",
                                          honour_by_type = c(defense = 0.5)),
                        "honour", "cannot be combined with empirical rates")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01",
                                          honour_by_type = c(loyalty = 0.5)),
                        "honour_by_type", "loyalty")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01",
                                          honour_by_type = c(offense = 1.5)),
                        "honour_by_type", "offense: 1.5 is not a probability")
  expect_argument_error(simulate_cascades("RUS", "EST", "2020-01-01", possibly = "maybe"),
                        "possibly", "found `maybe`; expected as_triggered or ignore")
})

test_that("empirical rates without wars or disputes name honour and say what to import", {
  db <- tempfile(fileext = ".sqlite")
  suppressMessages(foedus_open(db))
  on.exit(foedus_close())
  expect_argument_error(simulate_cascades("USA", "JPN", "2024-01-01", runs = 10,
                                          honour = "empirical"),
                        "honour", "decides no commitment.*import wars and disputes")
})

test_that("filter and calendar arguments", {
  some_registry()
  expect_argument_error(agreements(party = "Atlantis"), "party", "unknown state")
  expect_argument_error(agreements(family = "friendship"), "family", "unknown family")
  expect_argument_error(agreements(in_force = "yesterday"), "in_force", "YYYY-MM-DD")
  expect_argument_error(agreements(bilateral = "yes"), "bilateral", "TRUE or FALSE")
  expect_argument_error(calendar(kinds = "nope"), "kinds", "expected one of")
  expect_argument_error(calendar(from = "2030", to = "2020"), "to", "empty")
})

test_that("files: a directory that is not there, a registry that cannot be opened", {
  expect_argument_error(foedus_import(file.path(tempdir(), "no-such-dir")), "dir",
                        "not a directory")
  expect_argument_error(foedus_import(42L), "dir", "not a directory")
  # A directory is no registry file.
  expect_argument_error(foedus_open(tempdir()), "db", ".")
})

test_that("after errors, the session still answers", {
  some_registry()
  for (i in 1:3) try(create_dyadyears(system = "xyz"), silent = TRUE)
  expect_gt(nrow(agreements()), 0)
  if (has_data()) expect_gt(nrow(create_stateyears(subset_years = 1900:1901)), 0)
})

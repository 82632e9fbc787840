# Panels against what the CLI writes for the same request, the add_*() join path,
# mry and the coverage note. Real data: the shared datasets imported once.

run_cli <- function(db, ...) {
  cli <- cli_path()
  skip_if(is.na(cli), "the foedus CLI is not built (cargo build -p foedus-cli, or FOEDUS_CLI)")
  out <- suppressWarnings(system2(cli, c("--db", shQuote(db), ...), stdout = TRUE, stderr = TRUE))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop(paste(out, collapse = "\n"))
  out
}

# Column by column: the same names in the same order, integers and texts equal,
# numbers equal to the CSV's precision, NA at the same rows.
expect_same_table <- function(pkg, csv) {
  expect_identical(names(pkg), names(csv))
  expect_identical(nrow(pkg), nrow(csv))
  for (col in names(pkg)) {
    a <- pkg[[col]]
    b <- csv[[col]]
    expect_identical(is.na(a), is.na(b), label = sprintf("the NAs of %s", col))
    if (is.numeric(a)) {
      expect_equal(as.numeric(a), as.numeric(b), tolerance = 1e-12, label = col)
    } else {
      expect_identical(as.character(a), as.character(b), label = col)
    }
  }
}

test_that("a dyad-year panel with ATOP and NMC is the CLI's", {
  db <- shared_db()
  out <- tempfile(fileext = ".csv")
  run_cli(db, "panel", "dyad-year", "--from", "1990", "--to", "2000", "--add", "atop,nmc",
          "--out", shQuote(out))
  csv <- read.csv(out, stringsAsFactors = FALSE)
  pkg <- create_dyadyears(subset_years = 1990:2000) |> add_atop_alliance() |> add_nmc()
  expect_true(is.integer(pkg$ccode1) && is.integer(pkg$year))
  expect_same_table(as.data.frame(pkg), csv)
})

test_that("a state-year panel with majors and NMC is the CLI's, and so is G-W", {
  db <- shared_db()
  out <- tempfile(fileext = ".csv")
  run_cli(db, "panel", "state-year", "--from", "1900", "--to", "1950", "--add", "majors,nmc",
          "--out", shQuote(out))
  pkg <- create_stateyears(subset_years = 1900:1950) |> add_cow_majors() |> add_nmc()
  expect_same_table(as.data.frame(pkg), read.csv(out, stringsAsFactors = FALSE))

  skip_if_not(dir.exists(file.path(data_dir(), "gw")), "the G-W data are absent")
  run_cli(db, "panel", "dyad-year", "--system", "gw", "--undirected", "--from", "1950",
          "--to", "1960", "--out", shQuote(out))
  gw <- create_dyadyears(system = "gw", directed = FALSE, subset_years = 1950:1960)
  expect_true(all(gw$gwcode1 < gw$gwcode2))
  expect_same_table(as.data.frame(gw), read.csv(out, stringsAsFactors = FALSE))
})

test_that("variables added one by one equal the panel asked at once, in any order", {
  shared_db()
  a <- create_dyadyears(subset_years = 1960:1965) |> add_nmc() |> add_atop_alliance()
  b <- create_dyadyears(subset_years = 1960:1965) |> add_atop_alliance() |> add_nmc()
  expect_setequal(names(a), names(b))
  for (col in names(b)) expect_identical(a[[col]], b[[col]], label = col)
})

test_that("after rows are filtered or reordered, add_*() joins on the keys", {
  shared_db()
  full <- create_dyadyears(subset_years = 1980:1990) |> add_atop_alliance() |> add_nmc()
  base <- create_dyadyears(subset_years = 1980:1990) |> add_atop_alliance()
  set.seed(18)
  rows <- sample(nrow(base), 5000)
  # Attributes kept (a subset that keeps them) and dropped (a plain data frame).
  kept <- base[rows, ]
  attr(kept, "foedus_request") <- attr(base, "foedus_request")
  plain <- as.data.frame(base)[rows, ]
  attr(plain, "foedus_request") <- NULL
  for (d in list(kept, plain)) {
    got <- add_nmc(d)
    expect_identical(nrow(got), length(rows))
    for (col in c("ccode1", "ccode2", "year", "cinc1", "milex2", "tpop1", "atop_defense")) {
      expect_identical(got[[col]], full[[col]][rows], label = col)
    }
  }
})

test_that("a key the panel does not have gets NA, and a panel without keys is refused", {
  shared_db()
  d <- create_stateyears(subset_years = 1950:1951)
  d$ccode[1] <- 9999L
  got <- add_nmc(d)
  expect_true(is.na(got$cinc[1]))
  expect_false(anyNA(got$ccode))
  e <- expect_error(add_nmc(data.frame(a = 1)), class = "foedus_argument_error")
  expect_identical(e$argument, "data")
})

test_that("subset_years that are not a range keep only those years", {
  shared_db()
  d <- create_stateyears(subset_years = c(1900L, 1950L, 2000L)) |> add_nmc()
  expect_setequal(unique(d$year), c(1900L, 1950L, 2000L))
  all <- create_stateyears(subset_years = 1900:2000) |> add_nmc()
  keep <- all$year %in% c(1900L, 1950L, 2000L)
  expect_identical(d$cinc, all$cinc[keep])
})

test_that("mry carries the system to the last concluded year with a note; FALSE stops at 2016", {
  shared_db()
  coded <- create_stateyears(mry = FALSE)
  expect_identical(max(coded$year), 2016L)
  expect_null(coverage_note(coded))
  expect_message(now <- create_stateyears(mry = TRUE), class = "foedus_coverage_note")
  this_year <- as.integer(format(Sys.Date(), "%Y"))
  expect_identical(max(now$year), this_year - 1L)
  expect_match(coverage_note(now), "cow-states")
  expect_silent(suppressMessages(create_stateyears()))
})

test_that("fpsim, majors, contiguity and the history variables add to dyad-years", {
  shared_db()
  d <- create_dyadyears(subset_years = 1990:1991, directed = FALSE) |> add_fpsim()
  expect_true(any(grepl("^kappa|^taub|^srs|^sally|^pally|^kally", names(d))))
  d <- suppressMessages(d |> add_cow_majors() |> add_gml_mids() |> add_contiguity() |>
    add_capital_distance() |> add_democracy() |> add_peace_years() |> add_rivalries())
  expect_true(all(c("cowmaj1", "cowmaj2", "conttype", "capdist") %in% names(d)))
  expect_error(add_nmc(add_nmc(create_stateyears(subset_years = 1990:1991))),
               class = "foedus_argument_error")
})

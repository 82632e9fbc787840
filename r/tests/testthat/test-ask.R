# The registry's questions against the CLI's answers to the same question.

test_that("obligations on an attack are the CLI's", {
  db <- shared_db()
  cli <- cli_path()
  skip_if(is.na(cli), "the foedus CLI is not built (cargo build -p foedus-cli, or FOEDUS_CLI)")
  pkg <- obligations("RUS", "EST", "2024-03-01")
  out <- system2(cli, c("--db", shQuote(db), "obligations", "--attacker", "RUS", "--target", "EST",
                        "--date", "2024-03-01", "--format", "csv"), stdout = TRUE, stderr = FALSE)
  csv <- read.csv(text = out, stringsAsFactors = FALSE)
  expect_gt(nrow(pkg), 0)
  # The same table: the same columns, and the same rows in any order.
  expect_identical(names(pkg), names(csv))
  key <- function(t) sort(paste(t$group, t$obligor, t$obligor_abb, t$beneficiary,
                                t$beneficiary_abb, t$kind, t$agreement, t$verdict))
  expect_identical(key(pkg), key(csv))
  expect_true(is.integer(pkg$obligor) && is.logical(pkg$certainly_in_force))
})

test_that("a simulation is reproducible by seed and carries its assumptions", {
  shared_db()
  a <- simulate_cascades("RUS", "EST", "2024-03-01", runs = 500, seed = 7)
  b <- simulate_cascades("RUS", "EST", "2024-03-01", runs = 500, seed = 7)
  expect_identical(a, b)
  expect_true(all(a$target_side >= 0 & a$target_side <= 1))
  expect_gt(length(attr(a, "assumptions")), 0)
  # Honouring nothing, no third state joins either side.
  none <- simulate_cascades("RUS", "EST", "2024-03-01", runs = 500, honour = 0)
  others <- none[!none$stateabb %in% c("RUS", "EST"), ]
  expect_true(all(others$target_side == 0 & others$attacker_side == 0))
  # Both spellings of `possibly` and probabilities by type, as the CLI reads them.
  upper <- simulate_cascades("RUS", "EST", "2024-03-01", runs = 100, possibly = "as-triggered",
                             honour_by_type = c(defense = 0.9, " nonagg " = 0.1))
  lower <- simulate_cascades("RUS", "EST", "2024-03-01", runs = 100, possibly = "ignore",
                             honour_by_type = c(defense = 0.9, " nonagg " = 0.1))
  expect_gt(nrow(upper), 0)
  expect_identical(names(lower), names(upper))
  # Probabilities given: said so, and no empirical rate.
  expect_identical(attr(upper, "honour"),
                   "defense 0.9, offense 0.75, neutrality 0.75, nonaggression 0.1")
  expect_identical(nrow(attr(upper, "rates")), 0L)
  expect_true("probability" %in% names(attr(upper, "rates")))
})

test_that("empirical rates are the reliability record's, as the CLI draws them", {
  db <- shared_db()
  cli <- cli_path()
  skip_if(is.na(cli), "the foedus CLI is not built (cargo build -p foedus-cli, or FOEDUS_CLI)")
  pkg <- simulate_cascades("GMY", "RUS", "1914-08-01", runs = 300, seed = 3,
                           honour = "empirical")
  expect_match(attr(pkg, "honour"),
               "^empirical rates \\(from the reliability record .*; by type in pre-1945: defense ")
  expect_true(any(grepl("estimates from the reliability record", attr(pkg, "assumptions"))))
  rates <- attr(pkg, "rates")
  expect_gt(nrow(rates), 0)
  expect_true(is.integer(rates$obligor) && is.double(rates$probability))
  expect_true(all(rates$probability > 0 & rates$probability <= 1))
  # The CLI's table of the same simulation: the same commitments and rates.
  out <- system2(cli, c("--db", shQuote(db), "simulate", "--attacker", "GMY", "--target", "RUS",
                        "--date", "1914-08-01", "--runs", "300", "--seed", "3",
                        "--honour", "empirical"), stdout = TRUE, stderr = FALSE)
  expect_true(any(grepl(attr(pkg, "honour"), out, fixed = TRUE)))
  listed <- out[seq(which(grepl("^Honouring rates drawn with", out)) + 2, length(out))]
  expect_identical(length(listed), nrow(rates))
  for (i in seq_len(nrow(rates))) {
    line <- sprintf("%s\\s+%s\\s+%s\\s.*\\s%.1f%%\\s", rates$obligor_abb[i],
                    rates$beneficiary_abb[i], rates$kind[i], 100 * rates$probability[i])
    expect_true(any(grepl(line, listed)), info = line)
  }
  # The word as typed, in any case; the same seed, the same odds.
  again <- simulate_cascades("GMY", "RUS", "1914-08-01", runs = 300, seed = 3,
                             honour = "Empirical")
  expect_identical(again$target_side, pkg$target_side)
})

test_that("agreements and the calendar are the CLI's", {
  db <- shared_db()
  cli <- cli_path()
  skip_if(is.na(cli), "the foedus CLI is not built (cargo build -p foedus-cli, or FOEDUS_CLI)")
  pkg <- agreements(party = "USA", in_force = "2000-01-01", family = "mutual_defense")
  expect_gt(nrow(pkg), 0)
  expect_true(all(grepl("(^|,)2(,|$)", pkg$parties)))
  cal <- calendar(from = "2025-01-01", to = "2027-12-31")
  expect_true(all(cal$earliest[nzchar(cal$earliest)] <= "2027-12-31"))
  kinds <- unique(cal$kind)
  if (length(kinds)) {
    one <- calendar(from = "2025-01-01", to = "2027-12-31", kinds = kinds[1])
    expect_identical(nrow(one), sum(cal$kind == kinds[1]))
  }
})

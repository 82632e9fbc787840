# The R peer of `foedus panel dyad-year --add atop,majors,nmc`: the steps
# peacesciencer's create_dyadyears() and add_*() follow, with dplyr and tidyr
# (Debian: r-base-core r-cran-dplyr r-cran-tidyr). It builds the full directed
# COW dyad-year panel with ATOP (the directed dyad-year file peacesciencer ships),
# COW major powers and NMC, and prints how long each step took.
#
# Usage: Rscript peers/panel.R DATA_DIR [FIRST_YEAR LAST_YEAR] [OUT.rds|OUT.csv|-] [history]
# (an OUT.csv is written with readr::write_csv, r-cran-readr)
#
# Sourced (`source("peers/panel.R")`), it only defines its steps as functions, so
# that a benchmark can read the CSVs first and time the joins in-process
# (bench/r-package.sh): read_states(), read_atop(), read_majors(), read_nmc(),
# read_history() read; create_dyadyears_peer(), add_atop_peer(), add_majors_peer(),
# add_nmc_peer() and add_history_peer() compute.
#
# With `history` as the fifth argument it also joins what issue 15 adds, as
# peacesciencer's add_gml_mids(), add_contiguity(), add_capital_distance() and
# add_democracy() do: GML dispute onsets and ongoing disputes (directed
# dispute-years), direct contiguity, great-circle distance between capitals
# (radius 6,378.137 km) and V-Dem, Polity and UDS scores for both states.
suppressMessages({
  library(dplyr)
  library(tidyr)
})

read_states <- function(data) read.csv(file.path(data, "cow/states2016.csv"))
read_atop <- function(data) read.csv(file.path(data, "atop-5.1/reference-ddyr.csv"))
read_majors <- function(data) read.csv(file.path(data, "cow/majors2016.csv"))
read_nmc <- function(data) read.csv(file.path(data, "nmc/NMC-60-abridged.csv"))
read_history <- function(data) list(
  mids = read.csv(file.path(data, "gml-mid-2.2.1/gml-dirdisp-2.2.1.csv")),
  cont = read.csv(file.path(data, "cow/contiguity-direct-3.2.csv")),
  caps = read.csv(file.path(data, "cow/capitals.csv")),
  dem = read.csv(file.path(data, "democracy/ccode-democracy.csv"))
)

# 1. Expand state-system spells into state-years, each with the days it covers.
# 2. Pair every two members of a year, both orders; drop false dyads (never members on the same day).
create_dyadyears_peer <- function(states, first, last) {
  states <- states %>%
    mutate(st = as.Date(sprintf("%04d-%02d-%02d", styear, stmonth, stday)),
           en = as.Date(sprintf("%04d-%02d-%02d", endyear, endmonth, endday)))
  state_years <- states %>%
    mutate(year = mapply(seq, styear, endyear, SIMPLIFY = FALSE)) %>%
    unnest(year) %>%
    filter(year >= first, year <= last) %>%
    mutate(from = pmax(st, as.Date(sprintf("%04d-01-01", year))),
           to = pmin(en, as.Date(sprintf("%04d-12-31", year)))) %>%
    select(ccode, year, from, to)
  inner_join(state_years, state_years, by = "year", suffix = c("1", "2"),
             relationship = "many-to-many") %>%
    filter(ccode1 != ccode2, from1 <= to2, from2 <= to1) %>%
    distinct(ccode1, ccode2, year)
}

# 3. ATOP: join the directed dyad-years; 0 where no alliance, within ATOP's years.
add_atop_peer <- function(dyads, atop) {
  dyads %>%
    left_join(atop, by = c("ccode1", "ccode2", "year")) %>%
    mutate(atop_alliance = ifelse(year >= 1815 & year <= 2018, as.integer(!is.na(atop_defense)), NA),
           across(c(atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul),
                  ~ ifelse(year >= 1815 & year <= 2018, coalesce(.x, 0L), NA)))
}

# 4. COW major powers, expanded to years.
add_majors_peer <- function(dyads, majors) {
  majors <- majors %>%
    mutate(year = mapply(seq, styear, endyear, SIMPLIFY = FALSE)) %>%
    unnest(year) %>%
    distinct(ccode, year) %>%
    mutate(cowmaj = 1L)
  dyads %>%
    left_join(rename(majors, ccode1 = ccode, cowmaj1 = cowmaj), by = c("ccode1", "year")) %>%
    left_join(rename(majors, ccode2 = ccode, cowmaj2 = cowmaj), by = c("ccode2", "year")) %>%
    mutate(cowmaj1 = coalesce(cowmaj1, 0L), cowmaj2 = coalesce(cowmaj2, 0L))
}

# 5. NMC for both states (-9 is missing).
add_nmc_peer <- function(dyads, nmc) {
  nmc <- nmc %>%
    select(ccode, year, milex, milper, irst, pec, tpop, upop, cinc) %>%
    mutate(across(c(milex, milper, irst, pec, tpop, upop, cinc), ~ ifelse(.x == -9, NA, .x)))
  dyads %>%
    left_join(rename_with(nmc, ~ paste0(.x, "1"), -year), by = c("ccode1", "year")) %>%
    left_join(rename_with(nmc, ~ paste0(.x, "2"), -year), by = c("ccode2", "year")) %>%
    arrange(year, ccode1, ccode2)
}

add_history_peer <- function(dyads, h) {
  # 6. GML MIDs: onset and ongoing per directed dyad-year (a dyad may have several disputes in a year).
  mids <- h$mids %>%
    group_by(ccode1, ccode2, year) %>%
    summarise(gmlmidonset = max(midonset), gmlmidongoing = max(midongoing), .groups = "drop")
  dyads <- dyads %>%
    left_join(mids, by = c("ccode1", "ccode2", "year")) %>%
    mutate(across(c(gmlmidonset, gmlmidongoing), ~ ifelse(year <= 2010, coalesce(.x, 0L), NA)))
  # 7. Direct contiguity: the closest type of any spell in the year, 0 if none.
  cont <- h$cont %>%
    mutate(sy = as.integer(substr(stdate, 1, 4)), ey = as.integer(substr(enddate, 1, 4))) %>%
    mutate(year = mapply(seq, sy, ey, SIMPLIFY = FALSE)) %>%
    unnest(year) %>%
    group_by(ccode1, ccode2, year) %>%
    summarise(conttype = min(conttype), .groups = "drop")
  dyads <- dyads %>%
    left_join(cont, by = c("ccode1", "ccode2", "year")) %>%
    mutate(conttype = ifelse(year <= 2016, coalesce(conttype, 0L), NA))
  # 8. Capital distance: each state's capital of the year, great-circle kilometres.
  caps <- h$caps %>%
    mutate(sy = as.integer(substr(stdate, 1, 4)), ey = as.integer(substr(enddate, 1, 4))) %>%
    mutate(year = mapply(seq, sy, ey, SIMPLIFY = FALSE)) %>%
    unnest(year) %>%
    group_by(ccode, year) %>%
    slice_max(sy, n = 1, with_ties = FALSE) %>%
    ungroup() %>%
    select(ccode, year, lat, lng)
  rad <- pi / 180
  dyads <- dyads %>%
    left_join(rename(caps, ccode1 = ccode, lat1 = lat, lng1 = lng), by = c("ccode1", "year")) %>%
    left_join(rename(caps, ccode2 = ccode, lat2 = lat, lng2 = lng), by = c("ccode2", "year")) %>%
    mutate(capdist = 6378.137 * 2 * asin(pmin(1, sqrt(sin((lat2 - lat1) * rad / 2)^2 +
             cos(lat1 * rad) * cos(lat2 * rad) * sin((lng2 - lng1) * rad / 2)^2)))) %>%
    select(-lat1, -lng1, -lat2, -lng2)
  # 9. Democracy for both states.
  dem <- h$dem
  dyads <- dyads %>%
    left_join(rename(dem, ccode1 = ccode, v2x_polyarchy1 = v2x_polyarchy, polity21 = polity2, xm_qudsest1 = xm_qudsest),
              by = c("ccode1", "year")) %>%
    left_join(rename(dem, ccode2 = ccode, v2x_polyarchy2 = v2x_polyarchy, polity22 = polity2, xm_qudsest2 = xm_qudsest),
              by = c("ccode2", "year"))
  dyads
}

# Run as a script (not sourced): the steps timed as before, each with its reading.
if (sys.nframe() == 0L) {
  args <- commandArgs(trailingOnly = TRUE)
  data <- if (length(args) >= 1) args[1] else "../shared/data"
  first <- if (length(args) >= 3) as.integer(args[2]) else 1816L
  last <- if (length(args) >= 3) as.integer(args[3]) else 2016L
  out <- if (length(args) >= 4 && args[4] != "-") args[4] else NA
  history <- length(args) >= 5 && args[5] == "history"

  clock <- function() as.numeric(Sys.time())
  t0 <- clock()
  dyads <- create_dyadyears_peer(read_states(data), first, last)
  t1 <- clock()
  dyads <- add_atop_peer(dyads, read_atop(data))
  t2 <- clock()
  dyads <- add_nmc_peer(add_majors_peer(dyads, read_majors(data)), read_nmc(data))
  t3 <- clock()
  if (history) {
    dyads <- add_history_peer(dyads, read_history(data))
    t4 <- clock()
    cat(sprintf("add_gml_mids_contiguity_capdist_democracy %.2f s\n", t4 - t3))
    t3 <- t4
  }

  cat(sprintf("rows %d\n", nrow(dyads)))
  cat(sprintf("create_dyadyears %.2f s\n", t1 - t0))
  cat(sprintf("add_atop %.2f s\n", t2 - t1))
  cat(sprintf("add_majors_and_nmc %.2f s\n", t3 - t2))
  cat(sprintf("total %.2f s\n", t3 - t0))
  if (!is.na(out) && grepl("[.]csv$", out)) {
    readr::write_csv(dyads, out, na = "")
    cat(sprintf("write_csv %.2f s\n", clock() - t3))
  } else if (!is.na(out)) {
    saveRDS(dyads, out, compress = FALSE)
    cat(sprintf("saveRDS %.2f s\n", clock() - t3))
  }
}

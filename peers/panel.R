# The R peer of `foedus panel dyad-year --add atop,majors,nmc`: the steps
# peacesciencer's create_dyadyears() and add_*() follow, with dplyr and tidyr
# (Debian: r-base-core r-cran-dplyr r-cran-tidyr). It builds the full directed
# COW dyad-year panel with ATOP (the directed dyad-year file peacesciencer ships),
# COW major powers and NMC, and prints how long each step took.
#
# Usage: Rscript peers/panel.R DATA_DIR [FIRST_YEAR LAST_YEAR] [OUT.rds]
suppressMessages({
  library(dplyr)
  library(tidyr)
})

args <- commandArgs(trailingOnly = TRUE)
data <- if (length(args) >= 1) args[1] else "../shared/data"
first <- if (length(args) >= 3) as.integer(args[2]) else 1816L
last <- if (length(args) >= 3) as.integer(args[3]) else 2016L
out <- if (length(args) >= 4) args[4] else NA

clock <- function() as.numeric(Sys.time())
t0 <- clock()

# 1. Expand state-system spells into state-years, each with the days it covers.
states <- read.csv(file.path(data, "cow/states2016.csv")) %>%
  mutate(st = as.Date(sprintf("%04d-%02d-%02d", styear, stmonth, stday)),
         en = as.Date(sprintf("%04d-%02d-%02d", endyear, endmonth, endday)))
state_years <- states %>%
  mutate(year = mapply(seq, styear, endyear, SIMPLIFY = FALSE)) %>%
  unnest(year) %>%
  filter(year >= first, year <= last) %>%
  mutate(from = pmax(st, as.Date(sprintf("%04d-01-01", year))),
         to = pmin(en, as.Date(sprintf("%04d-12-31", year)))) %>%
  select(ccode, year, from, to)

# 2. Pair every two members of a year, both orders; drop false dyads (never members on the same day).
dyads <- inner_join(state_years, state_years, by = "year", suffix = c("1", "2"),
                    relationship = "many-to-many") %>%
  filter(ccode1 != ccode2, from1 <= to2, from2 <= to1) %>%
  distinct(ccode1, ccode2, year)
t1 <- clock()

# 3. ATOP: join the directed dyad-years; 0 where no alliance, within ATOP's years.
atop <- read.csv(file.path(data, "atop-5.1/reference-ddyr.csv"))
dyads <- dyads %>%
  left_join(atop, by = c("ccode1", "ccode2", "year")) %>%
  mutate(atop_alliance = ifelse(year >= 1815 & year <= 2018, as.integer(!is.na(atop_defense)), NA),
         across(c(atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul),
                ~ ifelse(year >= 1815 & year <= 2018, coalesce(.x, 0L), NA)))
t2 <- clock()

# 4. COW major powers, expanded to years.
majors <- read.csv(file.path(data, "cow/majors2016.csv")) %>%
  mutate(year = mapply(seq, styear, endyear, SIMPLIFY = FALSE)) %>%
  unnest(year) %>%
  distinct(ccode, year) %>%
  mutate(cowmaj = 1L)
dyads <- dyads %>%
  left_join(rename(majors, ccode1 = ccode, cowmaj1 = cowmaj), by = c("ccode1", "year")) %>%
  left_join(rename(majors, ccode2 = ccode, cowmaj2 = cowmaj), by = c("ccode2", "year")) %>%
  mutate(cowmaj1 = coalesce(cowmaj1, 0L), cowmaj2 = coalesce(cowmaj2, 0L))

# 5. NMC for both states (-9 is missing).
nmc <- read.csv(file.path(data, "nmc/NMC-60-abridged.csv")) %>%
  select(ccode, year, milex, milper, irst, pec, tpop, upop, cinc) %>%
  mutate(across(c(milex, milper, irst, pec, tpop, upop, cinc), ~ ifelse(.x == -9, NA, .x)))
dyads <- dyads %>%
  left_join(rename_with(nmc, ~ paste0(.x, "1"), -year), by = c("ccode1", "year")) %>%
  left_join(rename_with(nmc, ~ paste0(.x, "2"), -year), by = c("ccode2", "year")) %>%
  arrange(year, ccode1, ccode2)
t3 <- clock()

cat(sprintf("rows %d\n", nrow(dyads)))
cat(sprintf("create_dyadyears %.2f s\n", t1 - t0))
cat(sprintf("add_atop %.2f s\n", t2 - t1))
cat(sprintf("add_majors_and_nmc %.2f s\n", t3 - t2))
cat(sprintf("total %.2f s\n", t3 - t0))
if (!is.na(out)) {
  saveRDS(dyads, out, compress = FALSE)
  cat(sprintf("saveRDS %.2f s\n", clock() - t3))
}

# The registry's questions, as the CLI's `obligations`, `simulate`, `list` and
# `calendar` ask them: arguments checked for type here, answered by the engine.

scenario_args <- function(attacker, target, date, place, provoked, attackers, requested, call) {
  list(
    attacker = check_string(attacker, "attacker", null_ok = FALSE, call = call),
    target = check_string(target, "target", null_ok = FALSE, call = call),
    date = check_string(date, "date", null_ok = FALSE, call = call),
    place = check_strings(place, "place", call = call),
    provoked = tri(provoked, "provoked", call),
    attackers = if (is.null(attackers)) NULL else
      check_number(attackers, "attackers", whole = TRUE, call = call),
    requested = tri(requested, "requested", call)
  )
}

# yes / no / unknown, also TRUE / FALSE / NA.
tri <- function(x, name, call) {
  if (is.null(x)) return(NULL)
  if (is.logical(x) && length(x) == 1) return(if (is.na(x)) "unknown" else if (x) "yes" else "no")
  check_string(x, name, call = call)
}

# A table the engine answered with, as a data frame, its note said.
answer <- function(out, i = 1L) {
  frame <- as_frame(out$tables[[i]])
  say_note(coverage_note(frame))
  frame
}

#' Who is bound by an attack
#'
#' The obligations an attack by `attacker` on `target` on `date` triggers,
#' possibly triggers, or leaves untriggered, judged by each obligation's
#' conditions as `foedus obligations` judges them: one row per obligation, in the
#' groups `act`, `stay_out`, `consult` and `between_belligerents`.
#'
#' @param attacker,target States: a COW number, a COW abbreviation (`"USA"`), an
#'   ISO alpha-3 code, a name or an alias.
#' @param date The day of the attack: a `Date` or `"YYYY-MM-DD"`, or `"today"`.
#' @param place Where the attack happens (region names), if known.
#' @param provoked,requested Whether the attack was provoked, and assistance
#'   requested: `"yes"`, `"no"`, `"unknown"` (or `TRUE`, `FALSE`, `NA`); `NULL`
#'   is unknown.
#' @param attackers How many states attack (the attacker included), if known.
#' @return A data frame: `group`, `obligor`, `obligor_abb`, `beneficiary`,
#'   `beneficiary_abb`, `side`, `kind`, `agreement`, `title`, `clause`,
#'   `verdict`, `reasons`, `duty`, `certainly_in_force`.
#' @export
obligations <- function(attacker, target, date, place = NULL, provoked = NULL,
                        attackers = NULL, requested = NULL) {
  call <- sys.call()
  a <- scenario_args(attacker, target, date, place, provoked, attackers, requested, call)
  answer(ffi(.Call(foedus_c_obligations, registry(), a$attacker, a$target, a$date, a$place,
                   a$provoked, a$attackers, a$requested), call))
}

#' Simulate escalation cascades
#'
#' Runs the attack many times: each triggered commitment is honoured with its
#' probability, and states that join trigger the commitments owed to them. The
#' result is each state's odds of joining either side, the most likely first;
#' the model's assumptions are attribute `assumptions`, and how commitments were
#' honoured, in words, attribute `honour`. The same seed gives the same result.
#'
#' @inheritParams obligations
#' @param runs Number of runs (1 to the engine's maximum).
#' @param seed The seed, a whole number.
#' @param honour Probability that a triggered commitment is honoured; or
#'   `"empirical"`: each commitment's rate from the reliability record of the
#'   registry's wars and disputes (its type's rate in the attack's era, shrunk
#'   toward its agreements' own record), as `foedus simulate --honour empirical`
#'   draws it. Wars and disputes must be imported (`foedus_import()` of the
#'   shared data, or COW wars and GML disputes); `honour_by_type` cannot be
#'   combined with it.
#' @param honour_by_type Probabilities by kind overriding `honour`, a named
#'   numeric vector: `c(defense = 0.9, offense = 0.5, neutrality = 0.6,
#'   nonaggression = 0.9)`.
#' @param possibly What possibly triggered obligations count as:
#'   `"as_triggered"` (an upper bound) or `"ignore"` (a lower bound).
#' @param top How many of the most common cascades the engine keeps.
#' @return A data frame: `ccode`, `stateabb`, `statenme`, `target_side`,
#'   `attacker_side`, `torn`, `kept_out`, `cinc`; with attributes `honour` (the
#'   probabilities by type, or `"empirical rates (from the reliability record
#'   ...)"`), `assumptions`, and `rates`: a data frame of each commitment's
#'   empirical rate and where it comes from (`obligor`, `obligor_abb`,
#'   `beneficiary`, `beneficiary_abb`, `kind`, `agreements`, `probability`,
#'   `source`), without rows when probabilities are given.
#' @export
simulate_cascades <- function(attacker, target, date, place = NULL, provoked = NULL,
                              attackers = NULL, requested = NULL, runs = 10000, seed = 1,
                              honour = 0.75, honour_by_type = NULL,
                              possibly = "as_triggered", top = 10) {
  call <- sys.call()
  a <- scenario_args(attacker, target, date, place, provoked, attackers, requested, call)
  runs <- check_number(runs, "runs", whole = TRUE, call = call)
  seed <- check_number(seed, "seed", whole = TRUE, call = call)
  honour <- check_honour(honour, call)
  if (!is.null(honour_by_type) &&
      (!is.numeric(honour_by_type) || is.null(names(honour_by_type)) || anyNA(honour_by_type))) {
    foedus_abort("honour_by_type", sprintf(
      "found %s; expected a named numeric vector such as c(defense = 0.9, offense = 0.5)",
      describe(honour_by_type)), call)
  }
  top <- check_number(top, "top", whole = TRUE, call = call)
  if (top < 0 || top > 1e6) foedus_abort("top", sprintf("found %s; expected 0 to 1000000", top), call)
  out <- ffi(.Call(foedus_c_simulate, list(
    registry(), a$attacker, a$target, a$date, a$place, a$provoked, a$attackers,
    a$requested, runs, seed, honour, names(honour_by_type),
    as.numeric(unname(honour_by_type)),
    check_string(possibly, "possibly", null_ok = FALSE, call = call), as.integer(top)
  )), call)
  frame <- answer(out)
  attr(frame, "honour") <- out$text[1]
  attr(frame, "assumptions") <- out$text[-1]
  attr(frame, "rates") <- as_frame(out$tables[[2]])
  frame
}

# `honour`: one probability, or one string the engine reads (`"empirical"`).
check_honour <- function(x, call) {
  if (is.character(x) && length(x) == 1 && !is.na(x)) return(x)
  if (is.numeric(x) && length(x) == 1 && !is.na(x)) return(as.numeric(x))
  foedus_abort("honour", sprintf(
    "found %s; expected a probability from 0 to 1 or \"empirical\"", describe(x)), call)
}

#' Agreements in the registry
#'
#' The agreements a filter keeps, as `foedus list` lists them, with their status
#' on `in_force` (else today). Every filter is optional.
#'
#' @param party,partner States party to the agreement.
#' @param family A family of agreements (`"alliance"`, ...).
#' @param obligation An obligation type (`"defense"`, `"offense"`, ...).
#' @param owed_to,owed_by A state some obligation is owed to, or owes.
#' @param in_force Only agreements in force on this day (a `Date` or
#'   `"YYYY-MM-DD"`).
#' @param bilateral `TRUE` for bilateral agreements, `FALSE` for those with more
#'   parties.
#' @param source One source's own records (`"atop"`) instead of the reconciled
#'   agreements.
#' @param q Text to find, ranked as `foedus search` ranks it.
#' @return A data frame: `id`, `title`, `parties`, `families`, `signed`,
#'   `status`, `source`, `sources`.
#' @export
agreements <- function(party = NULL, partner = NULL, family = NULL, obligation = NULL,
                       owed_to = NULL, owed_by = NULL, in_force = NULL, bilateral = NULL,
                       source = NULL, q = NULL) {
  call <- sys.call()
  args <- list(
    registry(),
    check_string(party, "party", call = call), check_string(partner, "partner", call = call),
    check_string(family, "family", call = call),
    check_string(obligation, "obligation", call = call),
    check_string(owed_to, "owed_to", call = call), check_string(owed_by, "owed_by", call = call),
    check_string(in_force, "in_force", call = call),
    check_flag(bilateral, "bilateral", null_ok = TRUE, call = call),
    check_string(source, "source", call = call), check_string(q, "q", call = call)
  )
  if (is.null(args[[9]])) args[9] <- list(NULL)
  answer(ffi(.Call(foedus_c_agreements, args), call))
}

#' The calendar of dates ahead
#'
#' Expiries, renewals, notice deadlines and the acts awaited, from `from` to
#' `to`, as `foedus calendar` lists them.
#'
#' @param from First day (`"YYYY-MM-DD"`, `"YYYY-MM"`, `"YYYY"`, a `Date` or
#'   `"today"`).
#' @param to Last day (a partial date means its last day); `NULL` for the
#'   engine's default span after `from`.
#' @param party Only this state's agreements.
#' @param kinds Only these kinds of date (e.g. `"expiry"`,
#'   `"non_renewal_deadline"`); all if `NULL`.
#' @return A data frame: `date`, `earliest`, `latest`, `exact`, `kind`, `what`,
#'   `party`, `agreement`, `title`, `parties`, `rule`.
#' @export
calendar <- function(from = "today", to = NULL, party = NULL, kinds = NULL) {
  call <- sys.call()
  answer(ffi(.Call(foedus_c_calendar, registry(),
                   check_string(from, "from", null_ok = FALSE, call = call),
                   check_string(to, "to", call = call), check_string(party, "party", call = call),
                   check_strings(kinds, "kinds", call = call)), call))
}

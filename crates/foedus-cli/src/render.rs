//! Printing agreements and their lifecycle for people.

use foedus_domain::Agreement;
use foedus_domain::lifecycle::{Basis, History};
use foedus_query::upcoming::DateAhead;
use jiff::civil::Date;

/// Prints an agreement: its identity, clauses, history, status on `at`, and what comes next.
pub fn print_agreement(
    a: &Agreement,
    history: &History,
    status: &foedus_domain::lifecycle::StatusAt,
    upcoming: &[DateAhead],
    at: Date,
    until: Date,
) {
    let binding = history.binding();
    println!(
        "{} [{}]",
        a.short_title.as_deref().unwrap_or(&a.title),
        a.id
    );
    if a.short_title.is_some() {
        println!("{}", a.title);
    }
    let parties: Vec<String> = a.party_states().iter().map(|p| p.label()).collect();
    println!(
        "parties: {} | {:?}{} | families: {}",
        parties.join(", "),
        a.legal_form,
        if binding { "" } else { ", NOT legally binding" },
        a.families
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for line in a.clauses.describe() {
        println!("  {line}");
    }
    println!();
    println!("History (recorded and computed):");
    for t in history.transitions() {
        let t_at = t.date.earliest() <= at;
        let basis = match &t.basis {
            Basis::Recorded { subject } => format!("recorded, {}", subject.path()),
            Basis::Computed { rule } => format!("computed: {rule}"),
        };
        println!(
            "  {} {:<24} {}  [{}]",
            if t_at { " " } else { ">" },
            t.date.to_string(),
            t.change.describe(binding),
            basis
        );
    }
    println!();
    let mut line = format!("Status on {at}: {}", status.status.describe(binding));
    if let Some(since) = status.since {
        line.push_str(&format!(" (last change {since})"));
    }
    if let Some(alt) = &status.alternative {
        line.push_str(&format!(
            "; or {} if a partially dated event had already happened",
            alt.describe(binding)
        ));
    }
    println!("{line}");
    if let Some(end) = status.term_ends {
        println!("  current term ends {end}");
    }
    for (party, toward) in &status.suspended_pairs {
        println!(
            "  {} has suspended its obligations{}",
            party.label(),
            toward
                .map(|t| format!(" toward {}", t.label()))
                .unwrap_or_default()
        );
    }
    for (i, s) in &status.notices {
        println!("  notice #{i}: {s:?}");
    }
    if status.status.is_operative() {
        // How soon could it end? The question analysts ask of a commitment.
        for party in a.party_states() {
            let exit = match foedus_domain::lifecycle::withdrawal_if_notified(a, party, at) {
                Ok(Some(d)) => format!("would take effect {d}"),
                Ok(None) => "would take effect on a date the clause does not fix".into(),
                Err(e) => format!("is not open ({})", e.rule.statement()),
            };
            println!(
                "  a notice of withdrawal by {} on {at} {exit}",
                party.label()
            );
        }
    }
    println!();
    println!("Next, to {until}:");

    if upcoming.is_empty() {
        println!("  nothing computed");
    }
    for u in upcoming {
        let date = u
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "(awaiting an act)".into());
        let exact = if u.date.is_some() && !u.exact {
            " (bound, not an exact day)"
        } else {
            ""
        };
        println!("  {date:<24} {}{exact}  [{}]", u.text, u.basis);
    }
}

/// A condition in words.
pub fn describe_condition(c: &foedus_domain::obligation::Condition) -> String {
    use foedus_domain::obligation::{Condition, Region};
    match c {
        Condition::Adversary {
            states,
            description,
        } => {
            let who: Vec<String> = states.iter().map(|s| s.label()).collect();
            match (who.is_empty(), description) {
                (false, _) => format!("the attacker is {}", who.join(" or ")),
                (true, Some(d)) => format!("the attacker is {d}"),
                (true, None) => "the attacker is a named adversary (unnamed in the source)".into(),
            }
        }
        Condition::Location { region } => match region {
            Region::Unspecified => {
                "the conflict is in a particular place (not named in the source)".into()
            }
            Region::Named(n) => format!("the conflict is in {n}"),
            r => format!("the conflict is in {}", format!("{r:?}").to_lowercase()),
        },
        Condition::SpecificConflict { description } => {
            format!(
                "in {}",
                description
                    .as_deref()
                    .unwrap_or("a particular ongoing conflict")
            )
        }
        Condition::Attackers { min } => match min {
            Some(n) => format!("there are at least {n} attackers"),
            None => "the number of attackers meets a condition".into(),
        },
        Condition::NotProvoked => "the beneficiary did not provoke the attack".into(),
        Condition::PartnerRequest => "the beneficiary asks".into(),
        Condition::BeneficiaryAttacked => "the beneficiary is attacked".into(),
        Condition::Demands => "demands in the agreement are not met".into(),
        Condition::Other { description } => description
            .clone()
            .unwrap_or_else(|| "another condition holds".into()),
    }
}

/// Prints how an agreement was reconciled from its sources: the records, its
/// names, where the sources differ and why the chosen claim won, and the
/// amendments applied. Nothing for an agreement one source records unamended.
pub fn print_reconciliation(r: &foedus_domain::reconcile::Reconciliation) {
    if r.is_trivial() {
        return;
    }
    println!();
    println!(
        "Sources (best first under the precedence {}):",
        r.precedence
    );
    for (i, m) in r.members.iter().enumerate() {
        let lead = if i == 0 { ": its values lead" } else { "" };
        let why = if m.joined_by.is_empty() {
            String::new()
        } else {
            format!(" ({})", m.joined_by.join("; "))
        };
        println!("  {} from {}{lead}{why}", m.id, m.source);
    }
    if !r.names.is_empty() {
        println!("Names:");
        for n in &r.names {
            println!(
                "  {} {:?}{} — {}{}",
                n.kind.name(),
                n.name,
                if n.chosen { " (shown)" } else { "" },
                n.source,
                n.citation
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            );
        }
    }
    for f in &r.fields {
        println!("Where the sources differ: {} ({})", f.field, f.why);
        let chosen = f.claims.iter().find(|c| c.chosen);
        for c in &f.claims {
            let mark = if c.chosen { " (shown)" } else { "" };
            match chosen.filter(|_| f.field != "clauses" && !c.chosen) {
                // Lists: what each other source adds or lacks against the shown value.
                Some(ch) => {
                    let only: Vec<&String> =
                        c.value.iter().filter(|v| !ch.value.contains(v)).collect();
                    let lacks: Vec<&String> =
                        ch.value.iter().filter(|v| !c.value.contains(v)).collect();
                    println!("  {} ({}):", c.source, c.from);
                    for v in only {
                        println!("    + {v}");
                    }
                    for v in lacks {
                        println!("    − {v}");
                    }
                }
                None => {
                    println!("  {} ({}){mark}:", c.source, c.from);
                    for v in &c.value {
                        println!("    {v}");
                    }
                }
            }
        }
    }
    for e in &r.events {
        println!("Claims on the {}: {}", e.event, e.why);
        for c in &e.claims {
            println!(
                "  {}{} — {} ({}){}{}",
                c.date,
                if c.chosen { " (used)" } else { "" },
                c.source,
                c.from,
                if c.provenance.inferred {
                    ", inferred"
                } else {
                    ""
                },
                c.provenance
                    .citation
                    .as_deref()
                    .map(|x| format!(": {x}"))
                    .unwrap_or_default()
            );
        }
    }
    if !r.amendments.is_empty() {
        println!("Amendments:");
        for a in &r.amendments {
            match &a.problem {
                None => println!(
                    "  {} ({}): applied{}",
                    a.file,
                    a.source,
                    a.citation
                        .as_deref()
                        .map(|c| format!(" — {c}"))
                        .unwrap_or_default()
                ),
                Some(p) => println!("  {} ({}): not applied: {p}", a.file, a.source),
            }
        }
    }
}

/// Prints a track record: its counts and rate, then its cases (at most
/// `limit`), each naming the agreement when `with_agreement`. Its notes (what
/// the record covers) are the caller's to print, once.
pub fn print_track_record(
    heading: &str,
    t: &foedus_engine::track::TrackRecord,
    with_agreement: bool,
    limit: usize,
) {
    let a = &t.all;
    println!();
    if a.honoured + a.violated + a.not_triggered + a.undetermined == 0 {
        println!("{heading}: no case in the wars and disputes judged");
    } else {
        let rate = match (a.rate, a.low, a.high) {
            (Some(r), Some(l), Some(h)) => format!(
                "; honoured {:.0}% of decided cases (95% interval {:.0}–{:.0}%)",
                r * 100.0,
                l * 100.0,
                h * 100.0
            ),
            _ => "; no decided case".into(),
        };
        println!(
            "{heading}: {} honoured, {} violated, {} not triggered, {} undetermined{rate}",
            a.honoured, a.violated, a.not_triggered, a.undetermined
        );
    }
    let abb = |c: u16| {
        foedus_domain::Ccode(c)
            .known()
            .map_or_else(|| c.to_string(), |k| k.cow.to_string())
    };
    for j in t.cases.iter().take(limit) {
        let agreement = if with_agreement {
            format!(" ({})", j.agreement)
        } else {
            String::new()
        };
        println!(
            "  {} {} {}: {} owes {} {}{agreement}: {} — {}",
            j.date,
            j.event.name(),
            j.number,
            abb(j.obligor),
            abb(j.beneficiary),
            j.kind.name(),
            j.verdict.name().replace('_', " "),
            j.reason
        );
    }
    if t.cases.len() > limit {
        println!(
            "  … {} more cases (use --format json)",
            t.cases.len() - limit
        );
    }
}

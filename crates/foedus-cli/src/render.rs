//! Printing agreements and their lifecycle for people.

use foedus_domain::Agreement;
use foedus_domain::lifecycle::{Basis, History, Upcoming, UpcomingKind};
use jiff::civil::Date;

/// Prints an agreement: its identity, clauses, history, status on `at`, and what comes next.
pub fn print_agreement(
    a: &Agreement,
    history: &History,
    status: &foedus_domain::lifecycle::StatusAt,
    upcoming: &[Upcoming],
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
        let exact = if u.date.is_some() && !u.is_exact() {
            " (bound, not an exact day)"
        } else {
            ""
        };
        println!(
            "  {date:<24} {}{exact}  [{}]",
            describe_upcoming(&u.kind),
            u.basis
        );
    }
}

/// What an upcoming date means, in words.
pub fn describe_upcoming(k: &UpcomingKind) -> String {
    match k {
        UpcomingKind::EntryIntoForce => "enters into force".into(),
        UpcomingKind::Expiry => "expires".into(),
        UpcomingKind::TacitRenewal => "renews tacitly".into(),
        UpcomingKind::NonRenewalDeadline { renewal } => {
            format!("last day to give notice against the renewal of {renewal}")
        }
        UpcomingKind::TermEnds => "initial term ends; continues until notice".into(),
        UpcomingKind::NoticeOpens => "notice of withdrawal may be given from this day".into(),
        UpcomingKind::NoticeTakesEffect { notice, party } => {
            format!("notice #{notice} by {} takes effect", party.label())
        }
        UpcomingKind::ConsentPending { party, signed } => {
            format!(
                "{} signed {signed}; its consent to be bound is pending",
                party.label()
            )
        }
        UpcomingKind::ProvisionalApplicationEnds => "provisional application ends".into(),
        UpcomingKind::ConciliationAvailable { notice } => {
            format!("conciliation available on notice #{notice} (art 66)")
        }
        UpcomingKind::ObjectionDeadline { notice } => {
            format!("last day to object to the invocation in notice #{notice} (art 65(2))")
        }
        UpcomingKind::Other { change } => change.to_string(),
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

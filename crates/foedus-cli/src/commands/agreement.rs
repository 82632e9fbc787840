//! `foedus agreement list`, `foedus agreement show ID`, `foedus agreement actions ID`,
//! and the documents attached to an agreement (`attach`, `documents`).

use std::path::Path;
use std::process::ExitCode;

use foedus_domain::agreement::Agreement;
use foedus_domain::lifecycle::History;
use foedus_domain::reconcile::Reconciliation;
use foedus_engine::track::{Subject, TrackRecord, reliability_record, track_record};
use foedus_query::agreements::{self, Filter, FilterInput};
use foedus_query::lifecycles::status_text;
use foedus_query::upcoming::{DateAhead, dates_ahead};
use foedus_query::{Replay, upcoming};
use foedus_scenario::CasusFoederis;
use jiff::civil::Date;
use serde::Serialize;

use crate::hints::query_error;
use crate::input::{parse_date, today};
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// `foedus agreement ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// List agreements, with filters.
    List(ListArgs),
    /// Show one agreement: the full record, its obligations and timeline.
    Show(ShowArgs),
    /// Each party's treaty actions: signature, domestic approval, consent and its
    /// deposit or exchange, reservations and declarations, provisional application, notices.
    Actions(ActionsArgs),
    /// Attach a document to an agreement: its text (PDF, HTML or plain text), a
    /// translation or a related document, at most 20 MiB.
    Attach(AttachArgs),
    /// The documents attached to an agreement.
    Documents(DocumentsArgs),
}

/// Arguments of `foedus agreement attach`.
#[derive(clap::Args)]
pub struct AttachArgs {
    /// The agreement's foedus id, or the id of any record reconciled into it.
    id: String,
    /// The file to attach.
    file: std::path::PathBuf,
    /// Its name or title (default: the file's name).
    #[arg(long)]
    name: Option<String>,
    /// What it is: text (of the treaty), translation or related.
    #[arg(long, default_value = "text")]
    kind: String,
    /// Its media type: application/pdf, text/html or text/plain (default: from
    /// the file's extension, else its bytes).
    #[arg(long)]
    media_type: Option<String>,
    /// Who attaches it (default: $USER).
    #[arg(long = "by", env = "USER", default_value = "unknown")]
    who: String,
}

/// Arguments of `foedus agreement documents`.
#[derive(clap::Args)]
pub struct DocumentsArgs {
    /// The agreement's foedus id, or the id of any record reconciled into it.
    id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Arguments of `foedus agreement actions`.
#[derive(clap::Args)]
pub struct ActionsArgs {
    /// The agreement's foedus id, or the id of any record reconciled into it.
    id: String,
    /// That source's own record of the agreement, as it holds it.
    #[arg(long)]
    source: Option<String>,
    /// Output format: table (one per party), json (per party) or csv (one row per action).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Filters of `foedus agreement list`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Only agreements this state is a party to (COW number, abbreviation, ISO code or name).
    #[arg(long)]
    party: Option<String>,
    /// Only agreements this state is also a party to.
    #[arg(long)]
    partner: Option<String>,
    /// Only agreements of this family (mutual_defense, defense_cooperation, status_of_forces, ...).
    #[arg(long)]
    family: Option<String>,
    /// Only agreements with a directed obligation of this type (defense, offense, neutrality, nonaggression, consultation, training, ...).
    #[arg(long)]
    obligation: Option<String>,
    /// Only agreements with a directed obligation owed to this state (with
    /// --obligation, one obligation of that type owed to it: who must defend Japan?).
    #[arg(long)]
    owed_to: Option<String>,
    /// Only agreements with a directed obligation this state owes.
    #[arg(long)]
    owed_by: Option<String>,
    /// Only agreements in force on this date (YYYY-MM-DD, or `today`).
    #[arg(long, value_parser = parse_date)]
    in_force: Option<Date>,
    /// Only bilateral agreements.
    #[arg(long)]
    bilateral: bool,
    /// Only agreements this text finds (a name, an alias, words of a title, a party,
    /// an identifier), best match first, as `foedus search` ranks them.
    #[arg(long)]
    text: Option<String>,
    /// That source's own records (atop, dcad, starter, records, ...), as it holds
    /// them, instead of the registry's reconciled agreements.
    #[arg(long)]
    source: Option<String>,
    /// At most this many rows (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Arguments of `foedus agreement show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// The agreement's foedus id, or the id of any record reconciled into it (see
    /// `foedus agreement list`, `foedus search`).
    id: String,
    /// That source's own record of the agreement, as it holds it.
    #[arg(long)]
    source: Option<String>,
    /// The date to give the status on (YYYY-MM-DD or `today`); today by default.
    #[arg(long, value_parser = parse_date)]
    at: Option<Date>,
    /// Output format: table, json (the full record, history and next dates) or csv (the directed obligations).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Runs an agreement subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::List(a) => list(a, db),
        Command::Show(a) => show(a, db),
        Command::Actions(a) => actions(a, db),
        Command::Attach(a) => attach(a, db),
        Command::Documents(a) => documents(a, db),
    }
}

/// The record id documents are kept under: the record with this id, else the
/// agreement it is reconciled into (as the API resolves it).
fn record_id(store: &foedus_store::Store, id: &str) -> anyhow::Result<String> {
    let registry = store.load()?;
    if let Some(a) = foedus_domain::AgreementId::new(id)
        .ok()
        .and_then(|i| registry.record(&i))
    {
        return Ok(a.id.to_string());
    }
    let i = agreements::find(&registry, id).map_err(query_error)?;
    Ok(registry.agreements()[i].id.to_string())
}

fn attach(args: AttachArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    use foedus_store::{DocumentError, DocumentKind, NewDocument};
    let kind: DocumentKind = args
        .kind
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--kind: {e}"))?;
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let media_type = match args.media_type {
        Some(m) => m,
        None => foedus_store::guess_media_type(&file_name, &bytes)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{shown}: cannot tell its media type (no .pdf, .html or .txt extension, and the bytes are neither a PDF nor UTF-8 text); give --media-type"
                )
            })?
            .to_string(),
    };
    let mut store = crate::registry::open_store(db)?;
    let agreement_id = record_id(&store, &args.id)?;
    let name = args.name.unwrap_or(file_name);
    let (info, new) = store
        .attach_document(&NewDocument {
            agreement_id: &agreement_id,
            name: &name,
            kind,
            media_type: &media_type,
            bytes: &bytes,
            who: &args.who,
        })
        .map_err(|e| match e {
            DocumentError::Mismatch { .. } | DocumentError::MediaType(_) => {
                anyhow::anyhow!("{shown}: {e}; give the --media-type that matches the file")
            }
            DocumentError::TooLarge { .. } | DocumentError::Empty(_) => {
                anyhow::anyhow!("{shown}: {e}")
            }
            e => anyhow::Error::new(e),
        })?;
    if new {
        println!(
            "attached “{}” to {} ({}, {}, {} bytes, SHA-256 {})",
            info.name,
            info.agreement_id,
            info.kind.name(),
            info.media_type,
            info.size,
            info.sha256
        );
    } else {
        println!(
            "{} has these bytes already, as “{}” (SHA-256 {}); nothing written",
            info.agreement_id, info.name, info.sha256
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn documents(args: DocumentsArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = crate::registry::open_store(db)?;
    let agreement_id = record_id(&store, &args.id)?;
    let docs = store.documents(&agreement_id)?;
    if args.format == Format::Json {
        print_json(&docs)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Rows::new(&[
        "name",
        "kind",
        "media_type",
        "bytes",
        "sha256",
        "attached_by",
        "attached_at",
    ]);
    for d in &docs {
        rows.push(vec![
            d.name.clone(),
            d.kind.name().into(),
            d.media_type.clone(),
            d.size.to_string(),
            d.sha256.clone(),
            d.attached_by.clone(),
            d.attached_at.clone(),
        ]);
    }
    rows.print(args.format)?;
    Ok(ExitCode::SUCCESS)
}

/// The parties as `USA–JPN`, or `N parties`.
pub(crate) fn parties_label(a: &Agreement) -> String {
    let states = a.party_states();
    if states.len() <= 3 {
        states
            .iter()
            .map(|s| {
                s.known()
                    .map(|k| k.cow.to_string())
                    .unwrap_or_else(|| s.to_string())
            })
            .collect::<Vec<_>>()
            .join("–")
    } else {
        format!("{} parties", states.len())
    }
}

fn list(args: ListArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let filter = Filter::parse(
        &registry,
        &FilterInput {
            party: args.party.as_deref(),
            partner: args.partner.as_deref(),
            family: args.family.as_deref(),
            obligation: args.obligation.as_deref(),
            owed_to: args.owed_to.as_deref(),
            owed_by: args.owed_by.as_deref(),
            in_force: args.in_force,
            bilateral: args.bilateral.then_some(true),
            source: args.source.as_deref(),
            text: args.text.as_deref(),
        },
    )
    .map_err(query_error)?;
    let status_date = args.in_force.unwrap_or_else(today);
    let mut rows = Rows::new(&[
        "id", "title", "parties", "families", "signed", "status", "source", "sources",
    ]);
    let listed = agreements::list(&registry, &Replay(&registry), &filter, status_date);
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    for l in listed.iter().take(limit) {
        let a = l.agreement;
        rows.push(vec![
            a.id.to_string(),
            a.short_title.clone().unwrap_or_else(|| a.title.clone()),
            parties_label(a),
            a.families
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(","),
            agreements::signed(a).unwrap_or_default(),
            status_text(&l.status, a.is_binding()),
            registry.origin(&a.id).unwrap_or("").to_string(),
            l.sources.join(","),
        ]);
    }
    let n = rows.rows.len();
    rows.print(args.format)?;
    if args.format == Format::Table {
        eprintln!(
            "{n} agreement{} (status on {status_date}){}",
            if n == 1 { "" } else { "s" },
            if listed.len() > n {
                format!(" of {} (--limit 0 for all)", listed.len())
            } else {
                String::new()
            }
        );
    }
    if let Some(note) = args
        .in_force
        .and_then(|d| registry.coverage().past_on(d, &[]))
    {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ActionsReport<'a> {
    agreement: &'a str,
    parties: &'a [foedus_domain::actions::PartyActions],
}

fn actions(args: ActionsArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let i = agreements::find(&registry, &args.id).map_err(query_error)?;
    let a = match args.source.as_deref() {
        None => &registry.agreements()[i],
        Some(s) => agreements::record_from(&registry, i, s).map_err(query_error)?,
    };
    let t = foedus_domain::actions::TreatyActions::of(a);
    if args.format == Format::Json {
        print_json(&ActionsReport {
            agreement: a.id.as_str(),
            parties: &t.parties,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let columns: &[&str] = &[
        "party", "date", "action", "detail", "article", "text", "joint", "source", "steps", "note",
    ];
    let row = |party: &str, x: &foedus_domain::actions::TreatyAction| {
        vec![
            party.to_string(),
            x.date.to_string(),
            x.action.to_string(),
            x.detail.clone().unwrap_or_default(),
            x.article.clone().unwrap_or_default(),
            x.text.clone().unwrap_or_default(),
            if x.joint { "all parties" } else { "" }.to_string(),
            x.source.clone(),
            x.steps
                .iter()
                .map(|s| {
                    format!(
                        "{} {}",
                        s.date,
                        serde_json::to_value(s.action)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            x.note.clone().unwrap_or_default(),
        ]
    };
    if args.format == Format::Csv {
        let mut rows = Rows::new(columns);
        for p in &t.parties {
            for x in &p.actions {
                rows.push(row(&p.party.to_string(), x));
            }
        }
        rows.print(Format::Csv)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} — treaty actions",
        a.short_title.as_deref().unwrap_or(&a.title)
    );
    for p in &t.parties {
        println!();
        println!("{}:", p.party.label());
        if p.actions.is_empty() {
            println!("  (no action recorded)");
            continue;
        }
        let mut rows = Rows::new(&columns[1..]);
        for x in &p.actions {
            rows.push(row("", x).split_off(1));
        }
        rows.print(Format::Table)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ShowReport<'a> {
    agreement: &'a Agreement,
    source: Option<&'a str>,
    /// The records reconciled into it, the claims where they differ, its names and amendments.
    reconciliation: Option<&'a Reconciliation>,
    binding: bool,
    history: &'a [foedus_domain::lifecycle::Transition],
    status: foedus_domain::lifecycle::StatusAt,
    upcoming: Vec<UpcomingJson>,
    /// How its commitments fared in the wars and disputes the registry holds.
    track_record: TrackRecord,
}

/// A date ahead in the JSON of `agreement show`: the engine's item and its words.
#[derive(Serialize)]
struct UpcomingJson {
    date: Option<String>,
    exact: bool,
    text: String,
    basis: String,
    kind: foedus_domain::lifecycle::UpcomingKind,
}

impl From<&DateAhead> for UpcomingJson {
    fn from(d: &DateAhead) -> Self {
        UpcomingJson {
            date: d.date.map(|d| d.to_string()),
            exact: d.exact,
            text: d.text.clone(),
            basis: d.basis.clone(),
            kind: d.kind.clone(),
        }
    }
}

fn show(args: ShowArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let i = agreements::find(&registry, &args.id).map_err(query_error)?;
    let a = match args.source.as_deref() {
        None => &registry.agreements()[i],
        Some(s) => agreements::record_from(&registry, i, s).map_err(query_error)?,
    };
    let reconciliation = args.source.is_none().then(|| registry.reconciliation(i));
    let at = args.at.unwrap_or_else(today);
    let until = upcoming::until(at);
    let history = History::replay(a, until)?;
    let status = history.status_at(at);
    let upcoming = dates_ahead(&history, at, until);
    let track = || {
        let record = reliability_record(&CasusFoederis::index(&registry), &registry);
        track_record(
            &record,
            Subject::Agreement(registry.agreements()[i].id.as_str()),
        )
    };
    if args.format == Format::Json {
        print_json(&ShowReport {
            agreement: a,
            source: registry.origin(&a.id),
            reconciliation,
            binding: history.binding(),
            history: history.transitions(),
            status,
            upcoming: upcoming.iter().map(UpcomingJson::from).collect(),
            track_record: track(),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.format == Format::Csv {
        // One row per directed obligation: the part of a record a spreadsheet wants.
        let mut rows = Rows::new(&[
            "agreement",
            "obligor",
            "beneficiary",
            "kind",
            "conditions",
            "from",
            "until",
            "phase",
            "clause",
        ]);
        for o in &a.obligations {
            rows.push(vec![
                a.id.to_string(),
                o.obligor.to_string(),
                o.beneficiary.to_string(),
                o.kind.name().to_string(),
                o.conditions
                    .iter()
                    .map(crate::render::describe_condition)
                    .collect::<Vec<_>>()
                    .join("; "),
                o.from.map(|d| d.to_string()).unwrap_or_default(),
                o.until.map(|d| d.to_string()).unwrap_or_default(),
                o.phase.map(|p| p.to_string()).unwrap_or_default(),
                o.clause.clone().unwrap_or_default(),
            ]);
        }
        rows.print(Format::Csv)?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::render::print_agreement(a, &history, &status, &upcoming, at, until);

    println!();
    println!("Directed obligations ({}):", a.obligations.len());
    for o in a.obligations.iter().take(40) {
        let conditions = if o.conditions.is_empty() {
            String::new()
        } else {
            format!(
                " if {}",
                o.conditions
                    .iter()
                    .map(crate::render::describe_condition)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        let span = match (o.from, o.until) {
            (None, None) => String::new(),
            (f, u) => format!(
                " [{}–{}]",
                f.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        println!(
            "  {} owes {} {}{conditions}{span}",
            o.obligor.label(),
            o.beneficiary.label(),
            o.kind.name()
        );
    }
    if a.obligations.len() > 40 {
        println!("  … {} more (use --format json)", a.obligations.len() - 40);
    }
    if !a.provisions.is_empty() {
        println!(
            "Provisions: {}",
            a.provisions
                .iter()
                .map(|p| format!("{:?}", p.kind))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(r) = reconciliation {
        crate::render::print_reconciliation(r);
    }
    let t = track();
    crate::render::print_track_record("Track record in wars and disputes", &t, false, 20);
    for note in &t.notes {
        eprintln!("note: {note}");
    }
    println!(
        "Source: {}{}{}",
        a.provenance.source,
        a.provenance
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default(),
        a.provenance
            .citation
            .as_deref()
            .map(|c| format!(" — {c}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

//! Who is a member of a state system in each year, to the day.

use jiff::civil::Date;

use foedus_domain::registry::{Registry, StateIx};
use foedus_domain::state::System;

use crate::{PanelError, PanelOptions};

/// A state's membership in one year: its code and the days it was a member.
#[derive(Clone, Debug)]
pub struct Member {
    /// The state's code in the system (`ccode` or `gwcode`).
    pub code: u16,
    /// The state in the registry.
    pub ix: StateIx,
    /// The state's COW code, for joining COW-coded sources (ATOP, NMC, DCAD).
    pub ccode: Option<u16>,
    /// The days of the year it was a member: inclusive ranges, in order.
    pub days: Vec<(Date, Date)>,
}

impl Member {
    /// True if the two were members on some same day of the year.
    pub fn overlaps(&self, other: &Member) -> bool {
        self.days
            .iter()
            .any(|&(a0, a1)| other.days.iter().any(|&(b0, b1)| a0 <= b1 && b0 <= a1))
    }
}

/// The members of one year, ordered by code.
#[derive(Clone, Debug)]
pub struct YearMembers {
    /// The year.
    pub year: i16,
    /// Its members.
    pub members: Vec<Member>,
}

/// Every year's members of a system over a range of years.
#[derive(Clone, Debug)]
pub struct SystemYears {
    /// The system.
    pub system: System,
    /// The years, in order.
    pub years: Vec<YearMembers>,
}

impl SystemYears {
    /// The members of `system` in each year of the options' range.
    pub fn build(registry: &Registry, options: &PanelOptions) -> Result<SystemYears, PanelError> {
        options.check_years()?;
        let (from, to) = (options.from, options.to);
        let mut years: Vec<YearMembers> = (from..=to)
            .map(|year| YearMembers {
                year,
                members: Vec::new(),
            })
            .collect();
        for (i, state) in registry.states().iter().enumerate() {
            let ix = StateIx(i as u32);
            for spell in state.spells(options.system) {
                if spell.microstate && !options.microstates {
                    continue;
                }
                let first = spell.start.year().max(from);
                let last = spell.end.map_or(to, |e| e.year()).min(to);
                for year in first..=last {
                    let jan1 = Date::new(year, 1, 1).expect("a year in range");
                    let dec31 = Date::new(year, 12, 31).expect("a year in range");
                    let range = (spell.start.max(jan1), spell.end.unwrap_or(dec31).min(dec31));
                    let members = &mut years[(year - from) as usize].members;
                    match members.iter_mut().find(|m| m.code == spell.code) {
                        Some(m) => {
                            m.days.push(range);
                            m.days.sort();
                        }
                        None => members.push(Member {
                            code: spell.code,
                            ix,
                            ccode: state.ccode.map(|c| c.0),
                            days: vec![range],
                        }),
                    }
                }
            }
        }
        if years.iter().all(|y| y.members.is_empty()) {
            return Err(PanelError::NoMembers {
                system: options.system.name(),
                from,
                to,
                hint: "the state system is not loaded, or does not cover these years".into(),
                source_name: match options.system {
                    System::Cow => "cow-states",
                    System::Gw => "gw",
                },
            });
        }
        for y in &mut years {
            y.members.sort_by_key(|m| m.code);
        }
        Ok(SystemYears {
            system: options.system,
            years,
        })
    }
}

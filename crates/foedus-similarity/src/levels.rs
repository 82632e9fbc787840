//! Which obligations count at which level of a portfolio.

use std::fmt;
use std::str::FromStr;

use foedus_panel::alliance::OBLIGATIONS;

/// The level (0–3) each of ATOP's five obligations gives a tie; a tie with
/// several obligations takes the highest. A state has level 3 with itself.
///
/// The default is ATOP's ordering (DOMAIN.md §3): 3 defense or offense;
/// 2 neutrality or consultation (without defense or offense); 1 nonaggression
/// only; 0 none. Since a tie takes the highest level of its obligations, that
/// is the per-obligation table defense 3, offense 3, neutral 2, nonagg 1,
/// consul 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Levels {
    /// Levels in ATOP's column order: defense, offense, neutral, nonagg, consul.
    pub per_obligation: [u8; 5],
}

impl Default for Levels {
    fn default() -> Levels {
        Levels::ATOP
    }
}

/// The obligation names `--levels` takes, in ATOP's column order.
pub const NAMES: [&str; 5] = ["defense", "offense", "neutral", "nonagg", "consul"];

impl Levels {
    /// ATOP's levels (the default).
    pub const ATOP: Levels = Levels {
        per_obligation: [3, 3, 2, 1, 2],
    };
    /// Defense pacts only: a defense obligation is level 3, anything else 0
    /// (the valued measures then equal the binary ones).
    pub const DEFENSE: Levels = Levels {
        per_obligation: [3, 0, 0, 0, 0],
    };
    /// Defense or offense (the "military alliance" of much of the literature).
    pub const DEFENSE_OFFENSE: Levels = Levels {
        per_obligation: [3, 3, 0, 0, 0],
    };
    /// Any of the five obligations, all at level 3.
    pub const ANY: Levels = Levels {
        per_obligation: [3, 3, 3, 3, 3],
    };

    /// The level of a tie with these obligation bits (see `foedus_panel::alliance`).
    pub fn level(&self, bits: u8) -> u8 {
        OBLIGATIONS
            .iter()
            .zip(self.per_obligation)
            .filter(|((_, bit, _), _)| bits & bit != 0)
            .map(|(_, l)| l)
            .max()
            .unwrap_or(0)
    }

    /// The level of every bit pattern, for lookups.
    pub fn table(&self) -> [u8; 32] {
        std::array::from_fn(|b| self.level(b as u8))
    }
}

impl FromStr for Levels {
    type Err = String;

    /// `atop`, `defense`, `defense-offense`, `any`, or a list such as
    /// `defense=3,offense=3,consul=1` (obligations not named are level 0).
    fn from_str(s: &str) -> Result<Levels, String> {
        match s.trim() {
            "atop" => return Ok(Levels::ATOP),
            "defense" => return Ok(Levels::DEFENSE),
            "defense-offense" => return Ok(Levels::DEFENSE_OFFENSE),
            "any" => return Ok(Levels::ANY),
            _ => {}
        }
        let expected = "expected atop, defense, defense-offense, any, or a list like defense=3,offense=3,neutral=2,nonagg=1,consul=2 (levels 0–3)";
        if !s.contains('=') {
            return Err(format!("unknown levels `{s}`: {expected}"));
        }
        let mut per_obligation = [0u8; 5];
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, level) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` in --levels: {expected}"))?;
            let k = NAMES
                .iter()
                .position(|n| *n == name.trim())
                .ok_or_else(|| {
                    format!(
                        "unknown obligation `{}` in --levels: {expected}",
                        name.trim()
                    )
                })?;
            per_obligation[k] = match level.trim().parse::<u8>() {
                Ok(l) if l <= 3 => l,
                _ => {
                    return Err(format!(
                        "level `{}` for {name} in --levels: {expected}",
                        level.trim()
                    ));
                }
            };
        }
        Ok(Levels { per_obligation })
    }
}

impl fmt::Display for Levels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = NAMES
            .iter()
            .zip(self.per_obligation)
            .map(|(n, l)| format!("{n}={l}"))
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use foedus_panel::alliance::{CONSUL, DEFENSE, NEUTRAL, NONAGG, OFFENSE};

    #[test]
    fn atop_levels_follow_the_domain_rule() {
        let l = Levels::ATOP;
        assert_eq!(l.level(0), 0);
        assert_eq!(l.level(NONAGG), 1);
        assert_eq!(l.level(NEUTRAL), 2);
        assert_eq!(l.level(CONSUL | NONAGG), 2);
        assert_eq!(l.level(DEFENSE), 3);
        assert_eq!(l.level(OFFENSE | NONAGG), 3);
    }

    #[test]
    fn levels_parse_presets_and_lists() {
        assert_eq!("atop".parse::<Levels>().unwrap(), Levels::ATOP);
        assert_eq!(
            "defense=3,offense=3,neutral=2,nonagg=1,consul=2"
                .parse::<Levels>()
                .unwrap(),
            Levels::ATOP
        );
        assert_eq!(
            "defense=1".parse::<Levels>().unwrap().per_obligation,
            [1, 0, 0, 0, 0]
        );
        assert!("alliance".parse::<Levels>().is_err());
        assert!("defense=4".parse::<Levels>().is_err());
        assert!("trade=1".parse::<Levels>().is_err());
    }
}

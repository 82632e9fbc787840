//! API tokens: 32 random bytes shown once as `foedus_` and 64 hex digits; the
//! store keeps only their SHA-256.

use sha2::Digest;

/// The prefix of every token, so a leaked one is recognisable.
pub const PREFIX: &str = "foedus_";

/// A new random token.
pub fn generate() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{PREFIX}{}", hex(&bytes)))
}

/// The hash the store keeps for a token.
pub fn hash(token: &str) -> String {
    hex(&sha2::Sha256::digest(token.trim().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// True if a token name is acceptable: 1–64 letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), PREFIX.len() + 64);
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
        assert_ne!(hash(&a), hash(&b));
        assert!(valid_name("ci-bot") && !valid_name("a b") && !valid_name(""));
    }
}

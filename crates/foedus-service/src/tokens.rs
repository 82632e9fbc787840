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

/// The id of a token's calendar feed, from the hash the store keeps of the token:
/// one-way (SHA-256 again, with a label), so a feed URL written into a log reveals
/// neither the token nor its hash; 32 hex digits (128 bits).
pub fn feed_id(token_hash: &str) -> String {
    let mut h = sha2::Sha256::new();
    h.update(b"foedus calendar feed v1\n");
    h.update(token_hash.as_bytes());
    let mut id = hex(&h.finalize());
    id.truncate(32);
    id
}

/// True if `text` has the form of a feed id: 32 lowercase hex digits.
pub fn is_feed_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The path of a token's feed, with its filters (each percent-encoded).
pub fn feed_path(token_hash: &str, party: Option<&str>, kind: Option<&str>) -> String {
    let mut path = format!("/api/v1/feeds/{}.ics", feed_id(token_hash));
    let query: Vec<String> = [("party", party), ("kind", kind)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v))))
        .collect();
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    path
}

/// Percent-encodes everything but unreserved characters (RFC 3986) and `,`.
fn encode(v: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Compares two ids in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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

    #[test]
    fn a_feed_id_reveals_neither_the_token_nor_its_hash() {
        let token = generate().unwrap();
        let h = hash(&token);
        let id = feed_id(&h);
        assert!(is_feed_id(&id), "{id}");
        assert!(!h.contains(&id) && !token.contains(&id));
        assert_eq!(id, feed_id(&h), "stable");
        assert_ne!(id, feed_id(&hash(&generate().unwrap())));
        assert!(!is_feed_id(&id.to_uppercase()) && !is_feed_id(&id[1..]));
        assert_eq!(
            feed_path(
                &h,
                Some("United States"),
                Some("non_renewal_deadline,expiry")
            ),
            format!(
                "/api/v1/feeds/{id}.ics?party=United%20States&kind=non_renewal_deadline,expiry"
            )
        );
        assert!(same(&id, &id.clone()) && !same(&id, &feed_id("x")));
    }
}

//! The line of each field of a record file, by field path (`amends`,
//! `events[1]`, `events[1].date`), so that problems found after parsing name
//! their line.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The 1-based line of a byte offset.
fn line_at(starts: &[usize], offset: usize) -> u32 {
    (starts.partition_point(|&s| s <= offset)) as u32
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Field lines of a TOML text (empty if it does not parse).
pub fn toml(text: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    let Ok(table) = DeTable::parse(text) else {
        return out;
    };
    let starts = line_starts(text);
    table_lines(table.get_ref(), "", &starts, &mut out);
    out
}

fn table_lines(t: &DeTable<'_>, path: &str, starts: &[usize], out: &mut BTreeMap<String, u32>) {
    for (k, v) in t.iter() {
        let p = join(path, k.get_ref());
        out.insert(p.clone(), line_at(starts, k.span().start));
        match v.get_ref() {
            DeValue::Table(inner) => table_lines(inner, &p, starts, out),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let ip = format!("{p}[{i}]");
                    out.insert(ip.clone(), line_at(starts, item.span().start));
                    if let DeValue::Table(inner) = item.get_ref() {
                        table_lines(inner, &ip, starts, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Field lines of a JSON text that parsed (a lenient scan: an unexpected byte ends it).
pub fn json(text: &str) -> BTreeMap<String, u32> {
    let mut scan = Scan {
        b: text.as_bytes(),
        i: 0,
        starts: line_starts(text),
        out: BTreeMap::new(),
    };
    scan.value(String::new());
    scan.out
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    starts: Vec<usize>,
    out: BTreeMap<String, u32>,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn string(&mut self) -> String {
        let start = self.i + 1;
        self.i += 1;
        while self.i < self.b.len() && self.b[self.i] != b'"' {
            if self.b[self.i] == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        let s = String::from_utf8_lossy(&self.b[start..self.i.min(self.b.len())]).into_owned();
        self.i += 1;
        s
    }

    fn value(&mut self, path: String) {
        self.ws();
        if !path.is_empty() {
            self.out
                .entry(path.clone())
                .or_insert_with(|| line_at(&self.starts, self.i));
        }
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key_at = self.i;
                            let key = self.string();
                            let p = join(&path, &key);
                            self.out.insert(p.clone(), line_at(&self.starts, key_at));
                            self.ws();
                            if self.peek() != Some(b':') {
                                return;
                            }
                            self.i += 1;
                            self.value(p);
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.i += 1;
                            }
                        }
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        None => return,
                        _ => {
                            self.value(format!("{path}[{n}]"));
                            n += 1;
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.i += 1;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn toml_and_json_fields_have_their_lines() {
        let t = "amends = \"atop-1\"\n\n[[events]]\ndate = \"1952\"\nkind = \"entry_into_force\"\n[[events]]\ndate = \"1986\"\n[provenance]\nsource = \"x\"\n";
        let l = super::toml(t);
        assert_eq!(l["amends"], 1);
        assert_eq!(l["events[0]"], 3, "{l:?}");
        assert_eq!(l["events[1].date"], 7);
        assert_eq!(l["provenance.source"], 9);
        let j = "{\n \"amends\": \"atop-1\",\n \"events\": [\n  {\"date\": \"1952\"},\n  {\"date\": \"1986\"}\n ]\n}";
        let l = super::json(j);
        assert_eq!(l["amends"], 2);
        assert_eq!(l["events[1]"], 5);
        assert_eq!(l["events[1].date"], 5);
    }
}

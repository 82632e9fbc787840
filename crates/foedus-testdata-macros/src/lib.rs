//! `#[needs(...)]`: marks a test that needs something outside the workspace.
//!
//! When the test crate is compiled, the attribute checks each requirement; if
//! one is missing, it adds `#[ignore = "needs ..."]`, so `cargo test` reports
//! the test as ignored with the reason instead of passing without testing
//! anything. `.ci/run` fails when any test was ignored, and
//! `cargo test -- --include-ignored` runs them anyway (they then fail, naming
//! what is missing).
//!
//! ```text
//! #[foedus_testdata::needs(shared_data)]
//! #[test]
//! fn atop_imports() { /* reads ../shared/data */ }
//!
//! #[foedus_testdata::needs(python = "numpy, scipy")]
//! #[test]
//! fn agrees_with_the_peer() { /* runs python3 */ }
//! ```
//!
//! Requirements: `shared_data` (`../shared/data` beside the workspace),
//! `chromium` (Debian's chromium, Node.js and `ui/node_modules`), `schemathesis`
//! (on the PATH) and `python = "modules"` (python3 importing them).
//!
//! The attribute must come before `#[test]`. The check runs when the test crate
//! compiles: a present `../shared/data` is tracked, so removing it recompiles
//! the test; data added after a build is seen once the test crate is rebuilt
//! (`cargo clean -p CRATE`).

use std::path::PathBuf;
use std::process::{Command, Stdio};

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// A requirement of a test, as written in the attribute.
enum Need {
    SharedData,
    Chromium,
    Schemathesis,
    Python(String),
}

/// Adds `#[ignore = "needs ..."]` to a test whose requirements are missing.
#[proc_macro_attribute]
pub fn needs(attr: TokenStream, item: TokenStream) -> TokenStream {
    let needs = match parse(attr) {
        Ok(n) => n,
        Err(message) => return compile_error(&message),
    };
    let mut missing = Vec::new();
    let mut tracked = Vec::new();
    for need in &needs {
        match check(need) {
            Ok(Some(file)) => tracked.push(file),
            Ok(None) => {}
            Err(why) => missing.push(why),
        }
    }
    let mut out = TokenStream::new();
    // A file the test depends on is read by `include_bytes!`, so that cargo
    // recompiles the test (and checks again) when it changes or disappears.
    for file in tracked {
        out.extend(track(&file));
    }
    if !missing.is_empty() {
        out.extend(attribute(
            "ignore",
            Some(&format!("needs {}", missing.join("; "))),
        ));
    }
    out.extend(item);
    out
}

fn parse(attr: TokenStream) -> Result<Vec<Need>, String> {
    let mut needs = Vec::new();
    let mut tokens = attr.into_iter().peekable();
    while let Some(t) = tokens.next() {
        let TokenTree::Ident(name) = t else {
            return Err(format!("needs: expected a requirement name, found `{t}`"));
        };
        let need = match name.to_string().as_str() {
            "shared_data" => Need::SharedData,
            "chromium" => Need::Chromium,
            "schemathesis" => Need::Schemathesis,
            "python" => match (tokens.next(), tokens.next()) {
                (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(l))) if p.as_char() == '=' => {
                    let text = l.to_string();
                    let modules = text.trim_matches('"').to_string();
                    if modules.is_empty() || !text.starts_with('"') {
                        return Err("needs: expected python = \"module, module\"".into());
                    }
                    Need::Python(modules)
                }
                _ => return Err("needs: expected python = \"module, module\"".into()),
            },
            other => {
                return Err(format!(
                    "needs: unknown requirement `{other}`; expected shared_data, chromium, schemathesis or python = \"modules\""
                ));
            }
        };
        needs.push(need);
        match tokens.next() {
            None => break,
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
            Some(t) => return Err(format!("needs: expected `,`, found `{t}`")),
        }
    }
    if needs.is_empty() {
        return Err("needs: name at least one requirement".into());
    }
    Ok(needs)
}

/// The workspace root: this crate sits at `crates/foedus-testdata-macros`.
fn workspace() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// `Ok(Some(file))`: present, and `file` is tracked; `Ok(None)`: present;
/// `Err(why)`: missing, with what to do about it.
fn check(need: &Need) -> Result<Option<PathBuf>, String> {
    match need {
        Need::SharedData => {
            // Tracked through `../shared` as written, not its canonical target:
            // `../shared` is often a symlink, and removing the link must
            // recompile the test as surely as removing the data.
            let readme = workspace().join("../shared/data/README.md");
            if readme.is_file() {
                Ok(Some(readme))
            } else {
                Err("../shared/data (the shared datasets beside the project; absent when this test was built)".into())
            }
        }
        Need::Chromium => {
            let mut missing = Vec::new();
            if !runs("node", &["--version"]) {
                missing.push("Node.js");
            }
            if !workspace().join("ui/node_modules/playwright-core").is_dir() {
                missing.push("ui/node_modules (npm ci in ui/)");
            }
            let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
            if !std::path::Path::new(&chromium).exists() {
                missing.push("chromium (apt-get install chromium)");
            }
            if missing.is_empty() {
                Ok(None)
            } else {
                Err(missing.join(", "))
            }
        }
        Need::Schemathesis => {
            if runs("schemathesis", &["--version"]) {
                Ok(None)
            } else {
                Err("schemathesis (pip install schemathesis)".into())
            }
        }
        Need::Python(modules) => {
            if runs("python3", &["-c", &format!("import {modules}")]) {
                Ok(None)
            } else {
                Err(format!(
                    "python3 with {modules} (pip install -r peers/requirements.txt)"
                ))
            }
        }
    }
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `#[name = "value"]`, or `#[name]`.
fn attribute(name: &str, value: Option<&str>) -> TokenStream {
    let mut inner = TokenStream::new();
    inner.extend([TokenTree::Ident(Ident::new(name, Span::call_site()))]);
    if let Some(v) = value {
        inner.extend([
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(Literal::string(v)),
        ]);
    }
    TokenStream::from_iter([
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Bracket, inner)),
    ])
}

/// `const _: &[u8] = include_bytes!("file");`
fn track(file: &std::path::Path) -> TokenStream {
    let text = format!(
        "const _: &[u8] = include_bytes!({:?});",
        file.display().to_string()
    );
    text.parse().expect("a constant item")
}

fn compile_error(message: &str) -> TokenStream {
    format!("compile_error!({message:?});")
        .parse()
        .expect("a compile_error! call")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_python_module_is_named_with_the_command_that_installs_it() {
        let why = check(&Need::Python("no_module_by_this_name_xyz".into())).unwrap_err();
        assert!(why.contains("no_module_by_this_name_xyz"), "{why}");
        assert!(why.contains("pip install"), "{why}");
    }

    #[test]
    fn a_missing_program_does_not_run() {
        assert!(!runs("no-program-by-this-name-xyz", &[]));
    }
}

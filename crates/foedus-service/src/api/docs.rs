//! The readable API page at `/api/v1/docs`: generated on start from the OpenAPI
//! document, so it never drifts from the code. Plain HTML and CSS, nothing fetched.

use serde_json::Value;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline code for text with backticks.
fn prose(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(s).split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

fn schema_label(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    if let Some(items) = s.get("items") {
        return format!("array of {}", schema_label(items));
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        return one.iter().map(schema_label).collect::<Vec<_>>().join(" | ");
    }
    match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => {
            if let Some(e) = s.get("enum").and_then(Value::as_array) {
                e.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" | ")
            } else {
                "any".into()
            }
        }
    }
}

/// The page.
pub fn page(doc: &Value) -> String {
    let mut body = String::new();
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    let version = doc["info"]["version"].as_str().unwrap_or("");
    let desc = doc["info"]["description"].as_str().unwrap_or("");
    let mut by_tag: std::collections::BTreeMap<String, Vec<(String, String, Value)>> =
        Default::default();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    let tag = op["tags"][0].as_str().unwrap_or("other").to_string();
                    by_tag.entry(tag).or_default().push((
                        method.to_string(),
                        path.clone(),
                        op.clone(),
                    ));
                }
            }
        }
    }
    let mut nav = String::new();
    for (tag, ops) in &by_tag {
        nav.push_str(&format!("<h2>{}</h2><ul>", esc(tag)));
        for (m, p, _) in ops {
            nav.push_str(&format!(
                "<li><a href=\"#{}\"><span class=\"m {m}\">{}</span> {}</a></li>",
                anchor(m, p),
                m.to_uppercase(),
                esc(p)
            ));
        }
        nav.push_str("</ul>");
    }
    for (tag, ops) in &by_tag {
        body.push_str(&format!("<h2>{}</h2>", esc(tag)));
        for (m, p, op) in ops {
            body.push_str(&format!(
                "<section class=\"op\" id=\"{}\"><h3><span class=\"m {m}\">{}</span> <code>{}</code>{}</h3>",
                anchor(m, p),
                m.to_uppercase(),
                esc(p),
                if op.get("security").is_some() {
                    " <span class=\"lock\">needs a token</span>"
                } else {
                    ""
                }
            ));
            for key in ["summary", "description"] {
                if let Some(t) = op.get(key).and_then(Value::as_str) {
                    body.push_str(&format!("<p>{}</p>", prose(t)));
                }
            }
            if let Some(params) = op.get("parameters").and_then(Value::as_array)
                && !params.is_empty()
            {
                body.push_str(
                    "<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>",
                );
                for prm in params {
                    body.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(prm["name"].as_str().unwrap_or("")),
                        if prm["required"].as_bool() == Some(true) {
                            " <b title=\"required\">*</b>"
                        } else {
                            ""
                        },
                        esc(prm["in"].as_str().unwrap_or("")),
                        schema_label(&prm["schema"]),
                        prose(prm["description"].as_str().unwrap_or(""))
                    ));
                }
                body.push_str("</table>");
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (ct, c) in content {
                    body.push_str(&format!(
                        "<p class=\"body\">Body (<code>{}</code>): {}</p>",
                        esc(ct),
                        schema_label(&c["schema"])
                    ));
                }
            }
            if let Some(resps) = op.get("responses").and_then(Value::as_object) {
                body.push_str("<ul class=\"resp\">");
                for (code, r) in resps {
                    let shape = r["content"]
                        .as_object()
                        .map(|c| {
                            c.iter()
                                .map(|(ct, v)| {
                                    format!(
                                        "<code>{}</code> {}",
                                        esc(ct),
                                        schema_label(&v["schema"])
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    body.push_str(&format!(
                        "<li><span class=\"code c{}\">{}</span> {} {}</li>",
                        &code[..1],
                        esc(code),
                        prose(r["description"].as_str().unwrap_or("")),
                        shape
                    ));
                }
                body.push_str("</ul>");
            }
            body.push_str("</section>");
        }
    }
    body.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, s) in schemas {
            body.push_str(&format!(
                "<section class=\"schema\" id=\"schema-{name}\"><h3>{name}</h3>"
            ));
            if let Some(d) = s.get("description").and_then(Value::as_str) {
                body.push_str(&format!("<p>{}</p>", prose(d)));
            }
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                let required: Vec<&str> = s["required"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                body.push_str("<table><tr><th>field</th><th>type</th><th>meaning</th></tr>");
                for (k, v) in props {
                    body.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(k),
                        if required.contains(&k.as_str()) {
                            " <b title=\"required\">*</b>"
                        } else {
                            ""
                        },
                        schema_label(v),
                        prose(v.get("description").and_then(Value::as_str).unwrap_or(""))
                    ));
                }
                body.push_str("</table>");
            } else {
                body.push_str(&format!("<p class=\"type\">{}</p>", schema_label(s)));
            }
            body.push_str("</section>");
        }
    }
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} {version}</title><style>{CSS}</style></head><body>
<nav aria-label="Endpoints"><p class="brand"><a href="/">foedus</a> API <span>{version}</span></p>
<p><a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1)</p>{nav}</nav>
<main><h1>{title}</h1><p class="lead">{desc}</p>
<div class="card"><h2 class="try">Try it</h2><pre tabindex="0">curl -s 'http://HOST/api/v1/agreements?party=USA&amp;in_force=today&amp;limit=5'
curl -s 'http://HOST/api/v1/casus-foederis?attacker=PRK&amp;target=ROK&amp;date=2020-06-01'
curl -s -o dyads.parquet 'http://HOST/api/v1/panels/dyad-year?add=atop&amp;format=parquet'
curl -s -X POST -H "Authorization: Bearer $FOEDUS_TOKEN" -H 'Content-Type: application/json' \
     --data @record.json http://HOST/api/v1/agreements</pre></div>
{body}</main></body></html>"#,
        title = esc(title),
        version = esc(version),
        desc = prose(desc),
    )
}

fn anchor(method: &str, path: &str) -> String {
    format!(
        "{method}-{}",
        path.trim_start_matches('/')
            .replace(['/', '{', '}'], "-")
            .trim_matches('-')
    )
}

const CSS: &str = r#"
:root{--ink:#1d2433;--mute:#5b6474;--line:#e3e6ec;--bg:#f7f8fa;--acc:#1f5fbf}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);display:flex;background:#fff}
nav{width:300px;flex:none;height:100vh;position:sticky;top:0;overflow:auto;background:var(--bg);border-right:1px solid var(--line);padding:16px;font-size:13px}
nav ul{list-style:none;padding:0;margin:0 0 8px}nav li{margin:3px 0}nav a{color:var(--ink);text-decoration:none}nav h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--mute);margin:16px 0 6px;border:0;padding:0}
.brand{font-size:20px;font-weight:700}.brand span{font-size:12px;color:var(--mute);font-weight:400}
main{padding:24px 40px;max-width:1000px;flex:1;min-width:0;overflow-wrap:anywhere}h2.try{border:0;margin:8px 0 0;font-size:17px;text-transform:none}h1{margin-top:0}.lead{color:var(--mute)}
h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:40px;text-transform:capitalize}
.op,.schema{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:14px 0}
.op h3,.schema h3{margin:0 0 6px;font-size:15px}
.m{display:inline-block;min-width:46px;text-align:center;font-size:11px;font-weight:700;border-radius:4px;padding:1px 5px;color:#fff;background:#5b6474}
.m.get{background:#1f7a4d}.m.post{background:#1f5fbf}.m.put{background:#8a5200}.m.delete{background:#b3261e}
.lock{font-size:11px;background:#fff3cd;border:1px solid #e6c65c;border-radius:4px;padding:1px 6px;color:#6b5200}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}td,th{border-top:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}th{color:var(--mute);font-weight:600}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);padding:1px 4px;border-radius:3px}
.resp{list-style:none;padding:0;font-size:13px}.code{display:inline-block;min-width:36px;font-weight:700}.c2{color:#1f7a4d}.c4{color:#8a5200}.c5{color:#b3261e}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 16px}pre{overflow:auto;font-size:12.5px}
a{color:var(--acc)}
@media (max-width:760px){body{display:block}nav{width:auto;height:auto;max-height:40vh;position:static;border-right:0;border-bottom:1px solid var(--line)}main{padding:16px 12px}}
"#;

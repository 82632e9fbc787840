//! One year's network as GraphML (Gephi, igraph, NetworkX read it) or JSON.

use std::fmt::Write;

use serde::Serialize;

use crate::{StateMetrics, Ties, YearGraph, YearMetrics};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// GraphML of one year: nodes keyed by code with their name, abbreviation and
/// measures; undirected edges with the obligations owed in either direction.
/// `states` are the year's rows of [`crate::Metrics::states`], in node order.
pub fn graphml(g: &YearGraph, states: &[StateMetrics], ties: Ties) -> String {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let keys = [
        ("label", "node", "string"),
        ("code", "node", "int"),
        ("name", "node", "string"),
        ("degree", "node", "int"),
        ("betweenness", "node", "double"),
        ("closeness", "node", "double"),
        ("eigenvector", "node", "double"),
        ("community", "node", "int"),
        ("obligations", "edge", "string"),
    ];
    for (id, on, ty) in keys {
        let _ = writeln!(
            s,
            "  <key id=\"{id}\" for=\"{on}\" attr.name=\"{id}\" attr.type=\"{ty}\"/>"
        );
    }
    let _ = writeln!(
        s,
        "  <graph id=\"alliances-{}-{}\" edgedefault=\"undirected\">",
        g.year,
        ties.name()
    );
    for (i, m) in states.iter().enumerate() {
        let _ = write!(
            s,
            "    <node id=\"n{code}\"><data key=\"label\">{abbrev}</data><data key=\"code\">{code}</data><data key=\"name\">{name}</data><data key=\"degree\">{degree}</data><data key=\"betweenness\">{b}</data><data key=\"closeness\">{c}</data>",
            code = g.codes[i],
            abbrev = escape(&g.abbrevs[i]),
            name = escape(&g.names[i]),
            degree = m.degree,
            b = m.betweenness,
            c = m.closeness,
        );
        if let Some(e) = m.eigenvector {
            let _ = write!(s, "<data key=\"eigenvector\">{e}</data>");
        }
        if let Some(c) = m.community {
            let _ = write!(s, "<data key=\"community\">{c}</data>");
        }
        s.push_str("</node>\n");
    }
    for &(u, v, bits) in &g.edges {
        let _ = writeln!(
            s,
            "    <edge source=\"n{}\" target=\"n{}\"><data key=\"obligations\">{}</data></edge>",
            g.codes[u as usize],
            g.codes[v as usize],
            YearGraph::obligation_names(bits).join(" ")
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// A node of the JSON export.
#[derive(Serialize)]
struct JsonNode<'a> {
    abbrev: &'a str,
    name: &'a str,
    #[serde(flatten)]
    metrics: &'a StateMetrics,
}

/// An edge of the JSON export.
#[derive(Serialize)]
struct JsonEdge {
    source: u16,
    target: u16,
    obligations: Vec<&'static str>,
}

/// The JSON export.
#[derive(Serialize)]
struct JsonYear<'a> {
    year: i16,
    ties: &'static str,
    summary: &'a YearMetrics,
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge>,
}

/// One year as JSON: `{year, ties, summary, nodes: [...], edges: [...]}`.
pub fn json(
    g: &YearGraph,
    year: &YearMetrics,
    states: &[StateMetrics],
    ties: Ties,
) -> serde_json::Value {
    let doc = JsonYear {
        year: g.year,
        ties: ties.name(),
        summary: year,
        nodes: states
            .iter()
            .enumerate()
            .map(|(i, m)| JsonNode {
                abbrev: &g.abbrevs[i],
                name: &g.names[i],
                metrics: m,
            })
            .collect(),
        edges: g
            .edges
            .iter()
            .map(|&(u, v, bits)| JsonEdge {
                source: g.codes[u as usize],
                target: g.codes[v as usize],
                obligations: YearGraph::obligation_names(bits),
            })
            .collect(),
    };
    serde_json::to_value(doc).expect("plain data serializes")
}

//! The core's structure, as ARCHITECTURE.md states it: each layer uses only
//! the layers before it, no two modules of a layer use each other (directly
//! or round a longer loop), the rules and the model do no I/O, and no file
//! grows past 500 lines without a stated reason. Read from the source's
//! `crate::` and `super::` paths (test modules excluded), so a new cycle
//! fails here rather than in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers in order: each may use only those before it.
const LAYERS: [&str; 8] = [
    "model", "error", "rules", "views", "exchange", "samples", "store", "district",
];

/// Items of the crate root and the layer they come from.
const ROOT_ITEMS: [(&str, &str); 6] = [
    ("Error", "error"),
    ("Result", "error"),
    ("Registry", "model"),
    ("Store", "store"),
    ("today", "store"),
    ("APP_IDENTIFIER", "store"),
];

/// What a module free of I/O never names.
const IO: [&str; 8] = [
    "std::fs",
    "std::io",
    "std::env",
    "std::net",
    "std::process",
    "std::thread",
    "rusqlite",
    "Local::now",
];

/// Files allowed past 500 lines, and why (none today).
const LONG_FILES: [(&str, &str); 0] = [];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `rules/gaps.rs` is `["rules", "gaps"]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code of a file without its test module and its comments.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap();
    code.lines()
        .map(|l| match l.find("//") {
            Some(at) if at == 0 || l.as_bytes()[at - 1] == b' ' => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a `crate::` or `super::` prefix starts in `code`, braces of
/// `use` trees expanded, resolved to a path from the crate root.
fn paths_in(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let preceded_by_ident = i > 0 && {
            let b = bytes[i - 1];
            b.is_ascii_alphanumeric() || b == b'_' || b == b':'
        };
        let (base, skip) = if rest.starts_with("crate::") && !preceded_by_ident {
            (Vec::new(), "crate::".len())
        } else if rest.starts_with("super::") && !preceded_by_ident {
            // Each `super` is the module's parent (a `mod.rs` file's
            // module is its folder).
            let mut base = module.to_vec();
            let mut skip = 0;
            while rest[skip..].starts_with("super::") {
                base.pop();
                skip += "super::".len();
            }
            (base, skip)
        } else {
            i += rest.chars().next().unwrap().len_utf8();
            continue;
        };
        let (trees, used) = tree(&rest[skip..]);
        for t in trees {
            let mut p = base.clone();
            p.extend(t);
            out.push(p);
        }
        i += skip + used.max(1);
    }
    out
}

/// Parses a path or a `{…}` use tree; returns the paths and the bytes read.
fn tree(text: &str) -> (Vec<Vec<String>>, usize) {
    let ident_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    if ident_len > 0 {
        let head = text[..ident_len].to_string();
        let after = &text[ident_len..];
        // `self` is the path so far; `x as y` is `x`.
        let path = if head == "self" {
            vec![]
        } else {
            vec![head.clone()]
        };
        if let Some(alias) = after.strip_prefix(" as ") {
            let alias_len = alias
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(alias.len());
            return (vec![path], ident_len + 4 + alias_len);
        }
        if head == "self" {
            return (vec![path], ident_len);
        }
        if let Some(next) = after.strip_prefix("::") {
            let (subs, used) = tree(next);
            let subs = if subs.is_empty() { vec![vec![]] } else { subs };
            let paths = subs
                .into_iter()
                .map(|s| std::iter::once(head.clone()).chain(s).collect())
                .collect();
            return (paths, ident_len + 2 + used);
        }
        return (vec![vec![head]], ident_len);
    }
    if let Some(inner) = text.strip_prefix('{') {
        let mut paths = Vec::new();
        let mut pos = 1;
        let mut rest = inner;
        loop {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            pos += rest.len() - trimmed.len();
            rest = trimmed;
            if let Some(after) = rest.strip_prefix('}') {
                return (paths, pos + 1 + (rest.len() - after.len() - 1));
            }
            if rest.is_empty() {
                return (paths, pos);
            }
            let (subs, used) = tree(rest);
            if used == 0 {
                // `self`, `*` or `x as y`: skip one character.
                let c = rest.chars().next().unwrap().len_utf8();
                pos += c;
                rest = &rest[c..];
                continue;
            }
            paths.extend(subs);
            pos += used;
            rest = &rest[used..];
        }
    }
    (Vec::new(), 0)
}

struct Source {
    rel: String,
    module: Vec<String>,
    code: String,
    lines: usize,
    refs: Vec<Vec<String>>,
}

fn sources() -> Vec<Source> {
    let root = src();
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel_path = path.strip_prefix(&root).unwrap();
            let rel = rel_path.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            let module = module_of(rel_path);
            let code = code_of(&text);
            let refs = paths_in(&code, &module);
            Source {
                rel,
                module,
                lines: text.lines().count(),
                code,
                refs,
            }
        })
        .collect()
}

/// The layer a path from the crate root belongs to.
fn layer_of(path: &[String]) -> Option<&'static str> {
    let first = path.first()?;
    LAYERS
        .iter()
        .find(|l| **l == first.as_str())
        .copied()
        .or_else(|| {
            ROOT_ITEMS
                .iter()
                .find(|(item, _)| item == first)
                .map(|(_, l)| *l)
        })
}

fn rank(layer: &str) -> usize {
    LAYERS.iter().position(|l| *l == layer).unwrap()
}

/// The module of a layer a path names: its first two segments, where the
/// second is a module of that layer (a file or a folder).
fn node_of(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let two: Vec<String> = path.iter().take(2).cloned().collect();
    (two.len() == 2 && modules.contains(&two)).then_some(two)
}

#[test]
fn each_layer_uses_only_the_layers_before_it() {
    let mut wrong = Vec::new();
    for s in sources() {
        let Some(own) = s.module.first().map(String::as_str) else {
            continue;
        };
        for r in &s.refs {
            let Some(used) = layer_of(r) else { continue };
            if rank(used) > rank(own) {
                wrong.push(format!("{} uses {}", s.rel, r.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "layer order broken:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_modules_of_a_layer_use_each_other() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources
        .iter()
        .filter(|s| s.module.len() >= 2)
        .map(|s| s.module[..2].to_vec())
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for s in &sources {
        let Some(from) = node_of(&s.module, &modules) else {
            continue;
        };
        for r in &s.refs {
            if let Some(to) = node_of(r, &modules) {
                if to != from && to[0] == from[0] {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    // Depth-first search for a back edge; the loop found is reported.
    fn visit(
        n: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(n.clone());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.clone());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.clone());
        None
    }
    let mut done = BTreeSet::new();
    for n in &modules {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            let names: Vec<String> = cycle.iter().map(|p| p.join("::")).collect();
            panic!("module cycle: {}", names.join(" → "));
        }
    }
    assert!(edges.len() >= 5, "the graph was read: {edges:?}");
}

#[test]
fn the_model_and_the_rules_do_no_io() {
    let mut wrong = Vec::new();
    for s in sources() {
        if !matches!(
            s.module.first().map(String::as_str),
            Some("model" | "rules")
        ) {
            continue;
        }
        for io in IO {
            if s.code.contains(io) {
                wrong.push(format!("{} names {io}", s.rel));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn files_stay_short_or_say_why() {
    let sources = sources();
    let long: Vec<String> = sources
        .iter()
        .filter(|s| s.lines > 500 && !LONG_FILES.iter().any(|(f, _)| *f == s.rel))
        .map(|s| format!("{}: {} lines", s.rel, s.lines))
        .collect();
    assert!(
        long.is_empty(),
        "files over 500 lines:\n{}",
        long.join("\n")
    );
    for (file, _) in LONG_FILES {
        let s = sources.iter().find(|s| s.rel == file).expect(file);
        assert!(
            s.lines > 500,
            "{file} is short now: drop it from LONG_FILES"
        );
    }
}

/// The reader itself, on the forms the source uses.
#[test]
fn paths_are_read_as_the_compiler_reads_them() {
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    // (code, the module it is in, the paths read)
    type Case<'a> = (&'a str, &'a [String], Vec<Vec<String>>);
    let cases: [Case; 6] = [
        (
            "use crate::rules::gaps;",
            &m("views"),
            vec![m("rules::gaps")],
        ),
        (
            "use crate::{model::{Lang, Status}, error};",
            &m("views"),
            vec![m("model::Lang"), m("model::Status"), m("error")],
        ),
        (
            "use super::audit::{self, Head};",
            &m("store::backup"),
            vec![m("store::audit"), m("store::audit::Head")],
        ),
        (
            "use super::columns::Field;",
            &m("exchange::workbook"),
            vec![m("exchange::columns::Field")],
        ),
        (
            "use crate::samples::{self as sample, synthetic as s};",
            &m("store"),
            vec![m("samples"), m("samples::synthetic")],
        ),
        ("let x = mycrate::a; // crate::b", &m("store"), vec![]),
    ];
    for (code, module, expected) in cases {
        let got = paths_in(&code_of(code), module);
        assert_eq!(got, expected, "{code}");
    }
}

//! The repository explains itself: the layers ARCHITECTURE.md draws are the
//! ones the code follows (no module reaches up, no cycle between the
//! top-level modules), and every file a doc comment names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of ARCHITECTURE.md, bottom first. A module may use modules of
/// its own layer or below, never above.
const LAYERS: &[&[&str]] = &[
    &[
        "text", "diag", "clock", "atomic", "bytes", "regular", "data_dir",
    ],
    &["sched", "deck", "store", "demo", "config"],
    &["session", "quiz", "stats", "env", "prep"],
    &["tui", "commands", "cli"],
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The non-test code of a source file, without comments.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names (`crate::x`, `use crate::{x, …}`).
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Top-level module -> the top-level modules its non-test code uses.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let is_test_file = rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c == "tests" || c == "tests.rs" || c.ends_with("_tests.rs")
        });
        if module == "lib" || module == "main" || is_test_file {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let used = uses(&code_of(&text));
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(used.into_iter().filter(|u| *u != module));
    }
    graph
}

#[test]
fn no_module_reaches_up_a_layer() {
    let graph = module_graph();
    let mut wrong = Vec::new();
    for (module, used) in &graph {
        let Some(mine) = layer_of(module) else {
            wrong.push(format!(
                "{module}: not in any layer of this test (and ARCHITECTURE.md)"
            ));
            continue;
        };
        for u in used {
            match layer_of(u) {
                Some(theirs) if theirs <= mine => {}
                Some(_) => wrong.push(format!("{module} uses {u}, a layer above it")),
                None => wrong.push(format!("{module} uses {u}, which is in no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_top_level_modules_have_no_cycle() {
    let graph = module_graph();
    // Depth-first search with colours; a grey node met again is a cycle.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match colour.get(n) {
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        colour.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, colour, path) {
                return Some(c);
            }
        }
        path.pop();
        colour.insert(n.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in graph.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(n, &graph, &mut colour, &mut path) {
            panic!("module cycle: {}", cycle.join(" -> "));
        }
    }
}

/// The file names (`*.rs`, `*.md`, `*.py`, `*.sh`) that a doc comment line
/// names.
fn named_files(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || "_./-".contains(c)))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| {
            [".rs", ".md", ".py", ".sh"]
                .iter()
                .any(|x| w.ends_with(x) && w.len() > x.len())
        })
        .map(|w| w.trim_start_matches("./").to_string())
        .collect()
}

#[test]
fn every_file_a_doc_comment_names_is_in_the_repository() {
    let root = root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // Where a name may be relative to: the file's own module folder,
        // its folder and every folder above it, up to the repository.
        let mut bases = vec![f.with_extension("")];
        let mut d = f.parent();
        while let Some(dir) = d {
            bases.push(dir.to_path_buf());
            if dir == root {
                break;
            }
            d = dir.parent();
        }
        bases.push(root.join("src"));
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if !(t.starts_with("///") || t.starts_with("//!")) {
                continue;
            }
            for name in named_files(t) {
                if !bases.iter().any(|b| b.join(&name).exists()) {
                    let rel = f.strip_prefix(&root).unwrap().display();
                    missing.push(format!("{rel}:{}: {name}", i + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "doc comments name files that are not in the repository:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_checks_above_can_fail() {
    // The helpers find what they must, so the tests above are not vacuous.
    assert_eq!(
        uses("use crate::{deck::Deck, store};\nlet x = crate::tui::App::new();"),
        ["deck", "store", "tui"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert_eq!(code_of("// crate::tui\nfn a() {}"), "fn a() {}");
    assert_eq!(
        named_files("//! see `STYLE.md` and runner/recorder.rs."),
        ["STYLE.md", "runner/recorder.rs"]
    );
    assert!(
        module_graph()
            .get("tui")
            .is_some_and(|u| u.contains("session"))
    );
}

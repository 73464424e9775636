//! The layers of the backend run one way (docs/ARCHITECTURE.md): the domain model knows neither files nor
//! databases; `content` (the file format) and `store` (persistence) know the domain and not each other;
//! `exchange` (import, export, seeding) sits above both; the read path (`catalog`) and the page cache know
//! the store but not the file format. This test reads the source and fails on any use across those lines,
//! so a cycle cannot come back unnoticed.

use std::path::{Path, PathBuf};

/// What each module of `server/src` must not use: other modules of the crate, and outside crates.
const RULES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "content",
            "store",
            "exchange",
            "catalog",
            "cache",
            "http",
            "cli",
            "config",
            "sqlx",
            "axum",
            "pulldown_cmark",
            "toml",
            "serde_yaml",
        ],
    ),
    (
        "content",
        &[
            "store",
            "discussion",
            "exchange",
            "catalog",
            "cache",
            "http",
            "cli",
            "auth",
            "editorial",
            "sqlx",
            "axum",
        ],
    ),
    (
        "store",
        &[
            "content",
            "discussion",
            "exchange",
            "catalog",
            "cache",
            "http",
            "cli",
            "auth",
            "editorial",
            "pulldown_cmark",
            "ammonia",
            "toml",
            "serde_yaml",
            "axum",
        ],
    ),
    (
        "exchange",
        &[
            "catalog",
            "cache",
            "search",
            "http",
            "cli",
            "auth",
            "editorial",
            "axum",
        ],
    ),
    (
        "auth",
        &[
            "content",
            "exchange",
            "catalog",
            "cache",
            "search",
            "editorial",
            "http",
            "cli",
            "sqlx",
            "axum",
        ],
    ),
    (
        "editorial",
        &[
            "catalog",
            "cache",
            "search",
            "http",
            "cli",
            "discussion",
            "sqlx",
            "axum",
        ],
    ),
    (
        "discussion",
        &[
            "content",
            "exchange",
            "catalog",
            "cache",
            "search",
            "editorial",
            "http",
            "cli",
            "sqlx",
            "axum",
        ],
    ),
    (
        "catalog",
        &[
            "content", "exchange", "cache", "http", "cli", "sqlx", "axum",
        ],
    ),
    (
        "cache",
        &[
            "content", "exchange", "catalog", "search", "http", "cli", "sqlx",
        ],
    ),
    (
        "search",
        &[
            "exchange", "catalog", "cache", "http", "cli", "sqlx", "axum",
        ],
    ),
    (
        "publication",
        &[
            "exchange",
            "cache",
            "http",
            "cli",
            "sqlx",
            "axum",
            "editorial",
        ],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The names a file uses from the crate (`crate::x`, `crate::{x, y}`) and from outside crates (`x::`).
fn used_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        } else {
            names.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        if let Some((first, _)) = word.split_once("::")
            && !first.is_empty()
        {
            names.push(first.to_string());
        }
    }
    names
}

/// Every forbidden use under `src`, as `file: module uses name`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some((_, forbidden)) = RULES.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let mut names = used_names(&text);
        names.sort();
        names.dedup();
        for name in names {
            if forbidden.contains(&name.as_str()) {
                found.push(format!("{}: `{module}` uses `{name}`", rel.display()));
            }
        }
    }
    found
}

#[test]
fn the_layers_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
    // The check sees the modules it guards.
    for (module, _) in RULES {
        assert!(
            src.join(module).exists() || src.join(format!("{module}.rs")).exists(),
            "{module}"
        );
    }
}

#[test]
fn a_cycle_brought_back_is_caught() {
    // The shape of the code before the layers were put in order: the store used the content model, and
    // import (in `content`) used the store.
    let tree = tempfile::tempdir().unwrap();
    let src = tree.path();
    std::fs::create_dir_all(src.join("store")).unwrap();
    std::fs::create_dir_all(src.join("content")).unwrap();
    std::fs::write(
        src.join("store/mod.rs"),
        "use crate::content::model::*;\nuse sqlx::Pool;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("content/import.rs"),
        "use crate::{domain, store::Store};\n// use crate::cache;\n",
    )
    .unwrap();
    std::fs::write(src.join("domain.rs"), "use serde::Serialize;\n").unwrap();
    let found = violations(src);
    assert_eq!(
        found,
        [
            "content/import.rs: `content` uses `store`".to_string(),
            "store/mod.rs: `store` uses `content`".to_string(),
        ]
    );
}

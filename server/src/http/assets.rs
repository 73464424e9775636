//! The built front end (`pkg/likewise.js`, `.wasm`, `.css`) under names that carry a hash of their content
//! (`/pkg/likewise.3f9a….js`), so browsers may keep them for a year: a new build has new names. Each file is
//! read and compressed once, on its first request, and served from memory.

use crate::cache::Entry;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct File {
    /// Read when the hash was taken, so the name always promises these bytes.
    bytes: Bytes,
    content_type: &'static str,
    /// Compressed once: concurrent first requests wait for the one compression.
    entry: tokio::sync::OnceCell<Arc<Entry>>,
}

pub struct Assets {
    /// The name Leptos gives the JS and WASM files (`likewise.<hash>`).
    pub output_name: String,
    /// The stylesheet's address.
    pub stylesheet: String,
    files: HashMap<String, File>,
}

fn short_hash(bytes: &[u8]) -> String {
    crate::store::hash_hex(bytes)[..16].to_string()
}

impl Assets {
    /// Finds the built files under `site_root/pkg`; without them (a server built without its front end)
    /// the plain names are used.
    pub fn load(site_root: &Path) -> Assets {
        let pkg = site_root.join("pkg");
        let read = |name: &str| std::fs::read(pkg.join(name)).ok();
        let mut files = HashMap::new();
        let mut output_name = "likewise".to_string();
        let mut stylesheet = "/pkg/likewise.css".to_string();
        if let (Some(js), Some(wasm)) = (read("likewise.js"), read("likewise.wasm")) {
            let mut both = js.clone();
            both.extend_from_slice(&wasm);
            output_name = format!("likewise.{}", short_hash(&both));
            for (ext, content_type, bytes) in [
                ("js", "text/javascript", js),
                ("wasm", "application/wasm", wasm),
            ] {
                files.insert(
                    format!("{output_name}.{ext}"),
                    File {
                        bytes: Bytes::from(bytes),
                        content_type,
                        entry: tokio::sync::OnceCell::new(),
                    },
                );
            }
        }
        if let Some(css) = read("likewise.css") {
            let name = format!("likewise.{}.css", short_hash(&css));
            stylesheet = format!("/pkg/{name}");
            files.insert(
                name,
                File {
                    bytes: Bytes::from(css),
                    content_type: "text/css; charset=utf-8",
                    entry: tokio::sync::OnceCell::new(),
                },
            );
        }
        Assets {
            output_name,
            stylesheet,
            files,
        }
    }

    /// The addresses of the site's own files a reading page loads: the hashed stylesheet, the icon and the
    /// issue scripts (what an offline copy of an issue needs besides its pages). Reading pages have no island,
    /// so no WebAssembly.
    pub fn front_end(&self) -> Vec<String> {
        let built = self
            .stylesheet
            .strip_prefix("/pkg/")
            .is_some_and(|name| self.files.contains_key(name));
        built
            .then_some(self.stylesheet.as_str())
            .into_iter()
            .chain(["/favicon.svg", "/offline.js", "/issue.js"])
            .map(str::to_string)
            .collect()
    }

    /// Compresses every file now, so the first reader does not wait for it.
    pub async fn warm(self: Arc<Self>) {
        for name in self.files.keys() {
            let _ = self.serve(name, &HeaderMap::new()).await;
        }
    }

    /// The response for `/pkg/<name>`, if `name` is one of the hashed files.
    pub async fn serve(self: &Arc<Self>, name: &str, request: &HeaderMap) -> Option<Response> {
        let file = self.files.get(name)?;
        let entry = file
            .entry
            .get_or_try_init(|| async {
                let (bytes, content_type) = (file.bytes.clone(), file.content_type);
                tokio::task::spawn_blocking(move || {
                    Arc::new(Entry::new(
                        "/pkg",
                        200,
                        content_type.to_string(),
                        Some(IMMUTABLE.to_string()),
                        bytes,
                    ))
                })
                .await
            })
            .await
            .ok()?
            .clone();
        Some(super::cached::respond(&entry, request, "hit"))
    }
}

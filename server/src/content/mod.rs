//! The content format (docs/design.md#content-format): front matter, validation of files and TOML lists, and Markdown rendering.
//! It knows the domain model and nothing of databases; moving whole trees in and out of the store is
//! `exchange`'s work.

pub mod adoptions;
pub mod frontmatter;
pub mod iso639;
pub mod markdown;
pub mod parse;
pub mod pictures;
pub mod svg;

/// The largest file a content tree may hold.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

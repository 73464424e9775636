//! The content format (DESIGN §4): parsing and validating files, rendering Markdown, and moving whole
//! trees in and out of the store.

pub mod export;
pub mod frontmatter;
pub mod import;
pub mod markdown;
pub mod model;
pub mod parse;

/// The largest file a content tree may hold.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

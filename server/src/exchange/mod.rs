//! Moving the library between files and the store: `import` and `export` of content trees, the first-start
//! seeding, and re-rendering stored texts when the Markdown pipeline changes. This layer sits above both the
//! file format (`content`) and persistence (`store`), which know nothing of each other.

pub mod adoptions;
pub mod export;
pub mod generate;
pub mod import;
pub mod seed;

//! Magazines taken along: an issue as a PDF (typeset on the server), its offline manifest for the service
//! worker, and QR codes of magazines and cases. Everything here is made from what the catalog shows readers,
//! so a PDF says what the pages say.

pub mod issue;
pub mod pdf;
pub mod qr;
mod typst_markup;

pub use issue::{OfflineManifest, PdfMaker, PublicationError};

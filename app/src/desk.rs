//! What the editorial screens show: the desk of a partner's items, the editor, history with diffs, the
//! account page and the admin screen. Filled by the server's `Desk` (below, ssr only) or, after a form
//! post that needs correcting, by the post handler itself (`Prefilled`), so nothing typed is lost.

use crate::account::Viewer;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

pub use crate::model::{ItemKind, Status, TranslationState};

/// A view model handed to a page by the handler of a form post, in place of what the page would load.
#[derive(Debug, Clone)]
pub struct Prefilled<T>(pub T);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineChange {
    Same,
    Added,
    Removed,
    /// Unchanged lines left out.
    Gap,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    /// A word that changed within its line.
    pub changed: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: LineChange,
    pub parts: Vec<DiffPart>,
}

/// A slug and what to call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEntry {
    pub kind: ItemKind,
    pub slug: String,
    pub title: String,
    pub status: Status,
    pub partner: Option<String>,
    pub source_lang: Lang,
    pub languages: Vec<Lang>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskView {
    pub viewer: Viewer,
    pub items: Vec<DeskEntry>,
    /// May this person create cases (and for which partners)?
    pub partners: Vec<Choice>,
    pub may_create_magazine: bool,
    /// The partners this person edits for, with how comments on their cases are moderated (`site`, `pre`,
    /// `post`).
    #[serde(default)]
    pub moderation: Vec<(Choice, String)>,
}

/// One field's refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field (`title`, `themes`, …); `None` for the form as a whole.
    pub field: Option<String>,
    pub message: String,
}

/// Every field of the editor form, as typed. A source file of a case uses the case fields; a magazine
/// the magazine fields; a translation only the words (title, summary, tags, image alt, body).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditForm {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub partner: String,
    pub themes: Vec<String>,
    pub published: String,
    pub updated: String,
    pub stage: String,
    pub started: String,
    pub cost_eur: String,
    /// Comma-separated.
    pub tags: String,
    pub contact_name: String,
    pub contact_email: String,
    /// One link a line: `title | https://…`.
    pub links: String,
    pub image: String,
    pub image_alt: String,
    /// Magazines: its number and its cases, one slug a line, in order.
    pub number: String,
    pub cases: String,
    pub body: String,
    /// The note saved with the revision.
    pub note: String,
    /// Set for a translation: the language it is translated from.
    pub translated_from: Option<Lang>,
    /// A translation: the `source_hash` of the source as it was when the editor opened, which the saved
    /// file records (a source changed meanwhile leaves the translation outdated, as it should).
    #[serde(default)]
    pub source_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    pub viewer: Viewer,
    pub kind: ItemKind,
    /// `None` for an item not saved yet.
    pub slug: Option<String>,
    /// The language of the file being edited.
    pub text_lang: Lang,
    pub source_lang: Option<Lang>,
    pub languages: Vec<Lang>,
    pub status: Option<Status>,
    pub form: EditForm,
    pub errors: Vec<FieldError>,
    /// A confirmation to show (`saved`, `submitted`, …), as a code the page translates.
    pub notice: Option<String>,
    pub preview: Option<Preview>,
    pub partners: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// Images stored beside the item.
    pub images: Vec<String>,
    /// May this person publish (or send back) this item?
    pub may_publish: bool,
    /// The moves the workflow allows from here.
    pub moves: Vec<Status>,
    /// When an autosaved draft newer than the stored text was restored into the form.
    pub restored_draft: Option<String>,
    /// For a translation of a case: its source beside it, and what changed there.
    pub translation: Option<TranslationAid>,
}

/// One stretch of a text, from one heading to the next (the first one starts at the top).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub markdown: String,
    pub html: String,
}

/// The n-th section of the source and of the translation, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPair {
    pub source: Option<Section>,
    pub translation: Option<Section>,
}

/// What a translator sees beside the form: the source, aligned by headings, and its changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationAid {
    pub state: TranslationState,
    pub source_lang: Lang,
    pub source_title: String,
    pub source_summary: String,
    pub source_tags: String,
    pub source_image_alt: String,
    pub sections: Vec<SectionPair>,
    /// The source file since the state the translation follows (outdated translations only).
    pub changes: Vec<DiffLine>,
    /// When the source was last written (`YYYY-MM-DD`).
    pub source_updated: String,
}

/// One case × language on the translator's desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslateRow {
    pub slug: String,
    pub title: String,
    pub partner: String,
    pub source_lang: Lang,
    pub lang: Lang,
    /// `Missing` or `Outdated`.
    pub state: TranslationState,
    /// Since when (`YYYY-MM-DD`): the source's last change, or the case's publication.
    pub since: String,
}

/// What the translator's desk lists, and how it is filtered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslateFilter {
    pub lang: Option<Lang>,
    pub partner: Option<String>,
    pub theme: Option<String>,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangCount {
    pub lang: Lang,
    pub missing: usize,
    pub outdated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslateDeskView {
    pub viewer: Viewer,
    pub filter: TranslateFilter,
    pub rows: Vec<TranslateRow>,
    /// Rows the filter selects in all (the page shows a window of them).
    pub total: usize,
    pub pages: u32,
    pub counts: Vec<LangCount>,
    pub partners: Vec<Choice>,
    pub themes: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub title: String,
    pub summary: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub revision: i64,
    pub created_at: String,
    pub author: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRow {
    pub from: String,
    pub to: String,
    pub author: String,
    pub note: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    pub viewer: Viewer,
    pub kind: ItemKind,
    pub slug: String,
    pub title: String,
    pub text_lang: Lang,
    pub languages: Vec<Lang>,
    pub revisions: Vec<RevisionRow>,
    pub events: Vec<WorkflowRow>,
    /// The two revisions compared, and their difference.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub diff: Vec<DiffLine>,
    pub may_revert: bool,
    pub notice: Option<String>,
    pub errors: Vec<FieldError>,
    /// A case's `adoptions.toml`: every revision, newest first, and the file as it is now.
    #[serde(default)]
    pub adoption_revisions: Vec<RevisionRow>,
    #[serde(default)]
    pub adoptions_file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
    /// When it ends, if its maker chose an end.
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub viewer: Viewer,
    pub tokens: Vec<TokenRow>,
    /// A token just created: shown this once.
    pub new_token: Option<String>,
    pub notice: Option<String>,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub name: String,
    /// Role codes (`editor:groningen`, `admin`, …).
    pub grants: Vec<String>,
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminView {
    pub viewer: Viewer,
    pub accounts: Vec<AccountRow>,
    pub partners: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// A one-time password or reset link just made, shown this once.
    pub secret: Option<(String, String)>,
    pub notice: Option<String>,
    pub errors: Vec<FieldError>,
    /// The partners file and themes file as TOML, for editing in place.
    pub partners_toml: String,
    pub themes_toml: String,
}

/// The sign-in form after a refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInView {
    pub email: String,
    pub error: Option<String>,
    /// Where to go once signed in.
    pub next: String,
}

/// The set-a-new-password form of a reset link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetView {
    pub live: bool,
    pub errors: Vec<FieldError>,
    pub done: bool,
}

/// Why a screen of the desk cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DeskError {
    #[error("sign in first")]
    SignInRequired,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("unavailable")]
    Unavailable,
}

impl leptos::server_fn::error::FromServerFnError for DeskError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(_: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        DeskError::Unavailable
    }
}

#[cfg(feature = "ssr")]
pub use backend::*;

#[cfg(feature = "ssr")]
mod backend {
    use super::*;
    use std::sync::Arc;

    /// What the editorial screens need from the server.
    #[async_trait::async_trait]
    pub trait Desk: Send + Sync {
        async fn desk(&self, viewer: &Viewer) -> Result<DeskView, DeskError>;
        /// The editor of one language of an item (`slug` none: a new item; `text_lang` none: its source).
        async fn editor(
            &self,
            viewer: &Viewer,
            lang: Lang,
            kind: ItemKind,
            slug: Option<String>,
            text_lang: Option<Lang>,
        ) -> Result<EditorView, DeskError>;
        async fn history(
            &self,
            viewer: &Viewer,
            kind: ItemKind,
            slug: String,
            text_lang: Option<Lang>,
            from: Option<i64>,
            to: Option<i64>,
        ) -> Result<HistoryView, DeskError>;
        async fn translate_desk(
            &self,
            viewer: &Viewer,
            lang: Lang,
            filter: TranslateFilter,
        ) -> Result<TranslateDeskView, DeskError>;
        async fn account(&self, viewer: &Viewer) -> Result<AccountView, DeskError>;
        async fn admin(&self, viewer: &Viewer) -> Result<AdminView, DeskError>;
        async fn reset_link_live(&self, token: &str) -> Result<bool, DeskError>;
    }

    pub type SharedDesk = Arc<dyn Desk>;

    /// The signed-in person of the request being rendered.
    pub fn request_viewer() -> Option<Viewer> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<Viewer>().cloned())
    }
}

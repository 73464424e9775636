//! Server functions of the editorial screens: who is asking comes from the request (the session resolved
//! by the server), never from an argument, and the `Desk` in context decides what they may see.

use crate::desk::*;
use crate::lang::Lang;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
fn desk() -> Result<(SharedDesk, crate::account::Viewer), DeskError> {
    let viewer = request_viewer().ok_or(DeskError::SignInRequired)?;
    let desk = use_context::<SharedDesk>().ok_or(DeskError::Unavailable)?;
    Ok((desk, viewer))
}

#[server(input = GetUrl)]
pub async fn get_desk() -> Result<DeskView, DeskError> {
    let (desk, viewer) = desk()?;
    desk.desk(&viewer).await
}

#[server(input = GetUrl)]
pub async fn get_editor(
    lang: Lang,
    kind: ItemKind,
    slug: Option<String>,
    text_lang: Option<Lang>,
) -> Result<EditorView, DeskError> {
    let (desk, viewer) = desk()?;
    desk.editor(&viewer, lang, kind, slug, text_lang).await
}

#[server(input = GetUrl)]
pub async fn get_history(
    kind: ItemKind,
    slug: String,
    text_lang: Option<Lang>,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HistoryView, DeskError> {
    let (desk, viewer) = desk()?;
    desk.history(&viewer, kind, slug, text_lang, from, to).await
}

#[server(input = GetUrl)]
pub async fn get_account() -> Result<AccountView, DeskError> {
    let (desk, viewer) = desk()?;
    desk.account(&viewer).await
}

#[server(input = GetUrl)]
pub async fn get_admin() -> Result<AdminView, DeskError> {
    let (desk, viewer) = desk()?;
    desk.admin(&viewer).await
}

#[server(input = GetUrl)]
pub async fn get_reset_live(token: String) -> Result<bool, DeskError> {
    let desk = use_context::<SharedDesk>().ok_or(DeskError::Unavailable)?;
    desk.reset_link_live(&token).await
}

//! Server functions of the comment screens and the translator's desk. Who is asking comes from the request,
//! never from an argument.

use crate::desk::{DeskError, ItemKind, TranslateDeskView, TranslateFilter};
use crate::discussion::*;
use crate::lang::Lang;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
fn discussion() -> Result<SharedDiscussion, DeskError> {
    use_context::<SharedDiscussion>().ok_or(DeskError::Unavailable)
}

#[cfg(feature = "ssr")]
fn signed_in() -> Result<crate::account::Viewer, DeskError> {
    crate::desk::request_viewer().ok_or(DeskError::SignInRequired)
}

#[server(input = GetUrl)]
pub async fn get_comments(
    lang: Lang,
    kind: ItemKind,
    slug: String,
) -> Result<CommentsView, DeskError> {
    let viewer = crate::desk::request_viewer();
    discussion()?
        .comments(viewer.as_ref(), lang, kind, &slug)
        .await
}

#[server(input = GetUrl)]
pub async fn get_notifications(lang: Lang) -> Result<NotificationsView, DeskError> {
    let viewer = signed_in()?;
    discussion()?.notifications(&viewer, lang).await
}

#[server(input = GetUrl)]
pub async fn get_moderation(
    lang: Lang,
    tab: String,
    at: QueueAt,
) -> Result<ModerationView, DeskError> {
    let viewer = signed_in()?;
    discussion()?.moderation(&viewer, lang, &tab, at).await
}

#[server(input = GetUrl)]
pub async fn get_translate_desk(
    lang: Lang,
    filter: TranslateFilter,
) -> Result<TranslateDeskView, DeskError> {
    let viewer = signed_in()?;
    let desk = use_context::<crate::desk::SharedDesk>().ok_or(DeskError::Unavailable)?;
    desk.translate_desk(&viewer, lang, filter).await
}

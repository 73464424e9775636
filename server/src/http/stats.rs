//! `/{lang}/stats/{chart}.csv`: the figures of one chart of the statistics page, for the same filters,
//! as the reader's spreadsheet opens them.

use super::{ApiError, AppState};
use crate::domain::Lang;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn csv(
    State(state): State<AppState>,
    Path((lang, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let lang: Lang = lang
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no language `{lang}`")))?;
    let id = file
        .strip_suffix(".csv")
        .filter(|id| app::stats::CHARTS.contains(id))
        .ok_or_else(|| ApiError::NotFound(format!("no chart `{file}`")))?;
    let params = app::stats::StatsParams::from_query(query.as_deref().unwrap_or(""));
    let view = state.catalog.stats_view(lang, params).await?;
    let body = view
        .csv(lang, id)
        .ok_or_else(|| ApiError::NotFound(format!("no chart `{id}`")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"likewise-{id}.csv\""),
            ),
        ],
        // A byte-order mark: spreadsheets read the file as UTF-8 (names like "Übernahmen", "Århus").
        format!("\u{feff}{body}"),
    )
        .into_response())
}

//! The web server: Leptos pages, the JSON API, feeds, media and health, on one axum router.

mod adoptions;
mod api;
mod assets;
pub mod cached;
mod canonical;
mod comments;
mod editor;
mod error;
pub mod extract;
mod feeds;
mod forms;
mod linked_data;
mod media;
pub mod observe;
mod openapi;
mod page;
mod personal;
mod publication;
mod search_api;
pub mod security;
pub mod session;
mod stats;
pub mod views;
mod write_api;

pub use error::ApiError;
pub use search_api::parse as parse_search_query;

use crate::cache::PageCache;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::store::SharedStore;
use app::lang::Lang;
use app::library::SharedLibrary;
use app::{App, shell};
use assets::Assets;
use axum::extract::Request;
use axum::extract::{FromRef, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tower::Layer;
use tower::util::MapRequestLayer;
use tower_http::services::ServeFile;
use tower_http::timeout::TimeoutLayer;

/// Everything a request may need, behind one reference count: every middleware layer and handler takes
/// its own copy of the state per request, and copying two dozen shared fields one by one (each an atomic
/// count both cores write) took a third of the CPU of a cached page.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What `AppState` holds.
pub struct Shared {
    /// Where the built front end lives and what it is called.
    pub leptos_options: LeptosOptions,
    /// The database behind everything.
    pub store: SharedStore,
    /// The one read path: pages, API, feeds and sitemap.
    pub catalog: Arc<Catalog>,
    /// The same read path as the pages' `Library`.
    pub library: SharedLibrary,
    /// Configuration as read at start-up.
    pub config: Arc<Config>,
    /// Whole responses for readers, kept true by the change log.
    pub cache: Arc<PageCache>,
    /// The search backend, kept true by the indexer.
    pub search: crate::search::SharedIndex,
    /// What the indexer is doing, for `/healthz`.
    pub search_status: crate::search::indexer::SharedStatus,
    /// Accounts, sessions and tokens.
    pub auth: Arc<crate::auth::Auth>,
    /// The editor's services: saves, workflow, uploads, history, each checking who may.
    pub editorial: Arc<crate::editorial::Editorial>,
    /// The editorial screens' read side, as the pages' `Desk`.
    pub desk: Arc<crate::editorial::desk::DeskService>,
    /// Comments and moderation: every write of them, checking who may.
    pub discussion: Arc<crate::discussion::Discussion>,
    /// The comment screens' read side, as the pages' `Discussion`.
    pub discussion_views: Arc<crate::discussion::views::DiscussionService>,
    /// The nonce Leptos stamps on the inline script of every page, fixed per build of the front end.
    pub nonce: String,
    /// The built front end under content-hashed names.
    assets: Arc<Assets>,
    /// Issue PDFs, made once per state of an issue.
    pub pdfs: Arc<crate::publication::PdfMaker>,
    /// Set when the process was asked to stop: `/healthz` says so at once, so a load balancer sends new
    /// readers elsewhere while the requests in flight finish.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// Requests, latency and cache use, for `/metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Page views counted since they were last added to the store.
    pub views: Arc<views::PageViews>,
    /// Moderators' queue pages, kept per person while nothing they show changed.
    pub personal: Arc<personal::PersonalPages>,
}

impl AppState {
    pub fn new(config: Config, store: SharedStore, search: crate::search::SharedIndex) -> Self {
        let assets = Arc::new(Assets::load(&config.site_root));
        let leptos_options = LeptosOptions::builder()
            .output_name(assets.output_name.clone())
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(config.addr)
            .build();
        let writes = store.write_count();
        let catalog = Arc::new(Catalog::new(store.clone(), search.clone()));
        let library: SharedLibrary = catalog.clone();
        let nonce = assets.output_name.replace('.', "-");
        let auth = Arc::new(crate::auth::Auth::new(store.clone()));
        let editorial = Arc::new(crate::editorial::Editorial::new(store.clone()));
        let discussion = Arc::new(
            crate::discussion::Discussion::new(store.clone()).with_unseen(auth.unseen_counts()),
        );
        AppState(Arc::new(Shared {
            discussion_views: Arc::new(crate::discussion::views::DiscussionService::new(
                (*discussion).clone(),
                store.clone(),
            )),
            discussion,
            desk: Arc::new(crate::editorial::desk::DeskService::new(
                store.clone(),
                auth.clone(),
                editorial.clone(),
            )),
            auth,
            editorial,
            nonce,
            leptos_options,
            store,
            catalog,
            library,
            cache: Arc::new(PageCache::new(config.page_cache_bytes)),
            search,
            search_status: crate::search::indexer::new_status(),
            config: Arc::new(config),
            assets,
            pdfs: Arc::new(crate::publication::PdfMaker::default()),
            draining: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            metrics: Arc::new(crate::metrics::Metrics::default()),
            views: Arc::new(views::PageViews::default()),
            personal: Arc::new(personal::PersonalPages::new(writes)),
        }))
    }

    /// Starts following the change log into this state's page cache and into the search index; call once
    /// per process, before serving.
    pub async fn follow_changes(&self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.assets.clone().warm());
        tokio::spawn(self.views.clone().run(self.store.clone()));
        tokio::spawn(crate::search::indexer::run(
            self.store.clone(),
            self.search.clone(),
            self.search_status.clone(),
        ));
        let position = crate::cache::watch::start(&self.store).await;
        tokio::spawn(crate::cache::watch::follow(
            self.store.clone(),
            self.cache.clone(),
            vec![
                self.catalog.clone(),
                self.discussion_views.clone(),
                self.personal.clone(),
            ],
            position,
        ))
    }
}

/// The largest request body: an image upload (5 MiB) in a form with its fields.
const MAX_BODY: usize = 6 * 1024 * 1024;

/// The longest any request may take.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The app's routes, found by rendering it once per process. Leptos suppresses resource loading in the
/// whole process while it does that (leptos#4773): a page whose resource first polls during a second
/// generation, say while another router is being built in the same process, would wait forever.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let context = page::page_context(&state);
    let options = state.leptos_options.clone();
    let site = Router::new()
        .route("/", get(root_redirect))
        .route("/healthz", get(healthz))
        .route("/healthz/live", get(live))
        .route("/healthz/ready", get(ready))
        .route("/pkg/{file}", get(pkg_file))
        // Before the `/{lang}` pages claim it.
        .route_service(
            "/favicon.svg",
            ServeFile::new(state.config.site_root.join("favicon.svg")),
        )
        // The editor's progressive enhancement (autosave, live preview, case picker).
        .route_service(
            "/editor.js",
            ServeFile::new(state.config.site_root.join("editor.js")),
        )
        // Reading issues offline and turning their pages: plain scripts, no WebAssembly.
        .route_service(
            "/offline.js",
            ServeFile::new(state.config.site_root.join("offline.js")),
        )
        .route_service(
            "/issue.js",
            ServeFile::new(state.config.site_root.join("issue.js")),
        )
        .route_service(
            "/sw.js",
            tower::ServiceBuilder::new()
                .map_response(
                    |r: Response<tower_http::services::fs::ServeFileSystemResponseBody>| {
                        publication::service_worker_headers(r.map(axum::body::Body::new))
                    },
                )
                .service(ServeFile::new(state.config.site_root.join("sw.js"))),
        )
        .route_service(
            "/icon-192.png",
            ServeFile::new(state.config.site_root.join("icon-192.png")),
        )
        .route_service(
            "/icon-512.png",
            ServeFile::new(state.config.site_root.join("icon-512.png")),
        )
        .route(
            "/{lang}/manifest.webmanifest",
            get(publication::web_manifest),
        )
        .route(
            "/{lang}/magazines/{slug}/issue.pdf",
            get(publication::issue_pdf),
        )
        .route(
            "/{lang}/magazines/{slug}/offline.json",
            get(publication::offline_manifest),
        )
        // Spelled out: `/{lang}/magazines/{slug}/{case}` (the reading view) would claim them otherwise.
        .route(
            "/{lang}/magazines/{slug}/qr.svg",
            get(publication::magazine_qr),
        )
        .route("/{lang}/cases/{slug}/qr.svg", get(publication::case_qr))
        .route(
            "/{lang}/magazines/{slug}/comments.atom",
            get(comments::magazine_atom),
        )
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/{lang}/feed.atom", get(feeds::atom))
        .route("/{lang}/stats/{file}", get(stats::csv))
        .route("/{lang}/{dir}/{slug}/comments.atom", get(comments::atom))
        .route("/media/{kind}/{slug}/{name}", get(media::serve))
        .nest("/api/v1", api::router())
        // Form posts, on the addresses of the pages whose forms they are (the pages are GETs below).
        .route("/{lang}/sign-in", axum::routing::post(forms::sign_in))
        .route("/{lang}/sign-out", axum::routing::post(forms::sign_out))
        .route("/{lang}/account", axum::routing::post(forms::account))
        .route("/{lang}/reset/{token}", axum::routing::post(forms::reset))
        .route("/{lang}/admin", axum::routing::post(forms::admin))
        .route(
            "/{lang}/{dir}/{slug}/comments",
            axum::routing::post(comments::post),
        )
        .route(
            "/{lang}/magazines/{slug}/comments",
            axum::routing::post(comments::post_on_magazine),
        )
        .route(
            "/{lang}/comments/{id}/{action}",
            axum::routing::post(comments::act),
        )
        .route(
            "/{lang}/moderation/settings",
            axum::routing::post(comments::settings),
        )
        .route(
            "/{lang}/moderation/partner/{partner}",
            axum::routing::post(comments::settings),
        )
        .route(
            "/{lang}/moderation/{id}/{action}",
            axum::routing::post(comments::moderate),
        )
        .route(
            "/{lang}/notifications/seen",
            axum::routing::post(comments::seen),
        )
        .route(
            "/{lang}/desk/new/{kind}",
            axum::routing::post(editor::create),
        )
        .route(
            "/{lang}/desk/{kind}/{slug}",
            axum::routing::post(editor::update),
        )
        .route(
            "/{lang}/desk/{kind}/{slug}/history",
            axum::routing::post(editor::history),
        )
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .route_layer(axum::middleware::from_fn(observe::name_route))
        // No file from the site folder but those named above: every other address is the app's own 404.
        .fallback(not_found)
        // A response that cannot be made in this time is an error the reader sees, not a page that spins.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cached::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::origin_check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        // Outside the cache: a page served from it is a view too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            views::count,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observe::observe,
        ))
        .with_state(state);
    Router::new().fallback_service(MapRequestLayer::new(home_without_slash).layer(site))
}

/// The home page's address is `/{lang}/`; the page router knows it as `/{lang}`.
fn home_without_slash(mut request: Request) -> Request {
    let path = request.uri().path();
    let bytes = path.as_bytes();
    if bytes.len() == 4
        && bytes[0] == b'/'
        && bytes[3] == b'/'
        && path[1..3].bytes().all(|b| b.is_ascii_lowercase())
    {
        let rewritten = match request.uri().query() {
            Some(q) => format!("{}?{q}", &path[..3]),
            None => path[..3].to_string(),
        };
        if let Ok(uri) = rewritten.parse() {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// `/` sends readers to their language, by `Accept-Language`, English otherwise.
async fn root_redirect(headers: HeaderMap) -> Response {
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::En);
    let mut response = Redirect::to(&format!("/{lang}/")).into_response();
    response.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Language"),
    );
    response
}

/// The hashed front-end files, from memory, by their exact names; any other name is a 404. Nothing of the
/// request's path ever reaches the file system.
async fn pkg_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    match state.assets.serve(&file, &headers).await {
        Some(r) => r,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Any address no route claims: the app's page for it (its 404), never a file.
async fn not_found(State(state): State<AppState>, parts: axum::http::request::Parts) -> Response {
    page::render_get(&state, parts, StatusCode::NOT_FOUND).await
}

/// Liveness: the process answers. A load balancer or supervisor restarts an instance that does not.
async fn live() -> Response {
    Json(serde_json::json!({ "status": "live" })).into_response()
}

/// Readiness: this instance can answer readers now (its store answers, its schema is current) and is not
/// stopping. A load balancer sends requests only to ready instances.
async fn ready(State(state): State<AppState>) -> Response {
    if state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        return draining();
    }
    match state.store.health().await {
        Ok(()) => Json(serde_json::json!({ "status": "ready" })).into_response(),
        Err(e) => {
            tracing::error!("readiness: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// How far the search index has taken in the change log. A shared index is kept by whichever instance
/// holds the lease: its recorded position tells.
async fn search_position(state: &AppState) -> i64 {
    let own = state
        .search_status
        .lock()
        .map(|s| s.position)
        .unwrap_or_default();
    if state.search.shared() {
        state.search.position().await.ok().flatten().unwrap_or(own)
    } else {
        own
    }
}

fn draining() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "5")],
        Json(serde_json::json!({ "status": "draining" })),
    )
        .into_response()
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        return draining();
    }
    let store = state.store.health().await;
    let indexer = state
        .search_status
        .lock()
        .map(|s| s.clone())
        .unwrap_or_default();
    let position = search_position(&state).await;
    let waiting = state.store.changes_waiting(position).await.ok();
    let documents = state.search.documents().await.ok();
    let search = serde_json::json!({
        "backend": state.search.backend(),
        "status": if documents.is_none() { "down" } else { indexer.state },
        "documents": documents,
        "position": position,
        "waiting": waiting,
        "error": indexer.error,
    });
    let page_cache =
        serde_json::json!({ "entries": state.cache.len(), "bytes": state.cache.bytes() });
    match store {
        Ok(()) => Json(serde_json::json!({
            "status": if documents.is_some() && matches!(indexer.state, "ok" | "standby") { "ok" } else { "degraded" },
            "store": state.store.backend(),
            "search": search,
            "page_cache": page_cache,
        }))
        .into_response(),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({
                    "status": "unavailable",
                    "store": state.store.backend(),
                    "search": search,
                })),
            )
                .into_response()
        }
    }
}

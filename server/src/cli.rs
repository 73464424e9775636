//! The command line (docs/design.md#command-line). Every command ends with a one-line summary; long
//! commands show progress on a terminal and plain lines otherwise.

use crate::config::Config;
use crate::exchange::{export, import, seed};
use crate::http::{AppState, router};
use crate::store::{self, SharedStore};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes a line to standard output. A reader that closed the pipe early (`likewise user token | head -1`)
/// has what it wanted: the rest is dropped instead of panicking with exit 101.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[derive(Debug, Parser)]
#[command(
    name = "likewise",
    version,
    about = "Likewise: the best-practice library municipalities and regions share"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the site. The first start on an empty store imports LIKEWISE_CONTENT.
    Serve,
    /// Import a content tree: validates every file, stores what is valid, reports the rest (exit 1).
    Import {
        /// The content folder (partners.toml, themes.toml, cases/, magazines/).
        dir: PathBuf,
    },
    /// Write the store back as a content tree that `import` reads to the same state.
    Export {
        /// The folder to write; created if missing.
        dir: PathBuf,
    },
    /// Copy the SQLite database (library, accounts, comments, files) to FILE while the site keeps serving.
    /// Restore: stop the site, put the copy where DATABASE_URL points, start it, run `reindex`. PostgreSQL
    /// is backed up with `pg_dump` (docs/operations.md).
    Backup {
        /// The file to write; refused when it exists.
        file: PathBuf,
    },
    /// Rebuild the search index from the store. Safe to run again; with the embedded index, stop the server
    /// first (it holds the index), with Meilisearch it may run while servers run.
    Reindex,
    /// Manage accounts: `user add` bootstraps the first admin.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write a synthetic library for benchmarks: realistic cases in five languages, with partners, themes
    /// and magazines, in the content format. The same seed gives the same tree.
    Generate {
        /// The folder to write; created if missing, refused if not empty.
        dir: PathBuf,
        /// How many cases.
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Prints a generated password, or reads one from standard input with
    /// `--password-stdin`.
    Add {
        #[arg(long)]
        email: String,
        /// The name shown beside their work; the part of the email before `@` when not given.
        #[arg(long)]
        name: Option<String>,
        /// The partner an editor edits for (with `--role editor`).
        #[arg(long)]
        partner: Option<String>,
        /// `member`, `editor`, `translator`, `moderator` or `admin`; repeat for several.
        #[arg(long = "role", default_value = "member")]
        roles: Vec<String>,
        /// Read the password from standard input (one line) instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a one-time link (valid 24 hours) with which the account sets a new password.
    ResetLink {
        #[arg(long)]
        email: String,
    },
    /// Print a new personal API token of an account (for a partner's own system); shown once.
    Token {
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        name: String,
    },
    /// List accounts and their roles.
    List,
}

/// Roles as the CLI names them, with the partner an editor edits for.
pub fn grants_of(
    roles: &[String],
    partner: Option<&str>,
) -> Result<Vec<app::account::Grant>, String> {
    use app::account::Grant;
    let mut grants = Vec::new();
    for role in roles {
        match role.as_str() {
            "member" => {}
            "editor" => match partner {
                Some(p) => grants.push(Grant::Editor(p.to_string())),
                None => return Err("--role editor needs --partner P".into()),
            },
            other => grants.push(Grant::parse(other).ok_or_else(|| {
                format!("unknown role `{other}`: member, editor, translator, moderator or admin")
            })?),
        }
    }
    if partner.is_some() && !roles.iter().any(|r| r == "editor") {
        return Err("--partner goes with --role editor".into());
    }
    grants.sort();
    grants.dedup();
    Ok(grants)
}

async fn run_user(config: &Config, store: SharedStore, command: UserCommand) -> ExitCode {
    let auth = crate::auth::Auth::new(store.clone());
    match command {
        UserCommand::Add {
            email,
            name,
            partner,
            roles,
            password_stdin,
        } => {
            let grants = match grants_of(&roles, partner.as_deref()) {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("likewise user add: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Some(p) = &partner {
                match store.partners().await {
                    Ok(all) if all.iter().any(|x| &x.slug == p) => {}
                    Ok(_) => {
                        eprintln!("likewise user add: --partner: there is no partner `{p}`");
                        return ExitCode::from(2);
                    }
                    Err(e) => {
                        eprintln!("likewise user add: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            let password = if password_stdin {
                let mut line = String::new();
                if let Err(e) = std::io::stdin().read_line(&mut line) {
                    eprintln!("likewise user add: cannot read the password: {e}");
                    return ExitCode::from(2);
                }
                Some(line.trim_end_matches(['\n', '\r']).to_string())
            } else {
                None
            };
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
            match auth
                .create_account(&email, &name, password.as_deref(), &grants)
                .await
            {
                Ok((account, generated)) => {
                    let roles: Vec<String> = account.grants.iter().map(|g| g.code()).collect();
                    if let Some(p) = generated {
                        say!("password: {p}");
                        say!(
                            "(shown once; sign in at {}/en/sign-in and change it on the account page)",
                            config.public_url
                        );
                    }
                    say!(
                        "user add: {} ({}) with roles: {}",
                        account.email,
                        account.name,
                        if roles.is_empty() {
                            "member".to_string()
                        } else {
                            roles.join(", ")
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("likewise user add: {e}");
                    ExitCode::from(1)
                }
            }
        }
        UserCommand::ResetLink { email } => {
            let email = email.trim().to_lowercase();
            let account = match store.accounts().account_by_email(&email).await {
                Ok(Some((a, _))) => a,
                Ok(None) => {
                    eprintln!("likewise user reset-link: no account has the email {email}");
                    return ExitCode::from(1);
                }
                Err(e) => {
                    eprintln!("likewise user reset-link: {e}");
                    return ExitCode::from(2);
                }
            };
            match auth.issue_reset_link(&account.id).await {
                Ok(token) => {
                    say!("{}/en/reset/{token}", config.public_url);
                    say!("user reset-link: a one-time link for {email}, valid 24 hours");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("likewise user reset-link: {e}");
                    ExitCode::from(1)
                }
            }
        }
        UserCommand::Token { email, name } => {
            let email = email.trim().to_lowercase();
            let account = match store.accounts().account_by_email(&email).await {
                Ok(Some((a, _))) => a,
                Ok(None) => {
                    eprintln!("likewise user token: no account has the email {email}");
                    return ExitCode::from(1);
                }
                Err(e) => {
                    eprintln!("likewise user token: {e}");
                    return ExitCode::from(2);
                }
            };
            let viewer = crate::auth::viewer_of(account, String::new());
            match auth.create_token(&viewer, &name).await {
                Ok(token) => {
                    say!("{token}");
                    say!(
                        "user token: a token `{name}` for {email} (shown once; revoke it on the account page)"
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("likewise user token: {e}");
                    ExitCode::from(1)
                }
            }
        }
        UserCommand::List => match store.accounts().all_accounts().await {
            Ok(all) => {
                for a in &all {
                    let roles: Vec<String> = a.grants.iter().map(|g| g.code()).collect();
                    say!(
                        "{}\t{}\t{}{}",
                        a.email,
                        a.name,
                        if roles.is_empty() {
                            "member".into()
                        } else {
                            roles.join(",")
                        },
                        if a.disabled { "\tdisabled" } else { "" }
                    );
                }
                say!("user list: {} accounts", all.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("likewise user list: {e}");
                ExitCode::from(2)
            }
        },
    }
}

pub async fn run(cli: Cli) -> ExitCode {
    if let Command::Generate { dir, cases, seed } = &cli.command {
        return run_generate(dir, *cases, *seed);
    }
    let config = match Config::from_env().and_then(|c| c.prepare_data_dir().map(|_| c)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("likewise: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(matches!(cli.command, Command::Serve), config.log_json);
    if let Command::Backup { file } = &cli.command {
        return run_backup(&config, file).await;
    }
    let store = match store::open(&config.database_url).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "likewise: cannot open the store at {}: {e}",
                redact(&config.database_url)
            );
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Serve => serve(config, store).await,
        Command::Import { dir } => run_import(&*store, &dir).await,
        Command::Export { dir } => run_export(&*store, &dir).await,
        Command::Reindex => run_reindex(&config, store).await,
        Command::User { command } => run_user(&config, store, command).await,
        Command::Generate { .. } | Command::Backup { .. } => {
            unreachable!("handled before the store opens")
        }
    }
}

fn run_generate(dir: &Path, cases: usize, seed: u64) -> ExitCode {
    let started = std::time::Instant::now();
    match crate::exchange::generate::generate(
        dir,
        &crate::exchange::generate::GenerateOptions { cases, seed },
    ) {
        Ok(s) => {
            say!(
                "generate {}: {} files ({} partners, {} themes, {} cases, {} magazines) in {:.1} s",
                dir.display(),
                s.files,
                s.partners,
                s.themes,
                s.cases,
                s.magazines,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("likewise generate: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

fn init_tracing(serving: bool, json: bool) {
    // The Meilisearch client logs every non-200 answer, expected ones too (a document not there yet);
    // what matters is reported by Likewise itself.
    let default = if serving {
        "info,meilisearch_sdk=error"
    } else {
        "warn,meilisearch_sdk=error"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("LIKEWISE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only for a person at a terminal, never into a log file.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    // One JSON object per line, its fields at the top level, for a log collector.
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init()
    } else {
        builder.try_init()
    };
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..scheme], &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn run_import(store: &dyn store::Store, dir: &Path) -> ExitCode {
    let tty = std::io::stdout().is_terminal();
    let mut seen = 0usize;
    let mut progress = |line: &import::ReportLine| {
        seen += 1;
        if tty {
            print!("\r\x1b[2K[{seen}] {}", line.path);
            let _ = std::io::stdout().flush();
        } else {
            say!("{line}");
        }
    };
    let report = match import::import_dir(store, dir, &mut progress).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("likewise import: {e}");
            return ExitCode::from(2);
        }
    };
    if tty {
        print!("\r\x1b[2K");
        for line in report
            .lines
            .iter()
            .filter(|l| l.status != import::Status::Unchanged)
        {
            say!("{line}");
        }
    }
    let rejected = report.count(import::Status::Rejected);
    say!("import {}: {}", dir.display(), report.summary());
    if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

async fn run_export(store: &dyn store::Store, dir: &Path) -> ExitCode {
    let tty = std::io::stdout().is_terminal();
    let mut progress = |rel: &str| {
        if tty {
            print!("\r\x1b[2Kwriting {rel}");
            let _ = std::io::stdout().flush();
        } else {
            say!("wrote {rel}");
        }
    };
    match export::export_dir(store, dir, &mut progress).await {
        Ok(s) => {
            if tty {
                print!("\r\x1b[2K");
            }
            say!(
                "export {}: {} files ({} partners, {} themes, {} cases, {} magazines)",
                dir.display(),
                s.files,
                s.partners,
                s.themes,
                s.cases,
                s.magazines
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("likewise export: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run_backup(config: &Config, file: &Path) -> ExitCode {
    let url = &config.database_url;
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        eprintln!(
            "likewise backup: DATABASE_URL names PostgreSQL; back it up with `pg_dump -Fc` (docs/operations.md)"
        );
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    let store = match store::SqliteStore::connect(url).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("likewise backup: cannot open {}: {e}", redact(url));
            return ExitCode::from(2);
        }
    };
    match store.backup_into(file).await {
        Ok(bytes) => {
            say!(
                "backup {}: {:.1} MB in {:.1} s",
                file.display(),
                bytes as f64 / 1_000_000.0,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("likewise backup {}: {e}", file.display());
            ExitCode::from(1)
        }
    }
}

async fn run_reindex(config: &Config, store: SharedStore) -> ExitCode {
    let started = std::time::Instant::now();
    let index = match crate::search::open(config).await {
        Ok(i) => i,
        Err(e) => {
            eprintln!("likewise reindex: {e}");
            return ExitCode::from(2);
        }
    };
    let tty = std::io::stdout().is_terminal();
    let mut progress = |n: usize| {
        if tty {
            print!("\r\x1b[2Kindexed {n} cases");
            let _ = std::io::stdout().flush();
        } else {
            say!("indexed {n} cases");
        }
    };
    match crate::search::indexer::rebuild(&store, &index, &mut progress).await {
        Ok(n) => {
            if tty {
                print!("\r\x1b[2K");
            }
            say!(
                "reindex: {n} cases in the {} index in {:.1} s",
                index.backend(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("likewise reindex: {e}");
            ExitCode::from(1)
        }
    }
}

async fn serve(config: Config, store: SharedStore) -> ExitCode {
    match seed::seed_if_empty(&store, &config.content_dir).await {
        Ok(Some(report)) => tracing::info!(
            "imported {}: {}",
            config.content_dir.display(),
            report.summary()
        ),
        Ok(None) => {}
        Err(e) => {
            eprintln!(
                "likewise serve: importing {}: {e}",
                config.content_dir.display()
            );
            return ExitCode::from(2);
        }
    }
    match seed::rerender_stale(&*store).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!("rendered {n} stored texts anew with the current Markdown renderer")
        }
        Err(e) => {
            eprintln!("likewise serve: re-rendering stored texts: {e}");
            return ExitCode::from(2);
        }
    }
    let addr = config.addr;
    let metrics_addr = config.metrics_addr;
    let backend = store.backend();
    // A Meilisearch server that is down is no reason to stop: reading works, search says it is
    // unavailable, and the indexer catches up once it answers.
    let search = match crate::search::open(&config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("likewise serve: search: {e}");
            return ExitCode::from(2);
        }
    };
    // Ready before listening: a balancer that finds the port open sends readers at once, and their first
    // searches must not wait for the search server's settings (bounded: a search server that is down
    // does not keep the site from reading).
    match tokio::time::timeout(SEARCH_PREPARE_BOUND, search.prepare()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!("search is not ready yet ({e}); serving, it catches up"),
        Err(_) => tracing::warn!(
            "search was not ready within {} s; serving, it catches up",
            SEARCH_PREPARE_BOUND.as_secs()
        ),
    }
    let state = AppState::new(config, store.clone(), search);
    state.follow_changes().await;
    let draining = state.draining.clone();
    if let Some(at) = metrics_addr {
        match tokio::net::TcpListener::bind(at).await {
            Ok(l) => {
                let metrics = crate::http::observe::metrics_router(state.clone());
                tokio::spawn(async move {
                    if let Err(e) = axum::serve(l, metrics).await {
                        tracing::error!("metrics listener: {e}");
                    }
                });
                tracing::info!("metrics on http://{at}/metrics");
            }
            Err(e) => {
                eprintln!("likewise serve: LIKEWISE_METRICS_ADDR: cannot listen on {at}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let views = state.views.clone();
    let app = router(state);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("likewise serve: LIKEWISE_ADDR: cannot listen on {addr}: {e}");
            return ExitCode::from(2);
        }
    };
    tracing::info!("Likewise listening on http://{addr} (store: {backend})");
    // Stopping (SIGTERM from a supervisor, Ctrl-C): `/healthz` answers 503 at once, new requests are still
    // accepted for a grace period while the load balancer notices, then the listener closes and the requests
    // in flight get a bounded time to finish.
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        stop_signal().await;
        draining.store(true, std::sync::atomic::Ordering::SeqCst);
        tracing::info!(
            "stopping: draining for {} s, then finishing requests in flight",
            DRAIN_GRACE.as_secs()
        );
        tokio::time::sleep(DRAIN_GRACE).await;
        let _ = stopping_tx.send(());
    };
    let serving = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown);
    let in_flight_bound = async {
        let _ = stopping_rx.await;
        tokio::time::sleep(IN_FLIGHT_BOUND).await;
    };
    let outcome = tokio::select! {
        served = serving => served.map_err(|e| e.to_string()),
        () = in_flight_bound => {
            tracing::warn!("stopping: requests still in flight after {} s are cut", IN_FLIGHT_BOUND.as_secs());
            Ok(())
        }
    };
    // Another instance indexes at once rather than after this one's lease lapses.
    crate::search::indexer::hand_over(&store).await;
    // The views counted since the last minute are not lost with the process.
    views.flush(&store).await;
    match outcome {
        Ok(()) => {
            say!("likewise serve: stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("likewise serve: {e}");
            ExitCode::from(1)
        }
    }
}

/// How long start-up waits for the search server to take the index settings.
const SEARCH_PREPARE_BOUND: std::time::Duration = std::time::Duration::from_secs(20);
/// How long a stopping instance keeps accepting requests while `/healthz` already says it is draining: a
/// load balancer's health check interval.
const DRAIN_GRACE: std::time::Duration = std::time::Duration::from_secs(2);
/// How long the requests in flight get to finish once the listener is closed (the longest request is 30 s).
const IN_FLIGHT_BOUND: std::time::Duration = std::time::Duration::from_secs(30);

/// SIGTERM or SIGINT, whichever comes first.
async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn messages_never_show_a_database_password() {
        assert_eq!(
            redact("postgres://user:secret@db:5432/x"),
            "postgres://user:***@db:5432/x"
        );
        assert_eq!(
            redact("sqlite://./data/likewise.db"),
            "sqlite://./data/likewise.db"
        );
    }
}

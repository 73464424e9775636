//! The real binary as operators run it: `likewise serve` in a process of its own (so it can be stopped,
//! killed and started again), and the command line beside it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The environment of one site: its data folder, its store, the fixture library as its first content.
#[derive(Clone)]
pub struct Site {
    pub env: Vec<(String, String)>,
}

impl Site {
    /// A site on `database_url` (SQLite in `data` when `None`).
    pub fn new(data: &Path, database_url: Option<&str>) -> Site {
        let mut env = vec![
            ("LIKEWISE_DATA".to_string(), data.display().to_string()),
            (
                "LIKEWISE_CONTENT".to_string(),
                super::fixture("library").display().to_string(),
            ),
            (
                "LIKEWISE_SITE_ROOT".to_string(),
                super::repo_root().join("public").display().to_string(),
            ),
        ];
        if let Some(url) = database_url {
            env.push(("DATABASE_URL".into(), url.into()));
        }
        Site { env }
    }

    pub fn with(mut self, key: &str, value: impl Into<String>) -> Site {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    fn command(&self) -> tokio::process::Command {
        let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_likewise"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .kill_on_drop(true);
        c
    }

    /// `likewise ARGS` with `stdin`, bounded to two minutes.
    pub async fn cli(&self, args: &[&str], stdin: &str) -> std::process::Output {
        use tokio::io::AsyncWriteExt;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).await.unwrap();
        drop(input);
        tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("likewise {args:?} did not finish within 2 minutes"))
            .unwrap()
    }

    /// An admin account and a personal API token for it.
    pub async fn admin_token(&self, email: &str) -> String {
        let added = self
            .cli(
                &[
                    "user",
                    "add",
                    "--email",
                    email,
                    "--role",
                    "admin",
                    "--password-stdin",
                ],
                "a long and quiet harbour evening\n",
            )
            .await;
        assert!(added.status.success(), "{added:?}");
        let out = self.cli(&["user", "token", "--email", email], "").await;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|l| l.starts_with("lw_"))
            .unwrap_or_else(|| panic!("no token printed: {out:?}"))
            .to_string()
    }

    /// `likewise serve` on a free port, once it says it is ready (at most a minute).
    pub async fn start(&self, log: &Path) -> Instance {
        let port = free_port();
        let child = self
            .command()
            .arg("serve")
            .env("LIKEWISE_ADDR", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let mut instance = Instance {
            child,
            port,
            base: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        instance.wait_ready().await;
        instance
    }
}

pub struct Instance {
    pub child: tokio::process::Child,
    pub port: u16,
    pub base: String,
    pub log: PathBuf,
}

/// A client whose every request has a bound.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

impl Instance {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_ready(&mut self) {
        let client = client();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(self.url("/healthz/ready")).send().await
                && r.status() == 200
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server stopped ({status}):\n{}", self.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "the server was not ready within 60 s:\n{}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn signal(&self, signal: i32) {
        let pid = self.child.id().expect("still running") as i32;
        unsafe { libc::kill(pid, signal) };
    }

    /// Waits (at most `bound`) for the process to end; its exit status.
    pub async fn wait_exit(&mut self, bound: Duration) -> std::process::ExitStatus {
        match tokio::time::timeout(bound, self.child.wait()).await {
            Ok(status) => status.unwrap(),
            Err(_) => {
                let _ = self.child.kill().await;
                panic!(
                    "the server did not stop within {bound:?}:\n{}",
                    self.log_text()
                );
            }
        }
    }
}

/// A case's source file with a title of its own, for the fixture library's partner and theme.
pub fn case_file(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"A case written by a test.\"\npartner = \"groningen\"\nthemes = [\"chatbots\"]\npublished = 2024-01-01\n+++\n\nIt is about {title}.\n"
    )
}

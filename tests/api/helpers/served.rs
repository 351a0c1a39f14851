//! The real binary, started as a separate process.

use super::{TestDatabase, test_session_key};

/// The real binary, `partnerdesk serve` over `database` with these environment variables besides
/// (they win over the defaults here), its standard output and error kept in a file for failure
/// messages; killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    log: std::path::PathBuf,
    /// `host:port`.
    pub address: String,
    _dir: tempfile::TempDir,
}

impl Served {
    pub async fn start(database: &TestDatabase, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("partnerdesk.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let file = std::fs::File::create(&log).expect("log file");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
        command
            .args(["serve", "--bind", &address])
            .env("DATABASE_URL", &database.url)
            .env("PARTNERDESK_CONFIG", "/nonexistent/partnerdesk.toml")
            .env("PARTNERDESK_SESSION_KEY", test_session_key().expose())
            .env("PARTNERDESK_COOKIE_SECURE", "false")
            .env("PARTNERDESK_ARGON2__MEMORY_KIB", "64")
            .env("PARTNERDESK_ARGON2__ITERATIONS", "1")
            .stdin(std::process::Stdio::null())
            .stdout(file.try_clone().expect("log file"))
            .stderr(file);
        for (name, value) in env {
            command.env(name, value);
        }
        let served = Self {
            child: command.spawn().expect("run partnerdesk serve"),
            log,
            address,
            _dir: dir,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Ok(r) = client
                .get(format!("http://{}/healthz", served.address))
                .send()
                .await
                && r.status().is_success()
            {
                return served;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not start: {}",
                served.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// What it has written so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a command of the real binary did.
pub struct CliRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    /// How it ended (exit code or signal), for messages.
    pub status: std::process::ExitStatus,
}

/// Runs `partnerdesk ARGS` over `database`, with `stdin` as its standard input, as an
/// administrator would at a shell (no configuration file; cheap password hashing).
pub fn run_cli(database: &TestDatabase, args: &[&str], stdin: &str) -> CliRun {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("DATABASE_URL", &database.url)
        .env("PARTNERDESK_CONFIG", "/nonexistent/partnerdesk.toml")
        .env("PARTNERDESK_ARGON2__MEMORY_KIB", "64")
        .env("PARTNERDESK_ARGON2__ITERATIONS", "1")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run partnerdesk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("partnerdesk ran");
    CliRun {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status,
    }
}

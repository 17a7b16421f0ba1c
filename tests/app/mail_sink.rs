//! A real SMTP server for the mail tests: `tests/support/smtp_sink.py`
//! (Debian's python3-aiosmtpd, installed by `scripts/test`) in a child
//! process on a free port, writing each mail it accepts as JSON. It can be
//! stopped and started again on the same port, as a mail server that is
//! down for a while.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use haarvaten::config::Config;
use serde::Deserialize;

use crate::helpers::{TestApp, spawn_app_with};

/// One mail as the sink decoded it.
#[derive(Debug, Clone, Deserialize)]
pub struct SentMail {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub from: String,
    pub to: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub content_type: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl SentMail {
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or_default()
    }

    /// Whether `email` is one of the envelope's recipients.
    pub fn is_to(&self, email: &str) -> bool {
        self.rcpt_tos.iter().any(|r| r == email)
    }

    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        let at = text.find(prefix).unwrap_or_else(|| panic!("no {prefix} link in {text}"));
        text[at..].split_whitespace().next().unwrap().to_owned()
    }
}

pub struct MailSink {
    dir: tempfile::TempDir,
    port: u16,
    child: Option<Child>,
}

/// Where links in test mails point; no server answers there.
pub const BASE_URL: &str = "http://haarvaten.test";

fn python() -> String {
    std::env::var("HAARVATEN_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

fn start_child(dir: &Path, port: u16) -> (Child, u16) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(dir)
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/test installs python3-aiosmtpd)");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("the sink prints its port");
    let port = line.trim().parse().unwrap_or_else(|_| {
        panic!("the SMTP sink did not start (is python3-aiosmtpd installed?): {line:?}")
    });
    (child, port)
}

impl MailSink {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (child, port) = start_child(dir.path(), 0);
        Self { dir, port, child: Some(child) }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The server goes away; its port refuses connections.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Back on the same port.
    pub fn restart(&mut self) {
        self.stop();
        let (child, _) = start_child(self.dir.path(), self.port);
        self.child = Some(child);
    }

    /// Every mail accepted so far, in order.
    pub fn mails(&self) -> Vec<SentMail> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        // The sink numbers its files in the order it accepted the mails;
        // the time comes first only for a sink that was restarted (a new
        // process, a new number prefix), since two files written within
        // the kernel's clock tick have the same time.
        files.sort_by_key(|p| (std::fs::metadata(p).and_then(|m| m.modified()).ok(), p.clone()));
        files
            .iter()
            .map(|p| {
                let mut m: SentMail =
                    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                // SMTP lines end in CRLF; tests compare the text as written.
                m.text = m.text.map(|t| t.replace("\r\n", "\n"));
                m
            })
            .collect()
    }

    /// Waits until `n` mails arrived (at most `secs` seconds) and returns them.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<SentMail> {
        self.wait_until(secs, &format!("{n} mails"), |mails| mails.len() >= n).await
    }

    /// Waits until a mail to `email` arrived (at most `secs` seconds) and
    /// returns every mail so far: where other mails are on their way at the
    /// same time (from another instance's worker), a count says nothing of
    /// which one came first.
    pub async fn wait_for_mail_to(&self, email: &str, secs: u64) -> Vec<SentMail> {
        self.wait_until(secs, &format!("a mail to {email}"), |mails| {
            mails.iter().any(|m| m.is_to(email))
        })
        .await
    }

    async fn wait_until(
        &self,
        secs: u64,
        what: &str,
        done: impl Fn(&[SentMail]) -> bool,
    ) -> Vec<SentMail> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let mails = self.mails();
            if done(&mails) {
                return mails;
            }
            assert!(
                tokio::time::Instant::now() <= deadline,
                "{what} did not arrive in {secs} s; {} arrived: {mails:#?}",
                mails.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The test configuration with mail through this sink: links to
    /// [`BASE_URL`], a first retry after one second.
    pub fn config(&self) -> Config {
        let mut config = Config::for_tests("postgres://unused".into());
        config.smtp_url = Some(self.url());
        config.mail_from = "Haarvaten <noreply@haarvaten.test>".into();
        config.base_url = BASE_URL.into();
        config.mail_retry_secs = 1;
        config
    }

    /// An app that sends its mail here.
    pub async fn spawn_app(&self, db: sqlx::PgPool) -> TestApp {
        spawn_app_with(db, |c| *c = self.config()).await
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The path of an absolute test link, for the test client.
pub fn path_of(link: &str) -> &str {
    link.strip_prefix(BASE_URL).unwrap_or_else(|| panic!("{link} is not under {BASE_URL}"))
}

//! Command-line interface: serve, demo data and imports.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::startup::Application;

#[derive(Debug, Parser)]
#[command(name = "haarvaten", version, about = "Register van ontmoetingsplekken per wijk")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application on HAARVATEN_ADDR (default 127.0.0.1:8080).
    Serve,
    /// Apply the database migrations and exit (before starting new
    /// instances of a deployment; `serve` applies them too).
    Migrate,
    /// Load the Rotterdam demo data. Running it again is harmless.
    Demo,
    /// Import areas, population figures or places.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Accounts: create one (also the first beheerder) or set a password.
    #[command(subcommand)]
    User(UserCommand),
    /// Export places as CSV, XLSX, GeoJSON or HSDS (see docs/benchmarks-export.md).
    Export(crate::export::ExportArgs),
    /// Erase visit notes older than the retention period (for cron; `serve`
    /// also runs it daily). Safe to run again.
    Retention {
        /// Months to keep; default HAARVATEN_RETENTION_MONTHS, else 24.
        #[arg(long)]
        months: Option<u32>,
    },
    /// Notifications (for cron; `serve` also runs them daily). Queues mail
    /// in the outbox; a running `serve` sends it. Safe to run again.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Ask places due for their yearly "Klopt dit nog?" (a batch; for cron,
    /// `serve` also does it daily). Queues the mail for a running `serve`.
    CheckPlaces {
        /// At most this many places.
        #[arg(long, default_value_t = crate::ops::place_checks::YEARLY_BATCH)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Find follow-ups whose date is reached, then send the daily digests.
    Digest,
    /// Only find follow-ups whose date is reached.
    FollowUps,
}

/// The password comes from `--password-stdin` (one line), else from
/// `HAARVATEN_PASSWORD`, else from a prompt that does not echo.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with a role.
    Create {
        #[arg(long)]
        email: String,
        /// bewoner, wijkteam, gemeente or beheerder.
        #[arg(long, default_value = "bewoner")]
        role: String,
        /// Wijk code (WK…) for role wijkteam; repeat for more wijken.
        #[arg(long = "wijk")]
        wijken: Vec<String>,
        /// Gemeente code (GM…) for role gemeente.
        #[arg(long)]
        gemeente: Option<String>,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password; the account's sessions end.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// GeoJSON outlines of gemeenten, wijken or buurten (EPSG:4326 or 28992).
    Areas(crate::import::areas::AreasArgs),
    /// CBS kerncijfers CSV, matched by buurt code.
    Population { file: PathBuf },
    /// Places from CSV, XLSX or GeoJSON (columns: docs/import.md); all rows
    /// or none. A re-import updates the places it made before.
    Places(PlacesArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlacesArgs {
    pub file: PathBuf,
    /// A mapping of the file's columns and values (TOML, docs/import.md).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Show the report, store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Mark places of the file's source that it no longer has as gestopt.
    #[arg(long)]
    pub close_missing: bool,
}

/// `import places`: reads the mapping, then the file.
async fn import_places(
    db: &sqlx::PgPool,
    config: &Config,
    args: &PlacesArgs,
) -> anyhow::Result<String> {
    use crate::import::{ImportError, mapping::Mapping, places};
    let mapping = match &args.mapping {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!(
                    "Het mappingbestand {} kan niet worden gelezen: {e}.",
                    path.display()
                )
            })?;
            Some(Mapping::parse(&text).map_err(ImportError::file)?)
        }
    };
    let mut opts = places::Options::new(mapping);
    opts.dry_run = args.dry_run;
    opts.close_missing = args.close_missing;
    // Rows with an address but no coordinates are looked up (HAARVATEN_GEOCODER_URL).
    opts.geocoder = crate::geocode::Geocoder::from_config(config);
    Ok(places::run(db, &args.file, &opts).await?.to_string())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            db.close().await;
        }
        Command::Demo => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let report = crate::import::demo::load(&db).await?;
            println!("{report}");
        }
        Command::Import(cmd) => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let report = match cmd {
                ImportCommand::Areas(args) => {
                    crate::import::areas::run(&db, &args).await?.to_string()
                }
                ImportCommand::Population { file } => {
                    crate::import::population::run(&db, &file).await?.to_string()
                }
                ImportCommand::Places(args) => import_places(&db, &config, &args).await?,
            };
            println!("{report}");
        }
        Command::User(cmd) => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let stdin = matches!(
                cmd,
                UserCommand::Create { password_stdin: true, .. }
                    | UserCommand::SetPassword { password_stdin: true, .. }
            );
            let password = read_password(stdin)?;
            println!("{}", run_user(&db, cmd, &password).await?);
        }
        Command::Export(args) => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            eprintln!("{}", crate::export::run_cli(db, &args).await?);
        }
        Command::Retention { months } => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let months = months.unwrap_or(config.retention_months);
            anyhow::ensure!(months >= 1, "--months moet 1 of meer zijn");
            let report = crate::retention::run(
                &db,
                months,
                crate::domain::opening_hours::OpeningHours::today(),
            )
            .await?;
            println!("{report}");
        }
        Command::Notify(cmd) => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let outbox = crate::mail::Outbox::from_config(&config);
            println!(
                "{}",
                run_notify(&db, &outbox, cmd, crate::domain::opening_hours::OpeningHours::today())
                    .await?
            );
        }
        Command::CheckPlaces { limit } => {
            let db = crate::db::connect_and_migrate(&config.database_url).await?;
            let outbox = crate::mail::Outbox::from_config(&config);
            let today = crate::domain::opening_hours::OpeningHours::today();
            let n = crate::ops::place_checks::ask_yearly(&db, &outbox, today, limit).await?;
            println!("Klopt dit nog?: {n} plek(ken) gevraagd");
        }
    }
    Ok(())
}

/// What `haarvaten notify …` does; tests call this.
pub async fn run_notify(
    db: &sqlx::PgPool,
    outbox: &crate::mail::Outbox,
    cmd: NotifyCommand,
    today: chrono::NaiveDate,
) -> anyhow::Result<String> {
    Ok(match cmd {
        NotifyCommand::Digest => crate::notify::run(db, outbox, today).await?.to_string(),
        NotifyCommand::FollowUps => {
            let n = crate::ops::notify::followups_due(db, outbox, today).await?;
            format!("Meldingen: {n} opvolging(en) aan de beurt")
        }
    })
}

/// What `haarvaten user …` does once it has the password; tests call this.
/// Errors are Dutch, ready to print.
pub async fn run_user(
    db: &sqlx::PgPool,
    cmd: UserCommand,
    password: &str,
) -> anyhow::Result<String> {
    use crate::domain::user::{Email, Password, RoleScope};
    use crate::ops::accounts::{self, AccountError, NewAccount, Origin};
    let nl = |m: crate::error::UserMessage| anyhow::anyhow!(dutch(&m));
    match cmd {
        UserCommand::Create { email, role, wijken, gemeente, .. } => {
            let scope = RoleScope::parse(&role, &wijken, gemeente.as_deref().unwrap_or_default())
                .map_err(|(_, m)| nl(m))?;
            let email = Email::parse(&email).map_err(nl)?;
            let password = Password::parse(password).map_err(nl)?;
            let (shown, role) = (email.to_string(), scope.role);
            let account = NewAccount { email, password, scope };
            let id = match accounts::register(db, account, Origin::Cli).await {
                Ok(id) => id,
                Err(AccountError::Invalid(problems)) => {
                    let message = problems.into_iter().next().map(|(_, m)| m);
                    return Err(message.map_or_else(|| anyhow::anyhow!("ongeldige invoer"), nl));
                }
                Err(AccountError::Failed(e)) => return Err(e.into()),
            };
            Ok(format!("Account gemaakt: {shown} ({role}), id {id}"))
        }
        UserCommand::SetPassword { email, .. } => {
            let email = Email::parse(&email).map_err(nl)?;
            let password = Password::parse(password).map_err(nl)?;
            if !accounts::set_password_by_email(db, &email, password).await? {
                anyhow::bail!("Er is geen account met het e-mailadres {email}.");
            }
            Ok(format!("Wachtwoord ingesteld voor {email}"))
        }
    }
}

/// A user message in Dutch, for the command line.
fn dutch(m: &crate::error::UserMessage) -> String {
    let args: Vec<(&str, String)> = m.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    crate::i18n::Lang::Nl.t_args(m.key, &args)
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    if let Ok(p) = std::env::var("HAARVATEN_PASSWORD") {
        return Ok(p);
    }
    let first = rpassword::prompt_password("Wachtwoord: ")?;
    let again = rpassword::prompt_password("Nog een keer: ")?;
    anyhow::ensure!(first == again, "De twee wachtwoorden zijn niet hetzelfde.");
    Ok(first)
}

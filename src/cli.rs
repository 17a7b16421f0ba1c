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
    /// Load the Rotterdam demo data. Running it again is harmless.
    Demo,
    /// Import areas, population figures or places.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// GeoJSON outlines of gemeenten, wijken or buurten (EPSG:4326 or 28992).
    Areas(crate::import::areas::AreasArgs),
    /// CBS kerncijfers CSV, matched by buurt code.
    Population { file: PathBuf },
    /// Places from CSV or GeoJSON (see README for the columns).
    Places { file: PathBuf },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until_stopped().await?;
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
                ImportCommand::Places { file } => {
                    crate::import::places::run(&db, &file).await?.to_string()
                }
            };
            println!("{report}");
        }
    }
    Ok(())
}

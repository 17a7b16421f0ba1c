//! Entry point: set up logging, read configuration, dispatch the CLI.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    haarvaten::telemetry::init();
    let cli = haarvaten::cli::Cli::parse();
    match haarvaten::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fout: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

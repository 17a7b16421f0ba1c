//! Import of area outlines from GeoJSON.

use std::path::PathBuf;

use sqlx::PgPool;

#[derive(Debug, clap::Args)]
pub struct AreasArgs {
    pub file: PathBuf,
}

pub struct AreasReport;

impl std::fmt::Display for AreasReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TODO")
    }
}

pub async fn run(_db: &PgPool, _args: &AreasArgs) -> anyhow::Result<AreasReport> {
    anyhow::bail!("not implemented yet")
}

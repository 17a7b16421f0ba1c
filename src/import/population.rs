//! Import of population.

use std::path::Path;

use sqlx::PgPool;

pub async fn run(_db: &PgPool, _file: &Path) -> anyhow::Result<String> {
    anyhow::bail!("not implemented yet")
}

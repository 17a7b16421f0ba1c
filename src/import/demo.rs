//! The Rotterdam demo data set.

use sqlx::PgPool;

pub async fn load(_db: &PgPool) -> anyhow::Result<String> {
    anyhow::bail!("not implemented yet")
}

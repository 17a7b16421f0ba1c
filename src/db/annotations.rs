//! Annotations on a place: a tip, a correction or "is dit nog open?".
//! Reviewers of the wijk read them and mark them done.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::contact::CorrectionTopic;
use crate::domain::proposal::AnnotationKind;

pub async fn insert(
    db: impl PgExecutor<'_>,
    place_id: Uuid,
    author: Uuid,
    kind: AnnotationKind,
    body: &str,
) -> DbResult<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO place_annotations (place_id, author_id, kind, body)
         VALUES ($1, $2, $3, $4) RETURNING id",
        place_id,
        author,
        kind.slug(),
        body
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

#[derive(Debug, Clone)]
pub struct Annotation {
    pub id: i64,
    pub place_id: Uuid,
    pub place_name: String,
    pub wijk_code: String,
    pub author_id: Option<Uuid>,
    pub author_email: Option<String>,
    pub kind: AnnotationKind,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// For a correction from the place page (issue 12): what it is about,
    /// and where its writer wants an answer.
    pub topic: Option<CorrectionTopic>,
    pub reply_email: Option<String>,
}

/// Open annotations, oldest first; the handler filters by wijk scope.
pub async fn open(db: impl PgExecutor<'_>, place: Option<Uuid>) -> DbResult<Vec<Annotation>> {
    let rows = sqlx::query_as!(
        Annotation,
        r#"SELECT n.id, n.place_id, p.name AS place_name, p.wijk_code, n.author_id,
                  u.email AS "author_email?", n.kind AS "kind: AnnotationKind", n.body, n.created_at,
                  n.topic AS "topic: CorrectionTopic", n.reply_email
           FROM place_annotations n
           JOIN places p ON p.id = n.place_id
           LEFT JOIN users u ON u.id = n.author_id
           WHERE n.resolved_at IS NULL AND ($1::uuid IS NULL OR n.place_id = $1)
           ORDER BY n.created_at, n.id"#,
        place
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// The wijk of an annotation's place, for the rights check.
pub async fn wijk_of(db: impl PgExecutor<'_>, id: i64) -> DbResult<Option<String>> {
    let w = sqlx::query_scalar!(
        "SELECT p.wijk_code FROM place_annotations n JOIN places p ON p.id = n.place_id
         WHERE n.id = $1",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(w)
}

/// Marks an annotation done; `false` when it was done already.
pub async fn resolve(db: impl PgExecutor<'_>, id: i64, by: Uuid) -> DbResult<bool> {
    let r = sqlx::query!(
        "UPDATE place_annotations SET resolved_by = $2, resolved_at = now()
         WHERE id = $1 AND resolved_at IS NULL",
        id,
        by
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

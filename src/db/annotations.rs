//! Annotations on a place: a tip, a correction or "is dit nog open?".
//! Reviewers of the wijk read them, answer and mark them done, and may
//! show a tip on the place page; the author reads the answer.

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

/// What the rights check and the answer need of one note.
#[derive(Debug, Clone)]
pub struct AnnotationMeta {
    pub wijk_code: String,
    pub kind: AnnotationKind,
    pub resolved: bool,
}

pub async fn meta_of(db: impl PgExecutor<'_>, id: i64) -> DbResult<Option<AnnotationMeta>> {
    sqlx::query_as!(
        AnnotationMeta,
        r#"SELECT p.wijk_code, n.kind AS "kind: AnnotationKind",
                  (n.resolved_at IS NOT NULL) AS "resolved!"
           FROM place_annotations n JOIN places p ON p.id = n.place_id
           WHERE n.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Marks an open note done with the reviewer's answer (may be empty), and
/// shows it on the place page when `published`; `false` when it was done
/// already.
pub async fn answer(
    db: impl PgExecutor<'_>,
    id: i64,
    by: Uuid,
    answer: &str,
    published: bool,
) -> DbResult<bool> {
    let r = sqlx::query!(
        "UPDATE place_annotations
         SET resolved_by = $2, resolved_at = now(), answer = $3, published = $4
         WHERE id = $1 AND resolved_at IS NULL",
        id,
        by,
        answer,
        published
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Takes a tip off the place page again; `false` when it was not shown.
pub async fn unpublish(db: impl PgExecutor<'_>, id: i64) -> DbResult<bool> {
    let r = sqlx::query!(
        "UPDATE place_annotations SET published = false WHERE id = $1 AND published",
        id
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A tip shown on the place page: the text and when it was given, never
/// who gave it.
#[derive(Debug, Clone)]
pub struct PublishedTip {
    pub id: i64,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The tips shown on a place's page, newest first.
pub async fn published_for_place(
    db: impl PgExecutor<'_>,
    place: Uuid,
) -> DbResult<Vec<PublishedTip>> {
    sqlx::query_as!(
        PublishedTip,
        "SELECT id, body, created_at FROM place_annotations
         WHERE place_id = $1 AND published
         ORDER BY created_at DESC, id DESC LIMIT 20",
        place
    )
    .fetch_all(db)
    .await
}

/// A note as its author sees it under "mijn voorstellen".
#[derive(Debug, Clone)]
pub struct OwnAnnotation {
    pub place_id: Uuid,
    pub place_name: String,
    /// The place is hidden: it is named, not linked.
    pub place_hidden: bool,
    pub kind: AnnotationKind,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub resolved: bool,
    pub answer: String,
    pub published: bool,
}

/// Every note a user left, newest first.
pub async fn by_author(db: impl PgExecutor<'_>, author: Uuid) -> DbResult<Vec<OwnAnnotation>> {
    sqlx::query_as!(
        OwnAnnotation,
        r#"SELECT n.place_id, p.name AS place_name, p.hidden AS place_hidden,
                  n.kind AS "kind: AnnotationKind", n.body, n.created_at,
                  (n.resolved_at IS NOT NULL) AS "resolved!", n.answer, n.published
           FROM place_annotations n JOIN places p ON p.id = n.place_id
           WHERE n.author_id = $1
           ORDER BY n.created_at DESC, n.id DESC"#,
        author
    )
    .fetch_all(db)
    .await
}

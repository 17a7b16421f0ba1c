//! What the registry holds about one account, for the resident's own
//! download (AVG inzage, `/account/mijn-gegevens.json`): the account, its
//! proposals, notes and tips, visits it logged, its login attempts, its
//! notification settings and notices, and the audit entries it made or
//! that are about it. One query, so the parts
//! are read at the same moment.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;

/// Everything about account `id` as one JSON document.
pub async fn of_account(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<serde_json::Value> {
    sqlx::query_scalar!(
        r#"
        SELECT jsonb_build_object(
          'account', (SELECT jsonb_build_object(
                'email', u.email, 'role', u.role, 'gemeente', u.gemeente_code,
                'wijken', COALESCE((SELECT jsonb_agg(w.wijk_code ORDER BY w.wijk_code)
                                    FROM user_wijken w WHERE w.user_id = u.id), '[]'),
                'created_at', u.created_at, 'last_login_at', u.last_login_at)
              FROM users u WHERE u.id = $1),
          'proposals', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'id', r.id, 'place', r.place_id, 'name', r.name, 'status', r.status,
                'reason', r.reason, 'created_at', r.created_at, 'fields', r.input)
                ORDER BY r.created_at)
              FROM place_proposals r WHERE r.proposer_id = $1), '[]'),
          'notes', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'place', n.place_id, 'place_name', p.name, 'kind', n.kind, 'text', n.body,
                'created_at', n.created_at, 'resolved_at', n.resolved_at)
                ORDER BY n.created_at)
              FROM place_annotations n JOIN places p ON p.id = n.place_id
              WHERE n.author_id = $1), '[]'),
          'visits', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'id', v.id, 'place', v.place_id, 'visited_on', v.visited_on,
                'purpose', v.purpose, 'notes', v.notes, 'partners', v.partners,
                'followup', v.followup_text, 'followup_due', v.followup_due)
                ORDER BY v.visited_on)
              FROM visits v WHERE v.logged_by = $1), '[]'),
          'notification_settings', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'kind', s.kind, 'delivery', s.delivery) ORDER BY s.kind)
              FROM notification_settings s WHERE s.user_id = $1), '[]'),
          'notifications', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'event', n.event, 'place_name', n.place_name, 'delivery', n.delivery,
                'reason', n.detail, 'created_at', n.created_at, 'mailed_at', n.mailed_at)
                ORDER BY n.created_at, n.id)
              FROM notifications n WHERE n.user_id = $1), '[]'),
          'login_attempts', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'at', l.attempted_at, 'ip', l.ip, 'succeeded', l.succeeded)
                ORDER BY l.attempted_at)
              FROM login_attempts l WHERE l.email = (SELECT email FROM users WHERE id = $1)),
              '[]'),
          'log', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                'at', a.at, 'action', a.action, 'subject', a.subject) ORDER BY a.at, a.id)
              FROM audit_log a WHERE a.actor_id = $1 OR a.subject = 'user:' || $1::text),
              '[]')
        ) AS "data!"
        "#,
        id
    )
    .fetch_one(db)
    .await
}

//! Every constraint name the code maps to a user message exists in the
//! migrated schema, and its message exists in both languages. A renamed
//! constraint would otherwise turn a friendly field error into a 500.

use haarvaten::error::CONSTRAINT_MESSAGES;
use haarvaten::i18n::Lang;
use sqlx::PgPool;

/// Constraint names spelled anywhere in `src/` (the table in `error.rs`
/// and the call sites that match one name, like `users_email_key`).
fn names_in_source() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in text.split('"').skip(1).step_by(2) {
                    let is_name = literal.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        && ["_key", "_pkey", "_fkey", "_check"]
                            .iter()
                            .any(|s| literal.ends_with(s));
                    if is_name && !out.iter().any(|n| n == literal) {
                        out.push(literal.to_owned());
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_mapped_constraint_exists_in_the_schema(db: PgPool) {
    let mut names = names_in_source();
    assert!(names.iter().any(|n| n == "users_email_key"), "the scan found {names:?}");
    for (name, _) in CONSTRAINT_MESSAGES {
        assert!(names.iter().any(|n| n == name), "{name} is mapped but not found by the scan");
    }
    names.sort();
    for name in &names {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $1)
                 OR EXISTS (SELECT 1 FROM pg_class WHERE relkind = 'i' AND relname = $1)",
        )
        .bind(name)
        .fetch_one(&db)
        .await
        .unwrap();
        assert!(exists, "constraint {name} is named in src/ but not in the migrated schema");
    }
}

#[test]
fn every_constraint_message_is_translated() {
    for (name, key) in CONSTRAINT_MESSAGES {
        for lang in [Lang::Nl, Lang::En] {
            assert_ne!(lang.t(key), *key, "{name}: {key} has no {lang:?} text");
        }
    }
}

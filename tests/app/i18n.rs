//! Every translation key exists in Dutch and English, and every key the code
//! and templates use is defined. Fails on a single missing translation.
//!
//! Keys come in two shapes: literals (found by scanning the sources for the
//! call shapes that take one) and families built at run time, like
//! `format!("type-{}", ..)` or a slug enum's `label_key()`. A scan cannot
//! read the latter, so each family is enumerated here from the enum or list
//! the code builds it from, and a second scan fails when the code builds a
//! family (or declares a slug enum) that this file does not enumerate.

use std::collections::BTreeSet;
use std::path::Path;

use haarvaten::domain::area::AreaLevel;
use haarvaten::domain::audit;
use haarvaten::domain::contact::{CorrectionTopic, MessageKind};
use haarvaten::domain::notify::{Delivery, NoticeEvent, NoticeKind};
use haarvaten::domain::place::{
    CATEGORIES, Initiator, PlaceStatus, PlaceType, Precision, TargetGroup, category_label_key,
};
use haarvaten::domain::place_input::PlaceInput;
use haarvaten::domain::proposal::AnnotationKind;
use haarvaten::domain::user::{Role, TokenPurpose};
use haarvaten::domain::visit::{Purpose, Recency};
use haarvaten::i18n::Lang;
use haarvaten::mail::MailKind;

fn keys_in(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            let text = std::fs::read_to_string(&path).unwrap();
            let resource = fluent_syntax::parser::parse(text.as_str())
                .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
            for entry in resource.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    assert!(
                        keys.insert(m.id.name.to_owned()),
                        "key {} is defined twice in {lang}",
                        m.id.name
                    );
                }
            }
        }
    }
    keys
}

/// Keys used as string literals in known call shapes in templates and code.
fn used_keys() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("templates"), &mut files);
    collect(&root.join("src"), &mut files);
    let starts = [
        ".t(\"",
        ".t1(\"",
        ".t_args(\"",
        "UserMessage::new(\"",
        "bad_request(\"",
        "Err(\"",
        "key: \"",
        "=> \"error-",
    ];
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for start in starts {
            for (i, _) in text.match_indices(start) {
                let rest = &text[i + start.len()..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                let prefix = start.strip_prefix("=> \"").unwrap_or("");
                let key = format!("{prefix}{key}");
                if key.contains('-') && rest[key.len() - prefix.len()..].starts_with('"') {
                    keys.insert(key);
                }
            }
        }
    }
    for (_, family) in dynamic_families() {
        keys.extend(family);
    }
    keys.extend(Recency::ALL.iter().map(|r| r.label_key().to_owned()));
    keys
}

/// Every family of keys the code builds at run time: its prefix (without
/// the `-`) and all its keys, from the enum or list the code builds it
/// from. Slug enums (`slug_enum!` in src/domain) name their prefix there.
fn dynamic_families() -> Vec<(&'static str, Vec<String>)> {
    fn labels<T: Copy>(all: &[T], key: fn(T) -> String) -> Vec<String> {
        all.iter().map(|x| key(*x)).collect()
    }
    fn prefixed(prefix: &str, values: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
        values.into_iter().map(|v| format!("{prefix}-{}", v.as_ref())).collect()
    }
    vec![
        // slug_enum! label_key(), also spelled `format!("type-{}", ..)` etc.
        ("type", labels(PlaceType::ALL, PlaceType::label_key)),
        ("precision", labels(Precision::ALL, Precision::label_key)),
        ("status", labels(PlaceStatus::ALL, PlaceStatus::label_key)),
        ("initiator", labels(Initiator::ALL, Initiator::label_key)),
        ("doelgroep", labels(TargetGroup::ALL, TargetGroup::label_key)),
        ("level", labels(AreaLevel::ALL, AreaLevel::label_key)),
        ("role", labels(Role::ALL, Role::label_key)),
        ("visit-purpose", labels(Purpose::ALL, Purpose::label_key)),
        ("mail-kind", labels(MailKind::ALL, MailKind::label_key)),
        ("message-kind", labels(MessageKind::ALL, MessageKind::label_key)),
        ("correction-topic", labels(CorrectionTopic::ALL, CorrectionTopic::label_key)),
        ("token-purpose", labels(TokenPurpose::ALL, TokenPurpose::label_key)),
        // Notifications: kinds (with their hints), deliveries, events, and
        // the words of a mail per kind or event (mail/notices.rs).
        (
            "notice-kind",
            NoticeKind::ALL
                .iter()
                .flat_map(|k| [k.label_key(), format!("{}-hint", k.label_key())])
                .collect(),
        ),
        ("notice-delivery", labels(Delivery::ALL, Delivery::label_key)),
        ("notice-event", labels(NoticeEvent::ALL, NoticeEvent::label_key)),
        ("notice-action", prefixed("notice-action", NoticeKind::ALL.iter().map(|k| k.slug()))),
        ("notice-why", prefixed("notice-why", NoticeKind::ALL.iter().map(|k| k.slug()))),
        ("notice-line", prefixed("notice-line", NoticeEvent::ALL.iter().map(|e| e.slug()))),
        ("notice-subject", prefixed("notice-subject", NoticeEvent::ALL.iter().map(|e| e.slug()))),
        // Lists the code builds keys from.
        ("category", CATEGORIES.iter().map(|c| category_label_key(c)).collect()),
        ("annotation-kind", labels(AnnotationKind::ALL, AnnotationKind::label_key)),
        // The audit log's actions and their families (domain::audit).
        (
            "audit-action",
            audit::ACTIONS.iter().filter_map(|a| audit::action_label_key(a)).collect(),
        ),
        ("audit-family", audit::FAMILIES.iter().map(|f| audit::family_label_key(f)).collect()),
        // The page that asks before blocking or removing an account.
        (
            "admin-confirm",
            ["block", "remove"]
                .iter()
                .flat_map(|step| {
                    ["title", "intro", "kept", "button"]
                        .map(|part| format!("admin-confirm-{step}-{part}"))
                })
                .collect(),
        ),
        // Form fields and the fields of a revision diff, which adds the
        // hidden flag (a hide or unhide is a change of `verborgen`).
        ("field", prefixed("field", PlaceInput::FIELDS.iter().chain(&["verborgen"]))),
        // Kinds and statuses stored as text: the values the schema allows.
        ("revision-kind", prefixed("revision-kind", schema_values("place_revisions_kind_check"))),
        (
            "proposal-status",
            prefixed("proposal-status", schema_values("place_proposals_status_check")),
        ),
    ]
}

/// Prefixes of `format!("prefix-{..}")` strings that are not translation
/// keys (file and cookie names, the day form's field names, the address of a
/// removed account), or whose keys are optional (a field without a hint
/// has no `edit-hint-` key; the form shows none).
const NOT_KEY_FAMILIES: &[&str] =
    &["bezoeken", "plekken", "edit-hint", "__Host", "dag", "verwijderd"];

/// The quoted values of a `CHECK (column IN ('a', 'b'))` constraint in the
/// migrations.
fn schema_values(constraint: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut sql = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".up.sql") {
            sql.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let at = sql
        .find(&format!("CONSTRAINT {constraint} CHECK"))
        .unwrap_or_else(|| panic!("no constraint {constraint} in migrations/"));
    let rest = &sql[at..];
    let open = rest.find(" IN").and_then(|i| rest[i..].find('(').map(|j| i + j)).unwrap();
    let list = &rest[open + 1..open + rest[open..].find(')').unwrap()];
    let values: Vec<String> =
        list.split(',').map(|v| v.trim().trim_matches('\'').to_owned()).collect();
    assert!(values.iter().all(|v| !v.is_empty()), "{constraint}: {values:?}");
    values
}

/// The text of every .rs file under src/, with its path.
fn sources() -> Vec<(std::path::PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f.strip_prefix(root).unwrap_or(&f).to_path_buf(), text)
        })
        .collect()
}

/// A word of a key: letters, digits, `-` and `_`.
fn word(s: &str) -> &str {
    let end =
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(s.len());
    &s[..end]
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn dutch_and_english_define_the_same_keys() {
    let nl = keys_in("nl");
    let en = keys_in("en");
    let only_nl: Vec<_> = nl.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&nl).collect();
    assert!(only_nl.is_empty(), "missing in English: {only_nl:?}");
    assert!(only_en.is_empty(), "missing in Dutch: {only_en:?}");
}

#[test]
fn every_key_used_in_code_and_templates_is_translated() {
    let nl = keys_in("nl");
    let en = keys_in("en");
    let used = used_keys();
    assert!(used.len() > 20, "the key scanner found too little: {used:?}");
    let missing: Vec<_> = used.iter().filter(|k| !nl.contains(*k) || !en.contains(*k)).collect();
    assert!(missing.is_empty(), "keys without a translation: {missing:?}");
    println!("checked {} keys used in code and templates", used.len());
}

/// Every `format!("prefix-{..}")` in src/ is a family enumerated in
/// `dynamic_families` (or declared not to be keys), and so is the prefix of
/// every slug enum: a new one fails here until it is enumerated.
#[test]
fn every_key_family_built_at_run_time_is_enumerated() {
    let families: BTreeSet<&str> = dynamic_families().iter().map(|(p, _)| *p).collect();
    let mut found = BTreeSet::new();
    for (path, text) in sources() {
        for (i, _) in text.match_indices("format!(\"") {
            let rest = &text[i + "format!(\"".len()..];
            let prefix = word(rest);
            // Only strings that start with a word and a `-` before the first
            // placeholder: `"type-{}"`, not `"{gm}-{}"` or `"/plekken/{}"`.
            if let Some(prefix) = prefix.strip_suffix('-')
                && rest[prefix.len() + 1..].starts_with('{')
            {
                found.insert((prefix.to_owned(), path.display().to_string()));
            }
        }
        for (i, _) in text.match_indices("slug_enum!(") {
            // slug_enum!( /// docs (which may hold quotes) / Name, "prefix", { .. }
            let code: String = text[i + "slug_enum!(".len()..]
                .lines()
                .filter(|l| !l.trim_start().starts_with("///"))
                .take(3)
                .collect();
            let quote = code.find('"').expect("slug_enum!(Name, \"prefix\", ..)");
            found.insert((word(&code[quote + 1..]).to_owned(), path.display().to_string()));
        }
    }
    assert!(found.len() > 5, "the scan found too little: {found:?}");
    let unknown: Vec<_> = found
        .iter()
        .filter(|(p, _)| !families.contains(p.as_str()) && !NOT_KEY_FAMILIES.contains(&p.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "keys built at run time that tests/app/i18n.rs does not enumerate: {unknown:?}"
    );
}

/// Each family, key by key, in both languages (with the family named, so a
/// failure says where to look).
#[test]
fn every_key_of_every_family_is_translated() {
    let nl = keys_in("nl");
    let en = keys_in("en");
    for (prefix, keys) in dynamic_families() {
        assert!(!keys.is_empty(), "family {prefix} is empty");
        let missing: Vec<_> =
            keys.iter().filter(|k| !nl.contains(*k) || !en.contains(*k)).collect();
        assert!(missing.is_empty(), "family {prefix}: keys without a translation: {missing:?}");
    }
    for r in Recency::ALL {
        assert!(nl.contains(r.label_key()) && en.contains(r.label_key()), "{}", r.label_key());
    }
}

#[test]
fn lookups_resolve_in_both_languages() {
    for lang in Lang::ALL {
        assert_ne!(lang.t("home-title"), "home-title");
    }
    assert_eq!(Lang::Nl.t("error-404-title"), "Pagina niet gevonden");
    assert_eq!(Lang::En.t("error-404-title"), "Page not found");
}

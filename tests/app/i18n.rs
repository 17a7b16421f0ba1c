//! Every translation key exists in Dutch and English, and every key the code
//! and templates use is defined. Fails on a single missing translation.

use std::collections::BTreeSet;
use std::path::Path;

use haarvaten::domain::area::AreaLevel;
use haarvaten::domain::place::{
    CATEGORIES, Initiator, PlaceStatus, PlaceType, Precision, TargetGroup, category_label_key,
};
use haarvaten::domain::user::Role;
use haarvaten::i18n::Lang;

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
    for k in PlaceType::ALL.iter().map(|x| x.label_key()) {
        keys.insert(k);
    }
    keys.extend(Precision::ALL.iter().map(|x| x.label_key()));
    keys.extend(PlaceStatus::ALL.iter().map(|x| x.label_key()));
    keys.extend(Initiator::ALL.iter().map(|x| x.label_key()));
    keys.extend(TargetGroup::ALL.iter().map(|x| x.label_key()));
    keys.extend(AreaLevel::ALL.iter().map(|x| x.label_key()));
    keys.extend(Role::ALL.iter().map(|x| x.label_key()));
    keys.extend(CATEGORIES.iter().map(|c| category_label_key(c)));
    keys
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

#[test]
fn lookups_resolve_in_both_languages() {
    for lang in Lang::ALL {
        assert_ne!(lang.t("home-title"), "home-title");
    }
    assert_eq!(Lang::Nl.t("error-404-title"), "Pagina niet gevonden");
    assert_eq!(Lang::En.t("error-404-title"), "Page not found");
}

//! The Haarvaten taxonomies of the HSDS API and export: the place type, the
//! category, the target groups and the accessibility facts, each a closed
//! list of the domain. Ids are UUID v5 of a stable name, so they are the
//! same in every response and every export.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::export::ExportPlace;
use crate::domain::place::{CATEGORIES, PlaceType, TargetGroup, category_label_key};
use crate::domain::place_field::PlaceField;
use crate::i18n::Lang;

/// The four taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    Type,
    Category,
    TargetGroup,
    Accessibility,
}

/// The yes/no fields of a place that are accessibility facts: a place has
/// the term when the field is "ja".
pub const FACTS: [PlaceField; 4] = [
    PlaceField::GroundFloor,
    PlaceField::Wheelchair,
    PlaceField::StreetVisible,
    PlaceField::NoReception,
];

impl Taxonomy {
    pub const ALL: [Taxonomy; 4] =
        [Taxonomy::Type, Taxonomy::Category, Taxonomy::TargetGroup, Taxonomy::Accessibility];

    /// The stable name, also the `taxonomy` field of each term.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Type => "haarvaten-plektype",
            Taxonomy::Category => "haarvaten-categorie",
            Taxonomy::TargetGroup => "haarvaten-doelgroep",
            Taxonomy::Accessibility => "haarvaten-toegankelijkheid",
        }
    }

    pub fn id(self) -> Uuid {
        Uuid::new_v5(&Uuid::NAMESPACE_URL, self.name().as_bytes())
    }

    fn key(self) -> &'static str {
        match self {
            Taxonomy::Type => "api-taxonomy-type",
            Taxonomy::Category => "api-taxonomy-category",
            Taxonomy::TargetGroup => "api-taxonomy-target-group",
            Taxonomy::Accessibility => "api-taxonomy-accessibility",
        }
    }

    /// The HSDS taxonomy object (names in Dutch, the language of the data).
    pub fn json(self) -> Value {
        json!({
            "id": self.id(),
            "name": self.name(),
            "description": Lang::Nl.t(self.key()),
            "version": "1",
        })
    }

    /// The codes of its terms with the translation key of their names.
    fn codes(self) -> Vec<(&'static str, String)> {
        match self {
            Taxonomy::Type => PlaceType::ALL.iter().map(|t| (t.slug(), t.label_key())).collect(),
            Taxonomy::Category => CATEGORIES.iter().map(|c| (*c, category_label_key(c))).collect(),
            Taxonomy::TargetGroup => {
                TargetGroup::ALL.iter().map(|g| (g.slug(), g.label_key())).collect()
            }
            Taxonomy::Accessibility => FACTS.iter().map(|f| (f.name(), f.label_key())).collect(),
        }
    }

    pub fn terms(self) -> Vec<Term> {
        self.codes().into_iter().map(|(code, key)| Term { taxonomy: self, code, key }).collect()
    }
}

/// One term of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub taxonomy: Taxonomy,
    /// The slug of the closed list (or the field name of a fact).
    pub code: &'static str,
    key: String,
}

impl Term {
    /// `haarvaten-plektype:huiskamer` under the URL namespace: the id the
    /// HSDS export has always given the type terms.
    pub fn id(&self) -> Uuid {
        Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("{}:{}", self.taxonomy.name(), self.code).as_bytes(),
        )
    }

    pub fn json(&self) -> Value {
        json!({
            "id": self.id(),
            "code": self.code,
            "name": Lang::Nl.t(&self.key),
            "description": Lang::Nl.t(self.taxonomy.key()),
            "taxonomy": self.taxonomy.name(),
            "taxonomy_id": self.taxonomy.id(),
            "language": "nl",
        })
    }

    /// The term with this id, in any taxonomy.
    pub fn find(id: Uuid) -> Option<Term> {
        all_terms().into_iter().find(|t| t.id() == id)
    }
}

/// Every term of every taxonomy, taxonomy by taxonomy.
pub fn all_terms() -> Vec<Term> {
    Taxonomy::ALL.iter().flat_map(|t| t.terms()).collect()
}

/// The terms a place has: its type and category, each target group, and
/// each accessibility fact that holds.
pub fn terms_of(p: &ExportPlace) -> Vec<Term> {
    let term =
        |taxonomy: Taxonomy, code: &str| taxonomy.terms().into_iter().find(|t| t.code == code);
    let mut out: Vec<Term> = Vec::new();
    out.extend(term(Taxonomy::Type, p.place_type.slug()));
    out.extend(term(Taxonomy::Category, &p.category));
    for g in &p.target_groups {
        out.extend(term(Taxonomy::TargetGroup, g.slug()));
    }
    for (field, holds) in
        FACTS.iter().zip([p.ground_floor, p.wheelchair, p.street_visible, p.no_reception])
    {
        if holds == Some(true) {
            out.extend(term(Taxonomy::Accessibility, field.name()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_ids_are_unique_and_found_again() {
        let terms = all_terms();
        let mut ids: Vec<Uuid> = terms.iter().map(Term::id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), terms.len());
        for t in &terms {
            assert_eq!(Term::find(t.id()).as_ref(), Some(t));
        }
        // The id the export gave the type terms before the API existed.
        let huiskamer = Taxonomy::Type.terms().remove(0);
        assert_eq!(
            huiskamer.id(),
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"haarvaten-plektype:huiskamer")
        );
    }
}

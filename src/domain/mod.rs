//! Domain types and rules. Input is parsed into these types once, at the edge.

pub mod area;
pub mod opening_hours;
pub mod place;
pub mod place_input;
pub mod revision;
pub mod user;
pub mod visit;

/// Declares an enum stored as a lowercase slug in the database and in URLs,
/// with a translation key per variant (`<prefix>-<slug>`). `sqlx::Type`
/// decodes a text column straight into the enum (`col AS "col: Enum"`).
macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, sqlx::Type)]
        #[sqlx(type_name = "text")]
        pub enum $name {
            $(#[serde(rename = $slug)] #[sqlx(rename = $slug)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s.trim() { $($slug => Some($name::$variant),)+ _ => None }
            }

            /// Translation key for the label shown to users.
            pub fn label_key(self) -> String {
                format!("{}-{}", $prefix, self.slug())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}
pub(crate) use slug_enum;

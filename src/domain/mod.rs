//! Domain types and rules. Input is parsed into these types once, at the edge.

pub mod address;
pub mod area;
pub mod audit;
pub mod contact;
mod field_parse;
pub mod notify;
pub mod opening_hours;
pub mod place;
pub mod place_check;
pub mod place_field;
pub mod place_input;
pub mod population;
pub mod proposal;
pub mod revision;
pub mod text;
pub mod user;
pub mod visit;
pub mod week_hours;

/// Declares an enum stored as a lowercase slug in the database and in URLs,
/// with a translation key per variant (`<prefix>-<slug>`).
macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
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

        // Stored as its slug in a `text` column, so rows come out typed: a
        // query selects `col AS "col: Type"`. An unknown slug in the
        // database is a decode error, never a silent default.
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }

            fn array_compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::postgres::PgHasArrayType>::array_compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                $name::parse(s).ok_or_else(|| {
                    format!("unknown {} slug {s:?}", stringify!($name)).into()
                })
            }
        }

        impl sqlx::Encode<'_, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Postgres>>::encode(self.slug(), buf)
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

//! Query strings into typed parameters, with a message in the visitor's
//! language that names the parameter and what it takes.
//!
//! serde's own error text is English and about Rust types ("invalid digit
//! found in string", "duplicate field `q`"), so it must never reach a
//! visitor. The deserializer here reports *what* went wrong as data
//! ([`Problem`]), and the message is chosen from that.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use crate::error::{AppError, UserMessage};

/// What was wrong with a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The parameter, when known.
    pub name: Option<String>,
    /// The value as given, when known.
    pub value: Option<String>,
    pub problem: Problem,
}

/// Why a parameter was refused, with what it takes instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Given more than once where one value is expected.
    Repeated,
    /// Required and absent.
    Missing,
    WholeNumber,
    Number,
    YesNo,
    /// Not one of these values.
    OneOf(&'static [&'static str]),
    /// A shape the query types here never have.
    Invalid,
}

impl QueryError {
    fn new(problem: Problem) -> Self {
        Self { name: None, value: None, problem }
    }

    fn named(problem: Problem, name: &str) -> Self {
        Self { name: Some(name.to_owned()), ..Self::new(problem) }
    }

    /// Fills in the parameter being read, unless the error already knows.
    fn at(mut self, (name, value): &(String, String)) -> Self {
        self.name.get_or_insert_with(|| name.clone());
        self.value.get_or_insert_with(|| value.clone());
        self
    }

    /// The message for the visitor (translated where it is shown).
    pub fn message(&self) -> UserMessage {
        let Some(name) = self.name.clone() else {
            return UserMessage::new("error-query");
        };
        let value: String = self.value.as_deref().unwrap_or_default().chars().take(40).collect();
        let key = match self.problem {
            Problem::Repeated => return UserMessage::new("error-query-repeated").arg("name", name),
            Problem::Missing => return UserMessage::new("error-query-missing").arg("name", name),
            Problem::OneOf(allowed) => {
                return UserMessage::new("error-query-one-of")
                    .arg("name", name)
                    .arg("value", value)
                    .arg("allowed", allowed.join(", "));
            }
            Problem::WholeNumber => "error-query-whole-number",
            Problem::Number => "error-query-number",
            Problem::YesNo => "error-query-yes-no",
            Problem::Invalid => "error-query-invalid",
        };
        UserMessage::new(key).arg("name", name).arg("value", value)
    }
}

impl From<QueryError> for AppError {
    fn from(e: QueryError) -> Self {
        AppError::BadRequest(e.message())
    }
}

/// For logs only; visitors see [`QueryError::message`].
impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "query parameter {:?} = {:?}: {:?}", self.name, self.value, self.problem)
    }
}

impl std::error::Error for QueryError {}

/// serde's ways to fail, each kept as data; its text is dropped.
impl de::Error for QueryError {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Self::new(Problem::Invalid)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self { value: Some(variant.to_owned()), ..Self::new(Problem::OneOf(expected)) }
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::named(Problem::Repeated, field)
    }

    fn missing_field(field: &'static str) -> Self {
        Self::named(Problem::Missing, field)
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Self::named(Problem::Invalid, field)
    }
}

/// The name/value pairs of a query string, decoded; never fails (bad
/// percent-escapes are kept as they are, like browsers do).
pub fn pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes()).into_owned().collect()
}

/// Reads a query string (without the `?`) into `T`, a struct of optional
/// fields, like `serde_urlencoded` would, with errors as [`QueryError`].
pub fn parse<T: DeserializeOwned>(raw: &str) -> Result<T, QueryError> {
    T::deserialize(Pairs(&pairs(raw)))
}

/// The whole query string: a map of parameters.
struct Pairs<'a>(&'a [(String, String)]);

impl<'de> de::Deserializer<'de> for Pairs<'_> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_map(PairsAccess { pairs: self.0.iter(), current: None })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct PairsAccess<'a> {
    pairs: std::slice::Iter<'a, (String, String)>,
    current: Option<&'a (String, String)>,
}

impl<'de> de::MapAccess<'de> for PairsAccess<'_> {
    type Error = QueryError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, QueryError> {
        let Some(pair) = self.pairs.next() else { return Ok(None) };
        self.current = Some(pair);
        seed.deserialize(Part(&pair.0)).map(Some).map_err(|e| e.at(pair))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, QueryError> {
        let pair = self.current.take().ok_or_else(|| QueryError::new(Problem::Invalid))?;
        seed.deserialize(Part(&pair.1)).map_err(|e| e.at(pair))
    }
}

/// One name or value of the query string.
struct Part<'a>(&'a str);

impl Part<'_> {
    fn number<T: std::str::FromStr>(&self, problem: Problem) -> Result<T, QueryError> {
        self.0.trim().parse().map_err(|_| QueryError::new(problem))
    }
}

macro_rules! parsed {
    ($($method:ident => $visit:ident, $problem:expr;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
            visitor.$visit(self.number($problem)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Part<'_> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_str(self.0)
    }

    /// A parameter that is there has a value, even an empty one.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_some(self)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let b = crate::config::parse_bool(self.0).ok_or_else(|| QueryError::new(Problem::YesNo))?;
        visitor.visit_bool(b)
    }

    parsed! {
        deserialize_i8 => visit_i8, Problem::WholeNumber;
        deserialize_i16 => visit_i16, Problem::WholeNumber;
        deserialize_i32 => visit_i32, Problem::WholeNumber;
        deserialize_i64 => visit_i64, Problem::WholeNumber;
        deserialize_u8 => visit_u8, Problem::WholeNumber;
        deserialize_u16 => visit_u16, Problem::WholeNumber;
        deserialize_u32 => visit_u32, Problem::WholeNumber;
        deserialize_u64 => visit_u64, Problem::WholeNumber;
        deserialize_f32 => visit_f32, Problem::Number;
        deserialize_f64 => visit_f64, Problem::Number;
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants by name; an unknown one says which names there are.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for Part<'_> {
    type Error = QueryError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), QueryError> {
        let name: de::value::StrDeserializer<'_, QueryError> = self.0.into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Part<'_> {
    type Error = QueryError;

    fn unit_variant(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        _seed: T,
    ) -> Result<T::Value, QueryError> {
        Err(QueryError::new(Problem::Invalid))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _v: V) -> Result<V::Value, QueryError> {
        Err(QueryError::new(Problem::Invalid))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value, QueryError> {
        Err(QueryError::new(Problem::Invalid))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::i18n::Lang;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Tip,
        NogOpen,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Params {
        q: Option<String>,
        pagina: Option<i64>,
        schaal: Option<f64>,
        open: Option<bool>,
        soort: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        bbox: Option<String>,
        #[serde(flatten)]
        inner: Params,
    }

    fn problem(raw: &str) -> QueryError {
        parse::<Params>(raw).unwrap_err()
    }

    /// The Dutch text of the message, as a visitor reads it.
    fn dutch(e: &QueryError) -> String {
        let m = e.message();
        let args: Vec<(&str, String)> = m.args.clone();
        Lang::Nl.t_args(m.key, &args)
    }

    #[test]
    fn reads_like_serde_urlencoded() {
        let p: Params = parse("q=koffie+hoek&pagina=2&schaal=1.5&open=ja&soort=nog_open").unwrap();
        assert_eq!(
            p,
            Params {
                q: Some("koffie hoek".into()),
                pagina: Some(2),
                schaal: Some(1.5),
                open: Some(true),
                soort: Some(Kind::NogOpen),
            }
        );
        let p: Params = parse("").unwrap();
        assert_eq!(p.q, None);
        assert_eq!(parse::<Params>("q=").unwrap().q.as_deref(), Some(""));
        assert_eq!(parse::<Params>("onbekend=1&q=%C3%A9").unwrap().q.as_deref(), Some("é"));
        // Flattened fields arrive as text, so there only strings work (the
        // same as with serde_urlencoded); the API's filters are all text.
        let o: Outer = parse("bbox=1,2,3,4&q=x").unwrap();
        assert_eq!(o.inner.q.as_deref(), Some("x"));
        assert_eq!(parse::<Params>("soort=tip").unwrap().soort, Some(Kind::Tip));
    }

    #[test]
    fn each_problem_names_the_parameter_and_what_it_takes() {
        let cases = [
            ("q=a&q=b", "De parameter \"q\" staat meer dan één keer in het adres"),
            ("pagina=twee", "De waarde \"twee\" bij pagina klopt niet. Gebruik een heel getal"),
            ("schaal=groot", "De waarde \"groot\" bij schaal klopt niet. Gebruik een getal"),
            ("open=misschien", "De waarde \"misschien\" bij open klopt niet. Gebruik ja of nee"),
            ("soort=vraag", "De waarde \"vraag\" bij soort klopt niet. Kies uit: tip, nog_open."),
        ];
        for (raw, expected) in cases {
            let text = dutch(&problem(raw));
            assert!(text.contains(expected), "{raw}: {text}");
            for english in ["invalid", "unknown variant", "duplicate field", "expected", "digit"] {
                assert!(!text.contains(english), "{raw}: serde text in {text}");
            }
        }
        assert_eq!(problem("pagina=-").name.as_deref(), Some("pagina"));
        assert_eq!(problem("pagina=").problem, Problem::WholeNumber);
    }

    #[test]
    fn long_values_are_cut_short_in_the_message() {
        let long = "x".repeat(500);
        let text = dutch(&problem(&format!("pagina={long}")));
        assert!(text.contains(&"x".repeat(40)) && !text.contains(&"x".repeat(41)), "{text}");
    }

    #[test]
    fn pairs_keep_repeats_in_order() {
        assert_eq!(
            pairs("wijk=WK1&wijk=WK2&x=%ZZ"),
            vec![
                ("wijk".into(), "WK1".into()),
                ("wijk".into(), "WK2".into()),
                ("x".into(), "%ZZ".into())
            ]
        );
    }
}

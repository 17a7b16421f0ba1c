//! Query strings read as text. Every parameter of a list, search, export
//! or API query arrives as an `Option<String>`, so a bad value gets our own
//! Dutch message naming it instead of serde's English one. `text_params!`
//! declares such a struct from the parameter names, and `given` / `short`
//! are the two things every parser does with a value first.

/// Declares a struct of optional text parameters: `name` for a parameter
/// of that name, `field = "name"` where the query name is no Rust name
/// (`type`). Unknown parameters are ignored, as links from elsewhere and
/// the HSDS reference expect.
macro_rules! text_params {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($field:ident $(= $query:literal)?),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default, serde::Deserialize)]
        $vis struct $name {
            $( $(#[serde(rename = $query)])? pub $field: Option<String>, )*
        }
    };
}
pub(crate) use text_params;

/// The value of a parameter, trimmed; an empty one counts as not given
/// (an empty form field sends `name=`).
pub fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A value echoed back in a message: useful, but not a whole pasted essay.
pub fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    text_params! {
        struct Example { q, place_type = "type" }
    }

    #[test]
    fn renamed_and_plain_parameters_are_read_and_blank_ones_are_not_given() {
        let e: Example = serde_urlencoded::from_str("q=+buurt+&type=&x=1").unwrap();
        assert_eq!(given(&e.q), Some("buurt"));
        assert_eq!(given(&e.place_type), None);
        let e: Example = serde_urlencoded::from_str("type=huiskamer").unwrap();
        assert_eq!(e.place_type.as_deref(), Some("huiskamer"));
        assert_eq!(short(&"a".repeat(100)).len(), 40);
    }
}

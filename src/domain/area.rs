//! Areas and their CBS codes: GM0599 (gemeente), WK059903 (wijk),
//! BU05990111 (buurt).

use super::slug_enum;

slug_enum!(
    AreaLevel, "level", {
        Gemeente => "gemeente",
        Wijk => "wijk",
        Buurt => "buurt",
    }
);

/// A valid CBS area code. The level and parent follow from the code itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CbsCode(String);

impl CbsCode {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_uppercase();
        let digits =
            |rest: &str, n: usize| rest.len() == n && rest.bytes().all(|b| b.is_ascii_digit());
        let ok = match s.get(..2) {
            Some("GM") => digits(&s[2..], 4),
            Some("WK") => digits(&s[2..], 6),
            Some("BU") => digits(&s[2..], 8),
            _ => false,
        };
        ok.then_some(Self(s))
    }

    pub fn level(&self) -> AreaLevel {
        match &self.0[..2] {
            "GM" => AreaLevel::Gemeente,
            "WK" => AreaLevel::Wijk,
            _ => AreaLevel::Buurt,
        }
    }

    /// The code of the enclosing area, derived from the code's digits.
    pub fn parent(&self) -> Option<CbsCode> {
        match self.level() {
            AreaLevel::Gemeente => None,
            AreaLevel::Wijk => Some(CbsCode(format!("GM{}", &self.0[2..6]))),
            AreaLevel::Buurt => Some(CbsCode(format!("WK{}", &self.0[2..8]))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for CbsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a place could not be put in a wijk: a point outside every wijk, or
/// neither a point nor a chosen area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaProblem {
    PointOutside,
    AreaRequired,
}

impl AreaProblem {
    /// Translation key of the message.
    pub fn key(self) -> &'static str {
        match self {
            AreaProblem::PointOutside => "error-point-outside",
            AreaProblem::AreaRequired => "error-area-required",
        }
    }

    /// The form field the message belongs next to.
    pub fn field(self) -> &'static str {
        match self {
            AreaProblem::PointOutside => "lon",
            AreaProblem::AreaRequired => "buurt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_derives_parents() {
        let b = CbsCode::parse("bu05990111").unwrap();
        assert_eq!(b.as_str(), "BU05990111");
        assert_eq!(b.level(), AreaLevel::Buurt);
        let w = b.parent().unwrap();
        assert_eq!(w.as_str(), "WK059901");
        assert_eq!(w.parent().unwrap().as_str(), "GM0599");
        assert!(CbsCode::parse("WK0599").is_none());
        assert!(CbsCode::parse("XX059901").is_none());
    }
}

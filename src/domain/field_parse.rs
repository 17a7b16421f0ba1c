//! Parsers for single place fields: closed lists, postcode, phone, e-mail,
//! website, year, date and the RD New → WGS84 conversion. Each returns the
//! translation key of its problem.

use chrono::NaiveDate;

use super::area::{AreaLevel, CbsCode};
use super::place::{CATEGORIES, TargetGroup};

pub(super) const SHORT_TEXT_MAX: usize = 500;
const EMAIL_MAX: usize = 254;

pub(super) fn choice<T>(
    s: &str,
    parse: fn(&str) -> Option<T>,
    key: &'static str,
) -> Result<T, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("error-required");
    }
    parse(&s.to_lowercase().replace([' ', '-'], "_")).ok_or(key)
}

pub(super) fn max_len(s: &str, max: usize, key: &'static str) -> Result<(), &'static str> {
    if s.chars().count() > max { Err(key) } else { Ok(()) }
}

pub(super) fn parse_category(s: &str) -> Result<&'static str, &'static str> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return Err("error-required");
    }
    CATEGORIES.iter().copied().find(|c| *c == s).ok_or("error-category")
}

/// A Dutch postcode, normalised to "1234 AB"; empty is fine.
pub(super) fn parse_postcode(s: &str) -> Result<String, &'static str> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let b = compact.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphabetic);
    if ok {
        Ok(format!("{} {}", &compact[..4], compact[4..].to_ascii_uppercase()))
    } else {
        Err("error-postcode")
    }
}

pub(super) fn parse_area_code(s: &str, level: AreaLevel) -> Result<Option<CbsCode>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match CbsCode::parse(s) {
        Some(code) if code.level() == level => Ok(Some(code)),
        _ => Err("error-area-code"),
    }
}

pub(super) fn parse_target_groups(s: &str) -> Result<Vec<TargetGroup>, &'static str> {
    let mut groups = Vec::new();
    for part in s.split([';', ',', '|']).map(str::trim).filter(|p| !p.is_empty()) {
        let group = TargetGroup::parse(&part.to_lowercase()).ok_or("error-choice-target-group")?;
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    Ok(groups)
}

/// ja/nee; empty (or "onbekend") means not known.
pub fn parse_yes_no(s: &str) -> Result<Option<bool>, &'static str> {
    match s.trim().to_lowercase().as_str() {
        "" | "onbekend" | "?" => Ok(None),
        "ja" | "j" | "yes" | "y" | "true" | "1" | "waar" => Ok(Some(true)),
        "nee" | "n" | "no" | "false" | "0" | "onwaar" => Ok(Some(false)),
        _ => Err("error-choice-yes-no"),
    }
}

/// Dutch numbers: 10 digits (or +31 and 9 more), or a short service number
/// such as 14 010. Kept as typed, without the noise.
pub(super) fn parse_phone(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if !s.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err("error-phone");
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let plus_ok = !s[1..].contains('+');
    let ok = plus_ok && ((10..=15).contains(&digits) || (s.starts_with("14") && digits <= 7));
    if ok { Ok(s.split_whitespace().collect::<Vec<_>>().join(" ")) } else { Err("error-phone") }
}

pub(super) fn parse_email(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.len() > EMAIL_MAX {
        return Err("error-too-long");
    }
    let valid = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<')
        }
        None => false,
    };
    if valid { Ok(s.to_owned()) } else { Err("error-email") }
}

/// http(s) addresses; "www.example.nl" gets https:// in front.
pub(super) fn parse_website(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.len() > SHORT_TEXT_MAX {
        return Err("error-too-long");
    }
    let lower = s.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        s.to_owned()
    } else if lower.contains("://") {
        return Err("error-url");
    } else {
        format!("https://{s}")
    };
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == ':');
    if host_ok && !url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
        Ok(url)
    } else {
        Err("error-url")
    }
}

pub(super) fn parse_year(s: &str) -> Result<Option<i32>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(y) if (1800..=2100).contains(&y) => Ok(Some(y)),
        _ => Err("error-founded-year"),
    }
}

/// 2016-01-31 or the Dutch 31-01-2016.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .map(Some)
        .map_err(|_| "error-date")
}

/// Accepts a decimal comma too, as Dutch spreadsheets write it.
pub(super) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains('.') { s.to_owned() } else { s.replace(',', ".") };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// RD New (EPSG:28992) to WGS84 with the approximation formulas of
/// Schreutelkamp and Strang van Hees (accurate to about a metre), so parsing
/// needs no database.
pub fn rd_to_wgs84(x: f64, y: f64) -> (f64, f64) {
    const K: &[(i32, i32, f64)] = &[
        (0, 1, 3235.65389),
        (2, 0, -32.58297),
        (0, 2, -0.24750),
        (2, 1, -0.84978),
        (0, 3, -0.06550),
        (2, 2, -0.01709),
        (1, 0, -0.00738),
        (4, 0, 0.00530),
        (2, 3, -0.00039),
        (4, 1, 0.00033),
        (1, 1, -0.00012),
    ];
    const L: &[(i32, i32, f64)] = &[
        (1, 0, 5260.52916),
        (1, 1, 105.94684),
        (1, 2, 2.45656),
        (3, 0, -0.81885),
        (1, 3, 0.05594),
        (3, 1, -0.05607),
        (0, 1, 0.01199),
        (3, 2, -0.00256),
        (1, 4, 0.00128),
        (0, 2, 0.00022),
        (2, 0, -0.00022),
        (5, 0, 0.00026),
    ];
    let dx = (x - 155_000.0) * 1e-5;
    let dy = (y - 463_000.0) * 1e-5;
    let sum = |terms: &[(i32, i32, f64)]| {
        terms.iter().map(|(p, q, c)| c * dx.powi(*p) * dy.powi(*q)).sum::<f64>()
    };
    let lat = 52.155_174_40 + sum(K) / 3600.0;
    let lon = 5.387_206_21 + sum(L) / 3600.0;
    (lon, lat)
}

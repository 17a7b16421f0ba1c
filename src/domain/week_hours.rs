//! Opening hours as a plain form per day (open or not, from–to, a second
//! period), written to and read from OSM `opening_hours` syntax, so
//! residents need not know "Tu 09:00-17:00". Only the simple weekly shape
//! round-trips; anything else (holidays, weeks, "24/7") stays for the
//! expert text field.

/// The days of the form: its field code and the OSM day.
pub const DAYS: [(&str, &str); 7] = [
    ("ma", "Mo"),
    ("di", "Tu"),
    ("wo", "We"),
    ("do", "Th"),
    ("vr", "Fr"),
    ("za", "Sa"),
    ("zo", "Su"),
];

/// Two periods a day are what the form offers.
pub const PERIODS: usize = 2;

/// One day as typed: "open" ticked and up to two periods of raw times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayInput {
    pub open: bool,
    /// (from, to) per period, as typed ("9", "09:00", "9.30").
    pub periods: [(String, String); PERIODS],
}

/// A period in minutes since midnight; `to` may be 24:00.
type Span = (u16, u16);

impl DayInput {
    /// The day's periods, or the key of what is wrong with them. A closed
    /// day has none; an open day needs at least one.
    pub fn spans(&self) -> Result<Vec<Span>, &'static str> {
        if !self.open {
            return Ok(Vec::new());
        }
        let mut spans: Vec<Span> = Vec::new();
        for (from, to) in &self.periods {
            if from.trim().is_empty() && to.trim().is_empty() {
                continue;
            }
            let (Some(a), Some(b)) = (parse_time(from), parse_time(to)) else {
                return Err("error-day-time");
            };
            if a >= b || spans.last().is_some_and(|(_, end)| a < *end) {
                return Err("error-day-order");
            }
            spans.push((a, b));
        }
        if spans.is_empty() { Err("error-day-missing") } else { Ok(spans) }
    }
}

/// A time as residents write it: "9", "09", "9:30", "9.30", "0930" is not
/// accepted (ambiguous), "24:00" ends a day.
fn parse_time(s: &str) -> Option<u16> {
    let s = s.trim().trim_end_matches(['u', 'h']).trim();
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (s, "0"),
    };
    let h: u16 = h.parse().ok().filter(|_| (1..=2).contains(&h.len()))?;
    let m: u16 = m.parse().ok().filter(|_| (1..=2).contains(&m.len()))?;
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The week as the form holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeekInput(pub [DayInput; 7]);

impl WeekInput {
    /// Reads the form's fields (`dag-ma-open`, `dag-ma-van-1`,
    /// `dag-ma-tot-1`, …); `None` when the form was not on the page
    /// (`dagen=1` marks it).
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<Self> {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        get("dagen").filter(|v| *v == "1")?;
        let mut week = WeekInput::default();
        for (day, (code, _)) in week.0.iter_mut().zip(DAYS) {
            day.open = get(&format!("dag-{code}-open")) == Some("1");
            for (i, (from, to)) in day.periods.iter_mut().enumerate() {
                *from = get(&format!("dag-{code}-van-{}", i + 1)).unwrap_or_default().to_owned();
                *to = get(&format!("dag-{code}-tot-{}", i + 1)).unwrap_or_default().to_owned();
            }
        }
        Some(week)
    }

    /// OSM syntax for the week: consecutive days with the same periods
    /// share a rule ("Mo-Fr 09:00-17:00; Sa 10:00-12:00"). No open day is
    /// "not known" (empty). The error is a translation key.
    pub fn to_osm(&self) -> Result<String, &'static str> {
        let spans: Vec<Vec<Span>> = self.0.iter().map(DayInput::spans).collect::<Result<_, _>>()?;
        let mut rules = Vec::new();
        let mut start = 0;
        while start < 7 {
            let mut end = start;
            while end + 1 < 7 && spans[end + 1] == spans[start] {
                end += 1;
            }
            if !spans[start].is_empty() {
                let days = if end == start {
                    DAYS[start].1.to_owned()
                } else {
                    format!("{}-{}", DAYS[start].1, DAYS[end].1)
                };
                let times: Vec<String> = spans[start]
                    .iter()
                    .map(|(a, b)| format!("{}-{}", format_time(*a), format_time(*b)))
                    .collect();
                rules.push(format!("{days} {}", times.join(",")));
            }
            start = end + 1;
        }
        Ok(rules.join("; "))
    }

    /// The form for stored hours, when they have the simple weekly shape
    /// the form can show exactly; `None` otherwise.
    pub fn from_osm(raw: &str) -> Option<Self> {
        let mut week = WeekInput::default();
        for rule in raw.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, times) = rule.split_once(' ')?;
            let periods: Vec<(String, String)> = times
                .trim()
                .split(',')
                .map(|t| {
                    let (a, b) = t.trim().split_once('-')?;
                    let (a, b) = (parse_time(a)?, parse_time(b)?);
                    Some((format_time(a), format_time(b)))
                })
                .collect::<Option<_>>()?;
            if periods.len() > PERIODS {
                return None;
            }
            for part in days.split(',') {
                let (first, last) = part.split_once('-').unwrap_or((part, part));
                let index = |d: &str| DAYS.iter().position(|(_, osm)| *osm == d);
                let (a, b) = (index(first)?, index(last)?);
                if a > b {
                    return None;
                }
                for day in &mut week.0[a..=b] {
                    if day.open {
                        return None;
                    }
                    day.open = true;
                    for (slot, p) in day.periods.iter_mut().zip(&periods) {
                        *slot = p.clone();
                    }
                }
            }
        }
        week.0.iter().all(|d| d.spans().is_ok()).then_some(week)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(open: bool, p: &[(&str, &str)]) -> DayInput {
        let mut d = DayInput { open, ..Default::default() };
        for (slot, (a, b)) in d.periods.iter_mut().zip(p) {
            *slot = ((*a).to_owned(), (*b).to_owned());
        }
        d
    }

    #[test]
    fn a_plain_week_becomes_osm_syntax_and_back() {
        let nine_five = day(true, &[("9", "17.00")]);
        let mut week = WeekInput::default();
        for d in &mut week.0[..5] {
            *d = nine_five.clone();
        }
        week.0[5] = day(true, &[("10:00", "12:00"), ("13", "16")]);
        let osm = week.to_osm().unwrap();
        assert_eq!(osm, "Mo-Fr 09:00-17:00; Sa 10:00-12:00,13:00-16:00");
        assert!(crate::domain::opening_hours::OpeningHours::parse(&osm).unwrap().is_some());
        let back = WeekInput::from_osm(&osm).unwrap();
        assert_eq!(back.to_osm().unwrap(), osm);
        assert_eq!(back.0[0].periods[0], ("09:00".to_owned(), "17:00".to_owned()));
        assert!(!back.0[6].open);
    }

    #[test]
    fn mistakes_are_named() {
        let mut week = WeekInput::default();
        week.0[1] = day(true, &[("17:00", "09:00")]);
        assert_eq!(week.to_osm(), Err("error-day-order"));
        week.0[1] = day(true, &[("negen", "17")]);
        assert_eq!(week.to_osm(), Err("error-day-time"));
        week.0[1] = day(true, &[]);
        assert_eq!(week.to_osm(), Err("error-day-missing"));
        week.0[1] = day(true, &[("9", "12"), ("11", "14")]);
        assert_eq!(week.to_osm(), Err("error-day-order"));
        assert_eq!(WeekInput::default().to_osm().unwrap(), "");
    }

    #[test]
    fn only_the_simple_shape_is_read_back() {
        assert!(WeekInput::from_osm("Mo,We 10:00-12:00").is_some());
        assert!(WeekInput::from_osm("").is_some());
        for raw in ["24/7", "Mo-Fr 09:00-17:00; PH off", "Mo 08:00-09:00,10:00-11:00,12:00-13:00"] {
            assert!(WeekInput::from_osm(raw).is_none(), "{raw}");
        }
        assert!(WeekInput::from_osm("Mo 10:00-12:00; Mo 14:00-16:00").is_none());
    }
}

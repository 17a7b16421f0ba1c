//! How complete an area's population figure is (issue 11, item 7). CBS
//! figures of 2017 do not match every buurt of today, so a gemeente's sum
//! may cover only a few of its buurten. Pages say for how many buurten a
//! figure is known and show a rate per 1,000 inhabitants only when the
//! figure covers at least 90 % of the population; the coverage is computed
//! by the population import (`db::population::aggregate_population`, defined in
//! docs/import.md).

/// Below this share of the population covered, no rate is shown.
pub const MIN_COVERAGE: f64 = 0.9;

/// An area's figure with its coverage, as stored on `areas`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Population {
    pub inhabitants: Option<i64>,
    /// The area's buurten (`None`: never computed, e.g. a figure written
    /// without the population import).
    pub buurten: Option<i64>,
    /// Of those, with a figure of their own.
    pub known: Option<i64>,
    /// Share of the population the figure covers (1 for a CBS figure of the
    /// wijk or gemeente itself).
    pub coverage: Option<f64>,
}

impl Population {
    /// From the columns of `areas` (migration 0160).
    pub fn new(
        inhabitants: Option<i64>,
        buurten: Option<i64>,
        known: Option<i64>,
        coverage: Option<f64>,
    ) -> Self {
        Population { inhabitants, buurten, known, coverage }
    }

    /// One buurt: its figure is known or not.
    pub fn of_buurt(inhabitants: Option<i64>) -> Self {
        Population {
            inhabitants,
            buurten: Some(1),
            known: Some(i64::from(inhabitants.is_some())),
            coverage: inhabitants.map(|_| 1.0),
        }
    }

    /// The figure to compute rates with: only when it covers enough of the
    /// population. A figure without a computed coverage is taken as it is.
    pub fn for_rates(&self) -> Option<i64> {
        self.inhabitants.filter(|_| self.coverage.is_none_or(|c| c >= MIN_COVERAGE))
    }

    /// Whether there is a figure, but too incomplete for a rate.
    pub fn too_incomplete(&self) -> bool {
        self.inhabitants.is_some() && self.for_rates().is_none()
    }

    /// (known, buurten) when the area has buurten and not all have a figure
    /// (all known needs no remark).
    pub fn buurten_known(&self) -> Option<(i64, i64)> {
        match (self.known, self.buurten) {
            (Some(k), Some(n)) if n > 1 && k < n => Some((k, n)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pop(inhabitants: i64, known: i64, buurten: i64, coverage: f64) -> Population {
        Population {
            inhabitants: Some(inhabitants),
            buurten: Some(buurten),
            known: Some(known),
            coverage: Some(coverage),
        }
    }

    #[test]
    fn a_rate_needs_ninety_percent_of_the_population() {
        assert_eq!(pop(3215, 4, 93, 4.0 / 93.0).for_rates(), None);
        assert!(pop(3215, 4, 93, 4.0 / 93.0).too_incomplete());
        assert_eq!(pop(9000, 9, 10, 0.9).for_rates(), Some(9000));
        // An own CBS figure of the wijk covers it, whatever its buurten have.
        assert_eq!(pop(5000, 1, 8, 1.0).for_rates(), Some(5000));
        let written = Population { inhabitants: Some(2000), ..Default::default() };
        assert_eq!(written.for_rates(), Some(2000));
        assert!(!Population::default().too_incomplete());
    }

    #[test]
    fn the_buurten_remark_is_for_areas_with_buurten_missing() {
        assert_eq!(pop(3215, 4, 93, 0.04).buurten_known(), Some((4, 93)));
        assert_eq!(pop(9000, 10, 10, 1.0).buurten_known(), None);
        assert_eq!(Population::of_buurt(Some(5)).buurten_known(), None);
        assert_eq!(Population::default().buurten_known(), None);
    }
}

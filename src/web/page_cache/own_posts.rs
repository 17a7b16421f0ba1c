//! Which posts leave the kept pages alone: those that change only the
//! poster's own things. Every other successful post starts the cache
//! afresh (see the module doc of `page_cache`).

/// Posts that change only what no kept page shows: the poster's own
/// session, password and settings, a wijkteam's confidential visits, a
/// message relayed by mail, a correction that waits in the review queue.
/// A login is no data change, so it must not make every visitor's next
/// page (and the national map) a first view again. Every other successful
/// post bumps: it may change what the public sees where no trigger says so
/// (a tip shown on a place, an account's name in a history).
pub(super) fn changes_no_shared_page(path: &str) -> bool {
    const OWN: [&str; 9] = [
        "/inloggen",
        "/uitloggen",
        "/registreren",
        "/account/wachtwoord",
        "/account/bevestigen",
        "/account/meldingen",
        "/wachtwoord-vergeten",
        "/wachtwoord-herstellen/",
        "/wijkteam/",
    ];
    let place_form = |end: &str| path.starts_with("/plekken/") && path.ends_with(end);
    OWN.iter().any(|p| path == *p || (p.ends_with('/') && path.starts_with(p)))
        || place_form("/bericht")
        || place_form("/klopt-er-iets-niet")
}

#[cfg(test)]
mod tests {
    use super::changes_no_shared_page;

    #[test]
    fn own_things_keep_the_pages_and_shared_things_do_not() {
        for own in ["/inloggen", "/account/meldingen", "/wijkteam/bezoeken", "/plekken/1/bericht"] {
            assert!(changes_no_shared_page(own), "{own}");
        }
        for shared in ["/account/verwijderen", "/plekken/1/opmerking", "/beoordelen/1/accepteren"] {
            assert!(!changes_no_shared_page(shared), "{shared}");
        }
    }
}

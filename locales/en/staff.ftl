# Pages and texts for officials and wijkteams (issue 15, items 13-21).
rate-below = less than { $rate }

# Exports (/export/plekken)
export-page-title = Download places: { $gemeente }
export-include-closed = Also places that stopped
export-protected = With every address (municipality staff only)
export-with-closed = with places that stopped
export-closed-intro = Places that stopped are only included when you choose "with places that stopped".

# Review page (/beoordelen/{id})
review-map-title = Where is the place?
review-map-point = Proposed location: { $point }.
review-map-old-point = Now: { $point }.
review-map-osm = View on OpenStreetMap
review-map-label = Map with the proposed location
review-map-new = Proposed location
review-map-old = Location as it is now

# Restoring a version (/plekken/{id}/geschiedenis/{version}/terugzetten)
restore-title = Restore version { $version }?
restore-intro = You restore { $name } as it was in version { $version } ({ $when }). That becomes a new version; the current one stays in the history.
restore-caption = What changes
restore-col-now = Now
restore-col-after = After restoring
restore-nothing = Nothing changes: the place is like this already.
restore-confirm = Yes, restore version { $version }
restore-cancel = No, back to the history
history-restored = Version { $version } was restored. It is now version { $current }.

# Overview: the baseline of "Nieuw sinds" (/overzicht)
overview-meta-baseline = Baseline
overview-baseline = first import on { $date }: places from that import do not count as new, unless we know the year they started
overview-print = Print
overview-print-hint = The overview fits on A4 landscape.

# Correcting and removing a visit (/wijkteam/bezoeken/{id})
visit-retention = We erase notes, organisations and the follow-up text { $months ->
        [one] 1 month
       *[other] { $months } months
    } after the visit. Date, place and purpose stay for the figures.
visit-own-title = Your visit
visit-edit-link = Correct this visit
visit-edit-title = Correct a visit
visit-edit-save = Save changes
visit-edit-cancel = Do not change
visit-notice-corrected = The visit was corrected.
visit-delete-link = Remove this visit
visit-delete-title = Remove this visit?
visit-delete-question = Do you want to remove the visit to { $place } on { $date }? This cannot be undone.
visit-delete-confirm = Yes, remove this visit
visit-delete-cancel = No, keep it
wijkteam-notice-deleted = The visit was removed.

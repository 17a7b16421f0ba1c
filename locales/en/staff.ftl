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

# Audit log (/beheer/audit) and user search (/beheer/gebruikers)
audit-filter-family = Kind
audit-filter-all = Everything
audit-filter-actor = Who (e-mail address contains)
audit-filter-submit = Show
admin-search-email = E-mail address contains
admin-search-role = Role
admin-search-all-roles = All roles
admin-search-submit = Search
admin-search-count = { $shown } of { $total ->
        [one] 1 account
       *[other] { $total } accounts
    }
audit-family-auth = Logins and accounts
audit-family-user = Account management
audit-family-place = Places
audit-family-proposal = Proposals
audit-family-review = Reviewing
audit-family-annotation = Notes and tips
audit-family-visit = Wijkteam visits
audit-family-export = Downloads
audit-action-auth-login = Logged in
audit-action-auth-login-failed = Login failed
audit-action-auth-login-blocked = Login blocked for a while
audit-action-auth-logout = Logged out
audit-action-auth-signup = Account created
audit-action-auth-password-changed = Password changed
audit-action-user-created = Account created by an administrator
audit-action-user-role-changed = Role changed
audit-action-place-created = Place added
audit-action-place-edited = Place edited
audit-action-place-closed = Place stopped
audit-action-place-verified = Place checked
audit-action-place-restored = Earlier version restored
audit-action-place-hidden = Place hidden
audit-action-place-unhidden = Place shown again
audit-action-proposal-created = Proposal sent
audit-action-review-accept = Proposal accepted
audit-action-review-reject = Proposal rejected
audit-action-review-annotation-resolved = Note handled
audit-action-annotation-added = Note or tip left
audit-action-visit-created = Visit logged
audit-action-visit-updated = Visit corrected
audit-action-visit-deleted = Visit removed
audit-action-visit-notes-viewed = Someone else's notes read
audit-action-visit-exported = Visits downloaded
audit-action-visit-followup-done = Follow-up done
audit-action-visit-threshold-changed = District threshold changed
audit-action-visit-retention = Old notes erased
audit-action-export-protected = Download with every address
admin-show-wijken-of = Show the districts of municipality
admin-show-wijken = Show districts
admin-wijken-choose-hint = Only for the wijkteam role. Tick the districts this member works in. Is the district not listed? First choose its municipality above.
admin-wijken-other = Or type district codes
admin-gemeente-choose-hint = Only for the gemeente role: the municipality this account works for.
admin-gemeente-none = No municipality

# Account self-service (/account)
account-my-data = Download my data
account-my-data-hint = A file (JSON) with everything we keep about your account: your e-mail address, proposals, notes and tips, when you logged in and what you did.

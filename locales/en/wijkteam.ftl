## District team: visits, dashboard, follow-ups and figures (issue 4).

nav-wijkteam = District team

wijkteam-title = District team
wijkteam-intro = Here you see every place in your district. Places the team has not visited yet, or not for a long time, come first.
wijkteam-log-visit = Log a visit
wijkteam-choose-intro = Choose the district you want to see.
wijkteam-choose-wijk = District
wijkteam-choose-place = Place
wijkteam-choose-button = Choose
wijkteam-choose-gemeente-intro = Choose the municipality whose figures you want to see.
wijkteam-choose-gemeente = Municipality
wijkteam-no-places = There are no places in this district.
wijkteam-wijk-title = Places in { $wijk }
wijkteam-place-count = { $count ->
    [one] 1 place.
   *[other] { $count } places.
}
wijkteam-export-csv = Download all visits (CSV)
wijkteam-export-excel = for Excel

wijkteam-notice-saved = The visit has been saved.
wijkteam-notice-threshold = The period has been saved.
wijkteam-notice-done = The follow-up is done.

wijkteam-followups-title = My follow-ups
wijkteam-followups-none = You have no follow-ups due now or within a week.
wijkteam-followup-due = Due by { $date }
wijkteam-followup-overdue = Late: was due by { $date }
wijkteam-followup-mark-done = Done
wijkteam-followup-open = Still open, due by { $date }
wijkteam-followup-closed = Done (was due by { $date })
wijkteam-followup-none = No follow-up.
wijkteam-visit-open = View the visit

wijkteam-map-title = Map
wijkteam-map-label = Map of the places, showing how long ago the team was there
wijkteam-map-unavailable = The map cannot be shown right now. Every place is in the list below.
wijkteam-legend-title = What the signs in the list and on the map mean:
wijkteam-recency-nooit = Never visited
wijkteam-recency-lang-geleden = Not visited for more than { $months ->
        [one] 1 month
       *[other] { $months } months
    }
wijkteam-recency-recent = Visited in the last { $months ->
        [one] month
       *[other] { $months } months
    }
wijkteam-recency-nooit-legend = square: never visited
wijkteam-recency-lang-geleden-legend = triangle: not visited for too long
wijkteam-recency-recent-legend = circle: visited recently
wijkteam-history-link = View the visits

wijkteam-group-informeel-nooit = Living rooms and self-managed places the team has never visited
wijkteam-group-lang-niet = Not visited for more than { $months ->
        [one] 1 month
       *[other] { $months } months
    }
wijkteam-group-rest = The other places

wijkteam-last-visit = Last visit: { $date }
wijkteam-never-visited = Never visited.
wijkteam-visits-12m = { $count ->
    [one] 1 visit in the last 12 months
   *[other] { $count } visits in the last 12 months
}
wijkteam-open-followups = { $count ->
    [0] No open follow-ups
    [one] 1 open follow-up
   *[other] { $count } open follow-ups
}
wijkteam-next-visit = Next visit planned: { $date }

wijkteam-threshold-label = After how many months without a visit does a place go to the top?
wijkteam-threshold-hint = A number from 1 to 36. This applies to the whole team of this district.
wijkteam-threshold-button = Save
wijkteam-error-threshold = Enter a number from { $min } to { $max }.
wijkteam-error-wijk = “{ $value }” is not a district code. A district code looks like WK059901.
wijkteam-error-format = We do not know “{ $value }” as a format. Choose csv or excel.

wijkteam-visit-title = Log a visit
wijkteam-visit-save = Save the visit
wijkteam-optional = (optional)
wijkteam-field-date = Date of the visit
wijkteam-field-duration = How long did it take? In minutes
wijkteam-field-purpose = Why did you go there?
wijkteam-field-members = Who from the team was there?
wijkteam-members-hint = You are always included. Choose who else was there.
wijkteam-members-none = There are no other team members in this district.
wijkteam-field-notes = What did you see?
wijkteam-privacy-title = Please note:
wijkteam-privacy-text = do not write down names or personal details of residents. Describe what you saw, not who.
wijkteam-field-partners = Which organisations were there?
wijkteam-partners-hint = Organisations only, no people. One organisation per line.
wijkteam-field-followup = Follow-up
wijkteam-followup-hint = Does something still need to happen? Write down what, and by when.
wijkteam-field-followup-text = What needs to happen?
wijkteam-field-followup-due = By which date?
wijkteam-field-next-visit = Next visit planned on

visit-purpose-kennismaken = Getting to know them
visit-purpose-contact_onderhouden = Keeping in touch
visit-purpose-activiteit_bijwonen = Attending an activity
visit-purpose-signaal_opvolgen = Following up a signal
visit-purpose-anders = Other

visit-error-date-required = Enter the date of the visit.
visit-error-date-invalid = This date is not right. Write it like this: 31-12-2025.
visit-error-date-future = The visit cannot be in the future.
visit-error-date-too-old = This date is more than a year ago. Is the year right?
visit-error-duration = Enter a number of minutes from 1 to { $max }, or leave it empty.
visit-error-member = Choose only team members of this district.
visit-error-purpose = Choose why you went there.
visit-error-too-long = This text is too long. Use at most { $max } characters.
visit-error-partners = Name at most { $max } organisations, each in at most { $len } characters.
visit-error-followup-due-missing = Enter the date by which the follow-up must be done.
visit-error-followup-text-missing = Write down what needs to happen, or clear the date.
visit-error-followup-due-before = The follow-up date is before the visit.
visit-error-next-before = The next visit is before this visit.

wijkteam-visit-detail-title = Visit
wijkteam-visit-detail-heading = Visit on { $date }
wijkteam-visit-erased = The text of this visit has been erased because it was long ago. Date, place and purpose are kept.
wijkteam-text-erased = (text erased)
wijkteam-empty = Nothing filled in.
wijkteam-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
wijkteam-logged-by = Logged by

wijkteam-history-title = Visits by the district team
wijkteam-public-page = Public page of this place
wijkteam-with = With: { $names }
wijkteam-has-notes = with notes

wijkteam-figures-title = District team visits in figures
wijkteam-figures-intro = Numbers only. Notes and names are not shown here.
wijkteam-figures-coverage-caption = Places the district team visited in the last 12 months, per district ({ $gemeente })
wijkteam-col-places = Places
wijkteam-col-visited = Visited in 12 months
wijkteam-col-share = Share visited
wijkteam-col-visits = Visits in 12 months
wijkteam-figures-months-title = Visits per month
wijkteam-figures-months-caption = Number of visits per district per month, last 12 months
wijkteam-col-month = Month
wijkteam-col-visits-month = Visits
wijkteam-figures-no-visits = No visits in the last 12 months yet.

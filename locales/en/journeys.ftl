# What residents ran into on their journeys (issue 15): opening hours,
# checked data, tips, areas and forms.
place-hours-stopped = This place has closed down. It has no opening hours any more.
place-hours-caption-paused = Usual opening hours. The place is closed for now.
place-never-verified = Nobody from the district team or the municipality has checked this information yet. Call or e-mail the place before you go.
next-close-today = until { $time }
next-close-day = until { $day } { $time }
next-open-today = opens at { $time }
next-open-tomorrow = opens tomorrow at { $time }
next-open-day = opens on { $day } at { $time }
form-error-summary-item = { $field }: { $message }
history-restored-from = version { $version } restored
map-attribution-osm = © OpenStreetMap contributors
review-checked = I have checked the information about this place
review-checked-hint = Only tick this if you checked yourself that the information is right, for example by calling or visiting. Then today's date is set as "Checked on".
close-checked = I have checked that the place has really closed down
filters-summary = More filters
filters-summary-chosen = { $count ->
    [one] More filters (1 chosen)
   *[other] More filters ({ $count } chosen)
}
filters-apply = Apply filters
nav-menu = Menu
tip-answer-label = Your answer to the resident
tip-answer-hint = May stay empty. The resident reads it under "My proposals". At most 1000 characters.
tip-publish-label = Put this tip on the place's page (without name or e-mail address)
tip-error-not-publishable = Only a tip can be shown on the place's page.
tip-error-done = This note has already been dealt with.
tip-error-answer-too-long = The answer is too long. Use at most 1000 characters.
tips-title = Tips from residents
tip-date = Tip of { $date }
tip-unpublish = No longer show on this page
mine-notes-title = My tips and notes
mine-notes-empty = You have not given any tips or notes yet.
mine-notes-answer = Answer from the district team:
tip-status-open = Not dealt with yet
tip-status-done = Dealt with
tip-status-published = Dealt with and put on the place's page
col-buurt = Neighbourhood
wijk-buurten-title = Neighbourhoods in this district
wijk-buurten-caption = Meeting places per neighbourhood in { $wijk }
gemeente-intro = A municipality with these districts.
gemeente-wijken-title = Districts
gemeente-search-link = Search and filter the places in this municipality
buurt-in-wijk = A neighbourhood in the district { $wijk }.
buurt-places-title = Places in this neighbourhood
buurt-no-places = We do not know any places in this neighbourhood yet.
buurt-wijk-link = All places in the district { $wijk }
week-legend = Opening hours per day
week-hint = Tick the days the place is open and fill in the times, for example 9:00 to 17:00. Is it closed over lunch? Then fill in the second times too.
week-open = open
week-from = { $period ->
    [1] From
   *[other] and from
}
week-to = to
week-expert-summary = For experts: the hours in OpenStreetMap notation
week-too-complex = These opening hours are too complex for the form per day. You can change them below.
error-day-time = Opening hours per day: a time is not right. Write a time like this: 9:00 or 17:30.
error-day-order = Opening hours per day: the time "to" must come after "from", and the second period after the first.
error-day-missing = Opening hours per day: fill in the times for a day that is open, or untick it.

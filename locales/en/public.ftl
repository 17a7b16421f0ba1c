# Public pages: home, search, wijken, place page and the map API.
search-form-title = Search and filter
search-q-label = Search by name or word
search-q-hint = For example: coffee, community centre or the name of a place.
search-submit = Search
search-title = Find places
search-title-q = Search for "{ $q }"
search-result-count = { $count ->
    [one] We found 1 place.
   *[other] We found { $count } places.
}
search-share-link = Link to this search
filter-type = Kind of place
filter-all-types = All kinds
filter-category = Category
filter-all-categories = All categories
filter-target-group = For whom
filter-all-target-groups = All groups
filter-wijk = District
filter-all-wijken = All districts
filter-gemeente = Municipality
filter-all-gemeenten = All municipalities
filter-wijk-first-gemeente = Choose a municipality first
filter-wijk-hint = Choose a municipality first and click Search. Then you can choose a district.
filter-open-now = Only places that are open now
filter-include-closed = Also places that have closed down
map-label = Map of meeting places
list-title = { $count ->
    [one] 1 place
   *[other] { $count } places
}
list-title-many = More than { $count } places
list-empty = We found no places. Choose fewer filters or search for another word.
pager-label = Pages
pager-prev = Previous page
pager-next = Next page
pager-position = Page { $page }
pager-of = of { $pages }
open-now = Open now
closed-now = Closed now
label-wijk = District
label-buurt = Neighbourhood
demo-notice = The places on the map are approximate: this is sample data.
unknown = unknown
yes = yes
no = no
today = today

error-filter-type = We do not know the kind of place "{ $value }". Choose huiskamer, zelfbeheer or huis_van_de_wijk.
error-filter-category = We do not know the category "{ $value }". Choose a category from the list.
error-filter-doelgroep = We do not know the group "{ $value }". Choose a group from the list.
error-filter-wijk = "{ $value }" is not a valid district code. A district code looks like this: WK059901.
error-filter-gemeente = "{ $value }" is not a valid municipality code. A municipality code looks like this: GM0599.
error-filter-page = The page number "{ $value }" is not right. Use a whole number from 1.
error-filter-flag = The value "{ $value }" for { $name } is not right. Use 1 for yes, or leave it empty.
error-bbox-missing = Give an area with bbox=minlon,minlat,maxlon,maxlat.
error-bbox-count = The area (bbox) needs 4 numbers separated by commas. { $count ->
        [one] Now there is 1.
       *[other] Now there are { $count }.
    }
error-bbox-number = The area (bbox) contains "{ $value }". That is not a number.
error-bbox-range = The area (bbox) is outside the world map. Longitude is between -180 and 180, latitude between -90 and 90.
error-bbox-order = In the area (bbox) the first number must be smaller than the third, and the second smaller than the fourth.
error-zoom = The zoom level "{ $value }" is not right. Use a whole number from 0 to 24.

wijken-title = Districts
wijken-intro = How many meeting places are there in each district? And how many per 1,000 inhabitants?
wijken-counting = We only count places that still exist.
wijken-gemeenten = Municipalities
wijken-gemeenten-caption = Meeting places per municipality. Choose a municipality to see its districts.
wijken-caption = Meeting places per district in { $gemeente }
wijken-empty = No districts have been loaded yet.
col-gemeente = Municipality
col-wijk = District
col-inhabitants = Inhabitants
col-huiskamer = Living rooms
col-zelfbeheer = Self-managed
col-huis_van_de_wijk = Community centres
col-total = Total
per-1000 = { $rate } per 1,000 inhabitants
source-cbs = Source: CBS
wijk-in-gemeente = A district in { $gemeente }.
wijk-inhabitants = { $count } people live here.
wijk-inhabitants-unknown = We do not know how many people live here.
wijk-counts-title = Places per kind
wijk-counts-caption = Meeting places in { $wijk }
wijk-places-title = Places in this district, per neighbourhood
wijk-no-places = We do not know any places in this district yet.
wijk-no-buurt = Neighbourhood not known
wijk-search-link = Search and filter the places in this district

place-location-title = Where
place-location-buurt = The exact address is not public. The place is in the neighbourhood { $buurt }.
place-location-wijk = The exact address is not public. The place is in the district { $wijk }.
place-location-street = The house number and postcode are not public. The place is in { $street }, in { $area }.
place-hours-title = Opening hours
place-hours-unknown = We do not know the opening hours.
place-hours-caption = Open in the next 7 days
place-hours-raw = As entered: { $hours }
hours-closed-day = closed
col-day = Day
col-hours = Open
place-closed = This place has closed down.
place-closed-on = This place closed down on { $date }.
place-closing-reason = Reason: { $reason }
place-about-title = About this place
place-status = Status
place-initiator = Started by
place-target-groups = For whom
place-founded = Started in
place-last-verified = Checked on
place-source = Source
place-stale = This information has not been checked for more than a year. Call or e-mail the place before you go.
place-contact-title = Contact
place-phone = Phone
place-email = E-mail
place-website = Website
fact-ground-floor = On the ground floor
fact-wheelchair = Wheelchair accessible
fact-street-visible = Visible from the street
fact-no-reception = No reception desk at the entrance

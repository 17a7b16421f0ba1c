# Overviews per wijk (/overzicht) and exports.
nav-overview = Overview
overview-title = Overview per district
overview-intro = How many meeting places are there in each district? This page shows it per district, also per 1,000 inhabitants. You can print or download the figures.
overview-empty = There are no districts yet. Import the districts and neighbourhoods first.
overview-meta-date = Made on
overview-meta-area = Area
overview-meta-since = New and closed since
overview-meta-source = Source
overview-source = Inhabitants: Source: CBS. Places: Haarvaten.
overview-filter-gemeente = Municipality
overview-filter-since = New and closed since
overview-filter-since-hint = For example 2024-01-01. Without a date: one year ago.
overview-show = Show overview
overview-caption = Meeting places per district in { $gemeente }
overview-wijk-title = Overview of district { $wijk }
overview-wijk-caption = Meeting places per neighbourhood in district { $wijk }
overview-col-wijk = District
overview-col-buurt = Neighbourhood
overview-col-inhabitants = Inhabitants
overview-col-huiskamer = Living rooms
overview-col-zelfbeheer = Self-managed
overview-col-huis_van_de_wijk = Community centres
overview-col-total = Total
overview-col-has-hvdw = Community centre?
overview-col-empty-buurten = Neighbourhoods without a place
overview-col-opened = New since { $date }
overview-col-closed = Closed since { $date }
overview-col-visits = District team visits
overview-visits-none = no visits yet
overview-per-1000 = { $rate } per 1,000 inhabitants
overview-yes = yes
overview-no = no
overview-total = Total
overview-no-buurt = No neighbourhood
overview-without-location = ({ $count } without a location)
overview-counting = We count every place that is open or closed for a while. Closed-down and hidden places do not count. New: founded in or after the year of the date, or (when that year is unknown) added after that date. Places from the gemeente's first import are then not new: they were there already. When the number of inhabitants is unknown, it says "unknown".
overview-empty-buurten = Neighbourhoods without a place ({ $count }):
overview-places-title = Places in this district ({ $count })
overview-no-places = There are no places in this district yet.
overview-exports-title = Download
overview-exports-intro = Download the places of this overview, one line per place. Addresses of places that are only known by street or neighbourhood are left out.
overview-exports-protected-title = Download with all addresses
overview-exports-protected-intro = Only for municipal staff. These files also hold addresses we do not publish. Do not share them.
overview-exports-choose-title = Download a few districts
overview-exports-choose-wijken = Choose the districts
overview-exports-format = Kind of file
overview-exports-download = Download
overview-export-csv = CSV (comma)
overview-export-csv-excel = CSV for Excel (semicolon)
overview-export-xlsx = Excel (XLSX)
overview-export-geojson = GeoJSON (for maps)
overview-export-hsds = Open Referral HSDS 3.0 (JSON)
overview-error-sinds = The date "{ $value }" is not right. Write a date like this: 2024-01-31. A date in the future is not possible.
overview-error-gemeente = "{ $value }" is not a valid municipality code. A municipality code looks like this: GM0599.
overview-error-wijk-gemeente = District { $value } is not in this municipality.
overview-error-too-many-wijken = Choose at most { $max } districts, or download the whole municipality.
overview-error-variant = We do not know the variant "{ $value }". Choose excel, or leave it empty.
overview-error-format = We do not know the kind of file "{ $value }". Choose csv, csv-excel, xlsx, geojson or hsds.
overview-visits-coverage = { $visited } of { $places ->
        [one] 1 place
       *[other] { $places } places
    } visited in 12 months ({ $percent }%), { $visits ->
        [one] 1 visit
       *[other] { $visits } visits
    }
overview-visits-no-places = no places

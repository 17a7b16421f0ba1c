# Public pages: home, search, wijken, place page and the map API.
search-form-title = Zoeken en kiezen
search-q-label = Zoek op naam of woord
search-q-hint = Bijvoorbeeld: koffie, buurthuis of de naam van een plek.
search-submit = Zoeken
search-title = Plekken zoeken
search-title-q = Zoeken naar "{ $q }"
search-result-count = { $count ->
    [one] We vonden 1 plek.
   *[other] We vonden { $count } plekken.
}
search-share-link = Link naar deze zoekopdracht
filter-type = Soort plek
filter-all-types = Alle soorten
filter-category = Categorie
filter-all-categories = Alle categorieën
filter-target-group = Voor wie
filter-all-target-groups = Alle groepen
filter-wijk = Wijk
filter-all-wijken = Alle wijken
filter-gemeente = Gemeente
filter-all-gemeenten = Alle gemeenten
filter-wijk-first-gemeente = Kies eerst een gemeente
filter-wijk-hint = Kies eerst een gemeente en klik op Zoeken. Daarna kunt u een wijk kiezen.
filter-open-now = Alleen plekken die nu open zijn
filter-include-closed = Ook plekken die gestopt zijn
map-label = Kaart met ontmoetingsplekken
list-title = { $count ->
    [one] 1 plek
   *[other] { $count } plekken
}
list-title-many = Meer dan { $count } plekken
list-empty = We vonden geen plekken. Kies minder filters of zoek op een ander woord.
pager-label = Pagina's
pager-prev = Vorige pagina
pager-next = Volgende pagina
pager-position = Pagina { $page }
pager-of = van { $pages }
open-now = Nu open
closed-now = Nu gesloten
label-wijk = Wijk
label-buurt = Buurt
demo-notice = De plekken op de kaart zijn bij benadering: dit zijn voorbeeldgegevens.
unknown = onbekend
yes = ja
no = nee
today = vandaag

error-filter-type = De soort plek "{ $value }" kennen we niet. Kies huiskamer, zelfbeheer of huis_van_de_wijk.
error-filter-category = De categorie "{ $value }" kennen we niet. Kies een categorie uit de lijst.
error-filter-doelgroep = De groep "{ $value }" kennen we niet. Kies een groep uit de lijst.
error-filter-wijk = "{ $value }" is geen goede wijkcode. Een wijkcode ziet er zo uit: WK059901.
error-filter-gemeente = "{ $value }" is geen goede gemeentecode. Een gemeentecode ziet er zo uit: GM0599.
error-filter-page = Het paginanummer "{ $value }" klopt niet. Gebruik een heel getal vanaf 1.
error-filter-flag = De waarde "{ $value }" bij { $name } klopt niet. Gebruik 1 voor ja, of laat het leeg.
error-bbox-missing = Geef een gebied op met bbox=minlon,minlat,maxlon,maxlat.
error-bbox-count = Het gebied (bbox) heeft 4 getallen nodig, gescheiden door komma's. { $count ->
        [one] Nu is het er 1.
       *[other] Nu zijn het er { $count }.
    }
error-bbox-number = In het gebied (bbox) staat "{ $value }". Dat is geen getal.
error-bbox-range = Het gebied (bbox) ligt buiten de wereldkaart. Lengte ligt tussen -180 en 180, breedte tussen -90 en 90.
error-bbox-order = In het gebied (bbox) moet het eerste getal kleiner zijn dan het derde, en het tweede kleiner dan het vierde.
error-zoom = Het zoomniveau "{ $value }" klopt niet. Gebruik een heel getal van 0 tot en met 24.

wijken-title = Wijken
wijken-intro = Hoeveel ontmoetingsplekken zijn er in elke wijk? En hoeveel zijn dat per 1.000 inwoners?
wijken-counting = We tellen alleen plekken die nog bestaan.
wijken-gemeenten = Gemeenten
wijken-gemeenten-caption = Ontmoetingsplekken per gemeente. Kies een gemeente om de wijken te zien.
wijken-caption = Ontmoetingsplekken per wijk in { $gemeente }
wijken-empty = Er zijn nog geen wijken ingelezen.
col-gemeente = Gemeente
col-wijk = Wijk
col-inhabitants = Inwoners
col-huiskamer = Huiskamers
col-zelfbeheer = Zelfbeheer
col-huis_van_de_wijk = Huizen van de Wijk
col-total = Totaal
per-1000 = { $rate } per 1.000 inwoners
source-cbs = Bron: CBS
wijk-in-gemeente = Een wijk in { $gemeente }.
wijk-inhabitants = Er wonen { $count } mensen.
wijk-inhabitants-unknown = Hoeveel mensen hier wonen, weten we niet.
wijk-counts-title = Plekken per soort
wijk-counts-caption = Ontmoetingsplekken in { $wijk }
wijk-places-title = Plekken in deze wijk, per buurt
wijk-no-places = In deze wijk kennen we nog geen plekken.
wijk-no-buurt = Buurt niet bekend
wijk-search-link = Zoek en filter de plekken in deze wijk

place-location-title = Waar
place-location-buurt = Het precieze adres is niet openbaar. De plek ligt in buurt { $buurt }.
place-location-wijk = Het precieze adres is niet openbaar. De plek ligt in wijk { $wijk }.
place-location-street = Het huisnummer en de postcode zijn niet openbaar. De plek ligt in de { $street }, in { $area }.
place-hours-title = Openingstijden
place-hours-unknown = De openingstijden weten we niet.
place-hours-caption = Open in de komende 7 dagen
place-hours-raw = Zoals ingevoerd: { $hours }
hours-closed-day = gesloten
col-day = Dag
col-hours = Open
place-closed = Deze plek is gestopt.
place-closed-on = Deze plek is gestopt op { $date }.
place-closing-reason = Reden: { $reason }
place-about-title = Over deze plek
place-status = Status
place-initiator = Begonnen door
place-target-groups = Voor wie
place-founded = Begonnen in
place-last-verified = Gecontroleerd op
place-source = Bron
place-stale = Deze gegevens zijn meer dan een jaar niet gecontroleerd. Bel of mail de plek voor u gaat.
place-contact-title = Contact
place-phone = Telefoon
place-email = E-mail
place-website = Website
fact-ground-floor = Op de begane grond
fact-wheelchair = Toegankelijk met een rolstoel
fact-street-visible = Zichtbaar vanaf de straat
fact-no-reception = Zonder balie bij de ingang

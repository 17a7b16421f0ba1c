# Addresses: the place form, /in-de-buurt and getting to a place (src/geocode, issue 12).

## The place form
edit-hint-adres = Straat en huisnummer, bijvoorbeeld Coolsingel 40. Met de postcode erbij zoeken wij de plek op de kaart voor u op. Alleen postcode en huisnummer kan ook.
address-choose = We vonden meer dan één adres. Kies hieronder het goede adres en verstuur het formulier opnieuw.
address-not-found = We vonden dit adres niet. Kijk het adres en de postcode na. Of kies de buurt en wijs de plek aan op de kaart.
address-unavailable = We konden het adres nu niet opzoeken. Kies de buurt en wijs de plek aan op de kaart, of probeer het later nog eens.
address-choice-legend = Welk adres bedoelt u?
address-choice-none = Geen van deze. Ik kies zelf de buurt of wijs de plek aan op de kaart.
address-suggest-label = Gevonden adressen
address-suggest-found = adressen gevonden. Kies met de pijltjes en Enter.

## Near an address
near-title = Zoek in de buurt van een adres of postcode
near-form-title = Zoek in de buurt van een adres of postcode
near-address-label = Adres of postcode
near-address-hint = Bijvoorbeeld 3014 GA, of Coolsingel 40 Rotterdam.
near-submit = Zoek in de buurt
near-me = In de buurt van mij
near-me-waiting = We vragen uw browser waar u bent…
near-me-failed = Uw browser gaf uw locatie niet. Typ een adres of postcode.
near-your-location = uw locatie
near-heading = Plekken in de buurt van { $place }
near-alternatives = Bedoelt u een van deze?
near-list-title = De { $count } dichtstbijzijnde plekken
near-list-hint = De afstand is hemelsbreed. Lopen is vaak iets verder.
near-not-found = We vonden dit adres of deze postcode niet. Kijk na of het goed is geschreven.
near-unavailable = We konden het adres nu niet opzoeken. Probeer het later nog eens, of zoek op wijk.
near-error-point = De locatie klopt niet. Typ een adres of postcode.
near-metres = { $m } m
near-km = { $km } km
near-distance = { $distance } hemelsbreed
near-distance-approx = ongeveer { $distance } (tot het midden van de buurt)

## Getting there (place page)
there-title = Hoe komt u er?
there-near = Deze plek ligt in de buurt van { $area }. Het precieze adres is niet openbaar.
there-ask-way = Vraag de weg met het contactformulier.
there-map-label = Kaart met de plek
there-directions-osm = Route op OpenStreetMap
there-directions-geo = Open in uw kaart-app

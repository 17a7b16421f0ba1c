# The public API: the /api page, the taxonomies of the HSDS API and its
# error messages (src/web/handlers/api, src/hsds).
api-title = Gegevens voor andere websites (API)
api-intro = Andere websites en programma's, zoals een sociale kaart, kunnen de openbare gegevens van alle ontmoetingsplekken ophalen. Dat kan in de vorm van Open Referral HSDS 3.0, de internationale afspraak voor gegevens over voorzieningen.
api-openapi-link = Technische beschrijving (OpenAPI 3.1)
api-endpoints = Wat u kunt ophalen
api-endpoint-meta = Over deze API: welke versie van HSDS en waar de beschrijving staat.
api-endpoint-services = De bijeenkomsten van alle plekken, per pagina.
api-endpoint-organizations = De initiatieven achter de plekken, per pagina.
api-endpoint-service-at-locations = Welke bijeenkomst op welke plek is, per pagina.
api-endpoint-taxonomies = De indelingen: soort plek, categorie, doelgroep en toegankelijkheid.
api-endpoint-taxonomy-terms = Alle waarden van die indelingen.
api-endpoint-map = De plekken voor de kaart, in een gebied (GeoJSON).
api-endpoint-openapi = De technische beschrijving van alles hierboven.
api-rules = Afspraken
api-rule-privacy = U krijgt alleen wat iedereen op deze website mag zien. Van een huiskamer bij iemand thuis staan het adres en de precieze plek er niet in.
api-rule-pages = Lijsten komen in pagina's van hoogstens { $max } stuks. Met format=ndjson krijgt u alles in één keer.
api-rule-cache = Elk antwoord heeft een ETag. Stuur die terug in If-None-Match; is er niets veranderd, dan krijgt u 304 zonder inhoud.
api-rule-rate = Hoogstens { $count } vragen per minuut per adres. Daarna krijgt u 429, met in Retry-After hoeveel seconden u moet wachten.
api-rule-cors = Elke website mag de API vanuit de browser gebruiken (CORS).
api-hsds-credit = Open Referral HSDS 3.0 is gemaakt door Open Referral (CC BY-SA 4.0).

# The Haarvaten taxonomies in the HSDS API (data in Dutch).
api-taxonomy-type = Soort ontmoetingsplek (Haarvaten)
api-taxonomy-category = Categorie van de ontmoetingsplek (Haarvaten)
api-taxonomy-target-group = Voor wie de ontmoetingsplek is (Haarvaten)
api-taxonomy-accessibility = Toegankelijkheid van de ontmoetingsplek (Haarvaten)

# Errors of the API's parameters.
api-error-range = De waarde "{ $value }" voor { $name } klopt niet. Gebruik een heel getal van 1 tot en met { $max }.
api-error-yes-no = De waarde "{ $value }" voor { $name } klopt niet. Gebruik true of false.
api-error-id = De waarde "{ $value }" voor { $name } is geen geldige id (een UUID).
api-error-unknown-id = Er is niets met de id "{ $value }" voor { $name }.
api-error-moment = De waarde "{ $value }" voor { $name } is geen datum. Gebruik bijvoorbeeld 2026-11-30 of 2026-11-30T12:00:00Z.
api-error-format = De waarde "{ $value }" voor format klopt niet. Kies json of ndjson.
api-error-rate = U heeft te veel vragen gesteld. Probeer het over { $seconds } seconden opnieuw.

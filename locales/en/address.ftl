# Addresses: the place form, /in-de-buurt and getting to a place (src/geocode, issue 12).

## The place form
edit-hint-adres = Street and house number, for example Coolsingel 40. With the postcode we find the place on the map for you. Postcode and house number alone also work.
address-choose = We found more than one address. Choose the right one below and send the form again.
address-not-found = We could not find this address. Check the address and postcode. Or choose the neighbourhood and point at the place on the map.
address-unavailable = We could not look up the address just now. Choose the neighbourhood and point at the place on the map, or try again later.
address-choice-legend = Which address do you mean?
address-choice-none = None of these. I will choose the neighbourhood or point at the place on the map myself.
address-suggest-label = Addresses found
address-suggest-found = addresses found. Choose with the arrow keys and Enter.

## Near an address
near-title = Search near an address or postcode
near-form-title = Search near an address or postcode
near-address-label = Address or postcode
near-address-hint = For example 3014 GA, or Coolsingel 40 Rotterdam.
near-submit = Search nearby
near-me = Near me
near-me-waiting = Asking your browser where you are…
near-me-failed = Your browser did not give your location. Type an address or postcode.
near-your-location = your location
near-heading = Places near { $place }
near-alternatives = Do you mean one of these?
near-list-title = The { $count } nearest places
near-list-hint = Distances are as the crow flies. Walking is often a little further.
near-not-found = We could not find this address or postcode. Check how it is written.
near-unavailable = We could not look up the address just now. Try again later, or search by district.
near-error-point = The location is not valid. Type an address or postcode.
near-metres = { $m } m
near-km = { $km } km
near-distance = { $distance } as the crow flies
near-distance-approx = about { $distance } (to the middle of the neighbourhood)

## Getting there (place page)
there-title = How to get there
there-near = This place is near { $area }. The exact address is not public.
there-ask-way = Ask the way with the contact form.
there-map-label = Map with the place
there-directions-osm = Route on OpenStreetMap
there-directions-geo = Open in your map app

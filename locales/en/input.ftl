# Messages for place input (forms and the places import). Shared keys such as
# error-required, error-too-long and error-opening-hours live in main.ftl.
error-choice-type = Choose a type: huiskamer, zelfbeheer or huis_van_de_wijk.
error-choice-precision = Choose how precisely the place is shown on the map: exact, straat or buurt.
error-choice-initiator = Choose who started the place: bewoners, stichting, religieuze_instelling, gemeente, welzijnsorganisatie or ondernemer.
error-choice-status = Choose a status: actief, tijdelijk_gesloten or opgeheven.
error-choice-target-group = We do not know this target group. Choose from: iedereen, ouderen, jongeren, gezinnen, nieuwkomers, mantelzorgers, beperking, vrouwen.
error-choice-yes-no = Fill in yes (ja) or no (nee), or leave it empty if you do not know.
error-coordinates = This is not a valid coordinate. Use a number, such as 4.468 or 51.918.
error-coordinates-both = Fill in lon and lat, or x and y. Not both.
error-coordinates-outside-nl = This point is not in the Netherlands. Are longitude and latitude the wrong way round?
error-postcode = Write the postcode like this: 1234 AB.
error-area-code = This code is not right. A wijk code looks like WK059901, a buurt code like BU05990111.
error-phone = This phone number is not right. Write it like this: 010 123 45 67.
error-email = This e-mail address is not right. Write it like this: name@example.nl.
error-url = This web address is not right. Write it like this: https://www.example.nl.
error-date = This date is not right. Write it like this: 31-12-2024.
error-date-future = This date is in the future. Fill in a date that has passed.
error-closed-date-not-closed = Only fill in a closing date if the place has closed.
error-control-characters = This contains a character that is not allowed, such as an invisible control character. Type the text again or paste it without formatting.
import-error-id-exists = A place with this id exists already. Give this row another id, or leave the id empty.

# Messages for place input (forms and the places import). Shared keys such as
# error-required, error-too-long and error-opening-hours live in main.ftl.
error-choice-type = Kies een type: huiskamer, zelfbeheer of huis_van_de_wijk.
error-choice-precision = Kies hoe precies de plek op de kaart staat: exact, straat of buurt.
error-choice-initiator = Kies wie de plek is begonnen: bewoners, stichting, religieuze_instelling, gemeente, welzijnsorganisatie of ondernemer.
error-choice-status = Kies een status: actief, tijdelijk_gesloten of opgeheven.
error-choice-target-group = Deze doelgroep kennen we niet. Kies uit: iedereen, ouderen, jongeren, gezinnen, nieuwkomers, mantelzorgers, beperking, vrouwen.
error-choice-yes-no = Vul ja of nee in, of laat het leeg als u het niet weet.
error-coordinates = Dit is geen goede coördinaat. Gebruik een getal, zoals 4.468 of 51.918.
error-coordinates-both = Vul lon en lat in, of x en y. Niet allebei.
error-coordinates-outside-nl = Dit punt ligt niet in Nederland. Staan lengte en breedte misschien verkeerd om?
error-postcode = Schrijf de postcode zo: 1234 AB.
error-area-code = Deze code klopt niet. Een wijkcode is bijvoorbeeld WK059901, een buurtcode BU05990111.
error-phone = Dit telefoonnummer klopt niet. Schrijf het zo: 010 123 45 67.
error-email = Dit e-mailadres klopt niet. Schrijf het zo: naam@voorbeeld.nl.
error-url = Dit webadres klopt niet. Schrijf het zo: https://www.voorbeeld.nl.
error-date = Deze datum klopt niet. Schrijf hem zo: 31-12-2024.
error-date-future = Deze datum ligt in de toekomst. Vul een datum in die al geweest is.
error-closed-date-not-closed = Vul alleen een datum in als de plek is gestopt.
error-control-characters = Hier staat een teken dat niet kan, zoals een onzichtbaar stuurteken. Typ de tekst opnieuw of plak hem zonder opmaak.
import-error-id-exists = Er is al een plek met dit id. Geef deze rij een ander id, of laat het id leeg.

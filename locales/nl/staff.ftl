# Pages and texts for officials and wijkteams (issue 15, items 13-21).
rate-below = minder dan { $rate }

# Exports (/export/plekken)
export-page-title = Plekken downloaden: { $gemeente }
export-include-closed = Ook plekken die gestopt zijn
export-protected = Met alle adressen (alleen voor de gemeente)
export-with-closed = met gestopte plekken
export-closed-intro = Plekken die gestopt zijn, staan er alleen in als u "met gestopte plekken" kiest.

# Review page (/beoordelen/{id})
review-map-title = Waar ligt de plek?
review-map-point = Voorgestelde plek: { $point }.
review-map-old-point = Nu: { $point }.
review-map-osm = Bekijk op OpenStreetMap
review-map-label = Kaart met de voorgestelde plek
review-map-new = Voorgestelde plek
review-map-old = Plek zoals die nu is

# Restoring a version (/plekken/{id}/geschiedenis/{version}/terugzetten)
restore-title = Versie { $version } terugzetten?
restore-intro = U zet { $name } terug zoals het was in versie { $version } ({ $when }). Dat wordt een nieuwe versie; de huidige blijft in de geschiedenis staan.
restore-caption = Dit verandert er
restore-col-now = Nu
restore-col-after = Na terugzetten
restore-nothing = Er verandert niets: de plek is nu al zo.
restore-confirm = Ja, zet versie { $version } terug
restore-cancel = Nee, terug naar de geschiedenis
history-restored = Versie { $version } is teruggezet. Dat is nu versie { $current }.

# Overview: the baseline of "Nieuw sinds" (/overzicht)
overview-meta-baseline = Basis
overview-baseline = eerste import op { $date }: plekken uit die import tellen niet als nieuw, tenzij we weten in welk jaar ze begonnen
overview-print = Afdrukken
overview-print-hint = Het overzicht past op een A4 liggend.

# Correcting and removing a visit (/wijkteam/bezoeken/{id})
visit-retention = Notities, organisaties en de tekst van de opvolgactie wissen we { $months ->
        [one] 1 maand
       *[other] { $months } maanden
    } na het bezoek. Datum, plek en doel blijven staan voor de cijfers.
visit-own-title = Uw bezoek
visit-edit-link = Bezoek aanpassen
visit-edit-title = Bezoek aanpassen
visit-edit-save = Wijzigingen opslaan
visit-edit-cancel = Niet aanpassen
visit-notice-corrected = Het bezoek is aangepast.
visit-delete-link = Bezoek verwijderen
visit-delete-title = Bezoek verwijderen?
visit-delete-question = Wilt u het bezoek aan { $place } op { $date } verwijderen? Dat kan niet ongedaan worden gemaakt.
visit-delete-confirm = Ja, verwijder dit bezoek
visit-delete-cancel = Nee, niet verwijderen
wijkteam-notice-deleted = Het bezoek is verwijderd.

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

# Audit log (/beheer/audit) and user search (/beheer/gebruikers)
audit-filter-family = Soort
audit-filter-all = Alles
audit-filter-actor = Wie (e-mailadres bevat)
audit-filter-submit = Toon
admin-search-email = E-mailadres bevat
admin-search-role = Rol
admin-search-all-roles = Alle rollen
admin-search-submit = Zoek
admin-search-count = { $shown } van { $total ->
        [one] 1 account
       *[other] { $total } accounts
    }
audit-family-auth = Inloggen en accounts
audit-family-user = Beheer van accounts
audit-family-place = Plekken
audit-family-proposal = Voorstellen
audit-family-review = Beoordelen
audit-family-annotation = Opmerkingen en tips
audit-family-visit = Bezoeken van wijkteams
audit-family-export = Downloads
audit-action-auth-login = Ingelogd
audit-action-auth-login-failed = Inloggen mislukt
audit-action-auth-login-blocked = Inloggen tijdelijk geblokkeerd
audit-action-auth-logout = Uitgelogd
audit-action-auth-signup = Account aangemaakt
audit-action-auth-password-changed = Wachtwoord veranderd
audit-action-user-created = Account aangemaakt door beheer
audit-action-user-role-changed = Rol veranderd
audit-action-place-created = Plek toegevoegd
audit-action-place-edited = Plek aangepast
audit-action-place-closed = Plek gestopt
audit-action-place-verified = Plek gecontroleerd
audit-action-place-restored = Oude versie teruggezet
audit-action-place-hidden = Plek verborgen
audit-action-place-unhidden = Plek weer zichtbaar
audit-action-proposal-created = Voorstel ingediend
audit-action-review-accept = Voorstel geaccepteerd
audit-action-review-reject = Voorstel afgewezen
audit-action-review-annotation-resolved = Opmerking afgehandeld
audit-action-annotation-added = Opmerking of tip gegeven
audit-action-visit-created = Bezoek vastgelegd
audit-action-visit-updated = Bezoek aangepast
audit-action-visit-deleted = Bezoek verwijderd
audit-action-visit-notes-viewed = Notities van een ander gelezen
audit-action-visit-exported = Bezoeken gedownload
audit-action-visit-followup-done = Opvolgactie afgerond
audit-action-visit-threshold-changed = Drempel van de wijk veranderd
audit-action-visit-retention = Oude notities gewist
audit-action-export-protected = Download met alle adressen
admin-show-wijken-of = Wijken tonen van gemeente
admin-show-wijken = Toon wijken
admin-wijken-choose-hint = Alleen voor de rol wijkteam. Vink de wijken aan waar dit lid werkt. Staat de wijk er niet bij? Kies hierboven eerst de gemeente.
admin-wijken-other = Of typ wijkcodes
admin-gemeente-choose-hint = Alleen voor de rol gemeente: de gemeente waarvoor dit account werkt.
admin-gemeente-none = Geen gemeente

# Account self-service (/account)
account-my-data = Mijn gegevens downloaden
account-my-data-hint = Een bestand (JSON) met alles wat wij over uw account bewaren: uw e-mailadres, voorstellen, opmerkingen en tips, wanneer u inlogde en wat u deed.

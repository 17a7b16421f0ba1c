## Wijkteam: bezoeken, dashboard, opvolgacties en cijfers (issue 4).

nav-wijkteam = Wijkteam

wijkteam-title = Wijkteam
wijkteam-intro = Hier ziet u alle plekken in uw wijk. Bovenaan staan de plekken waar het team nog niet of lang niet is geweest.
wijkteam-log-visit = Bezoek vastleggen
wijkteam-choose-intro = Kies de wijk die u wilt bekijken.
wijkteam-choose-wijk = Wijk
wijkteam-choose-place = Plek
wijkteam-choose-button = Kiezen
wijkteam-choose-gemeente-intro = Kies de gemeente waarvan u de cijfers wilt zien.
wijkteam-choose-gemeente = Gemeente
wijkteam-no-places = Er zijn geen plekken in deze wijk.
wijkteam-wijk-title = Plekken in { $wijk }
wijkteam-place-count = { $count ->
    [one] 1 plek.
   *[other] { $count } plekken.
}
wijkteam-export-csv = Alle bezoeken downloaden (CSV)
wijkteam-export-excel = voor Excel

wijkteam-notice-saved = Het bezoek is opgeslagen.
wijkteam-notice-threshold = De termijn is opgeslagen.
wijkteam-notice-done = De opvolgactie is afgerond.

wijkteam-followups-title = Mijn opvolgacties
wijkteam-followups-none = U heeft geen opvolgacties die nu of binnen een week moeten gebeuren.
wijkteam-followup-due = Doen vóór { $date }
wijkteam-followup-overdue = Te laat: moest vóór { $date }
wijkteam-followup-mark-done = Klaar
wijkteam-followup-open = Nog open, doen vóór { $date }
wijkteam-followup-closed = Afgerond (was vóór { $date })
wijkteam-followup-none = Geen opvolgactie.
wijkteam-visit-open = Bekijk het bezoek

wijkteam-map-title = Kaart
wijkteam-map-label = Kaart van de plekken, met hoe lang geleden het team er was
wijkteam-map-unavailable = De kaart kan nu niet worden getoond. Alle plekken staan in de lijst hieronder.
wijkteam-legend-title = Uitleg van de tekens in de lijst en op de kaart:
wijkteam-recency-nooit = Nog nooit bezocht
wijkteam-recency-lang-geleden = Langer dan { $months ->
        [one] 1 maand
       *[other] { $months } maanden
    } niet bezocht
wijkteam-recency-recent = Bezocht in de laatste { $months ->
        [one] maand
       *[other] { $months } maanden
    }
wijkteam-recency-nooit-legend = vierkant: nog nooit bezocht
wijkteam-recency-lang-geleden-legend = driehoek: te lang niet bezocht
wijkteam-recency-recent-legend = rondje: kort geleden bezocht
wijkteam-history-link = Bekijk de bezoeken

wijkteam-group-informeel-nooit = Huiskamers en plekken in zelfbeheer waar het team nog nooit was
wijkteam-group-lang-niet = Langer dan { $months ->
        [one] 1 maand
       *[other] { $months } maanden
    } niet bezocht
wijkteam-group-rest = De andere plekken

wijkteam-last-visit = Laatste bezoek: { $date }
wijkteam-never-visited = Nog nooit bezocht.
wijkteam-visits-12m = { $count ->
    [one] 1 bezoek in de laatste 12 maanden
   *[other] { $count } bezoeken in de laatste 12 maanden
}
wijkteam-open-followups = { $count ->
    [0] Geen open opvolgacties
    [one] 1 open opvolgactie
   *[other] { $count } open opvolgacties
}
wijkteam-next-visit = Volgend bezoek gepland: { $date }

wijkteam-threshold-label = Na hoeveel maanden zonder bezoek staat een plek bovenaan?
wijkteam-threshold-hint = Een getal van 1 tot en met 36. Dit geldt voor het hele team van deze wijk.
wijkteam-threshold-button = Opslaan
wijkteam-error-threshold = Vul een getal in van { $min } tot en met { $max }.
wijkteam-error-wijk = “{ $value }” is geen wijkcode. Een wijkcode ziet eruit als WK059901.
wijkteam-error-format = “{ $value }” kennen we niet als formaat. Kies csv of excel.

wijkteam-visit-title = Bezoek vastleggen
wijkteam-visit-save = Bezoek opslaan
wijkteam-optional = (niet verplicht)
wijkteam-field-date = Datum van het bezoek
wijkteam-field-duration = Hoe lang duurde het? In minuten
wijkteam-field-purpose = Waarom ging u erheen?
wijkteam-field-members = Wie van het team was erbij?
wijkteam-members-hint = U staat er zelf altijd bij. Kies wie er nog meer was.
wijkteam-members-none = Er zijn geen andere teamleden in deze wijk.
wijkteam-field-notes = Wat zag u?
wijkteam-privacy-title = Let op:
wijkteam-privacy-text = schrijf geen namen of persoonlijke gegevens van bewoners op. Beschrijf wat u zag, niet wie.
wijkteam-field-partners = Welke organisaties waren er?
wijkteam-partners-hint = Alleen organisaties, geen personen. Eén organisatie per regel.
wijkteam-field-followup = Opvolgactie
wijkteam-followup-hint = Moet er nog iets gebeuren? Schrijf op wat en vóór wanneer.
wijkteam-field-followup-text = Wat moet er gebeuren?
wijkteam-field-followup-due = Vóór welke datum?
wijkteam-field-next-visit = Volgend bezoek gepland op

visit-purpose-kennismaken = Kennismaken
visit-purpose-contact_onderhouden = Contact onderhouden
visit-purpose-activiteit_bijwonen = Activiteit bijwonen
visit-purpose-signaal_opvolgen = Signaal opvolgen
visit-purpose-anders = Anders

visit-error-date-required = Vul de datum van het bezoek in.
visit-error-date-invalid = Deze datum klopt niet. Schrijf hem zo: 31-12-2025.
visit-error-date-future = Het bezoek kan niet in de toekomst liggen.
visit-error-date-too-old = Deze datum is meer dan een jaar geleden. Klopt het jaar?
visit-error-duration = Vul een aantal minuten in van 1 tot en met { $max }, of laat het veld leeg.
visit-error-member = Kies alleen teamleden van deze wijk.
visit-error-purpose = Kies waarom u erheen ging.
visit-error-too-long = Deze tekst is te lang. Gebruik hoogstens { $max } tekens.
visit-error-partners = Noem hoogstens { $max } organisaties, elk in hoogstens { $len } tekens.
visit-error-followup-due-missing = Vul in vóór welke datum de opvolgactie klaar moet zijn.
visit-error-followup-text-missing = Schrijf op wat er moet gebeuren, of maak de datum leeg.
visit-error-followup-due-before = De datum van de opvolgactie ligt vóór het bezoek.
visit-error-next-before = Het volgende bezoek ligt vóór dit bezoek.

wijkteam-visit-detail-title = Bezoek
wijkteam-visit-detail-heading = Bezoek op { $date }
wijkteam-visit-erased = De tekst van dit bezoek is gewist, omdat het lang geleden is. Datum, plek en doel blijven bewaard.
wijkteam-text-erased = (tekst gewist)
wijkteam-empty = Niets ingevuld.
wijkteam-minutes = { $count ->
    [one] 1 minuut
   *[other] { $count } minuten
}
wijkteam-logged-by = Vastgelegd door

wijkteam-history-title = Bezoeken van het wijkteam
wijkteam-public-page = Openbare pagina van deze plek
wijkteam-with = Met: { $names }
wijkteam-has-notes = met notities

wijkteam-figures-title = Bezoeken van wijkteams in cijfers
wijkteam-figures-intro = Alleen aantallen. Notities en namen staan hier niet.
wijkteam-figures-coverage-caption = Plekken die het wijkteam in de laatste 12 maanden bezocht, per wijk ({ $gemeente })
wijkteam-col-places = Plekken
wijkteam-col-visited = Bezocht in 12 maanden
wijkteam-col-share = Deel bezocht
wijkteam-col-visits = Bezoeken in 12 maanden
wijkteam-figures-months-title = Bezoeken per maand
wijkteam-figures-months-caption = Aantal bezoeken per wijk per maand, laatste 12 maanden
wijkteam-col-month = Maand
wijkteam-col-visits-month = Bezoeken
wijkteam-figures-no-visits = Nog geen bezoeken in de laatste 12 maanden.

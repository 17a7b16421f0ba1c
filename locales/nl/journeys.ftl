# What residents ran into on their journeys (issue 15): opening hours,
# checked data, tips, areas and forms.
place-hours-stopped = Deze plek is gestopt. Er zijn geen openingstijden meer.
place-hours-caption-paused = Gewone openingstijden. De plek is nu tijdelijk dicht.
place-never-verified = Niemand van het wijkteam of de gemeente heeft deze gegevens al gecontroleerd. Bel of mail de plek voor u gaat.
next-close-today = tot { $time }
next-close-day = tot { $day } { $time }
next-open-today = gaat om { $time } open
next-open-tomorrow = gaat morgen om { $time } open
next-open-day = gaat { $day } om { $time } open
form-error-summary-item = { $field }: { $message }
history-restored-from = versie { $version } teruggezet
map-attribution-osm = © OpenStreetMap-bijdragers
review-checked = Ik heb de gegevens van deze plek gecontroleerd
review-checked-hint = Kruis dit alleen aan als u zelf heeft nagegaan dat de gegevens kloppen, bijvoorbeeld door te bellen of langs te gaan. Dan zetten we de datum van vandaag bij "Gecontroleerd op".
close-checked = Ik heb gecontroleerd dat de plek echt gestopt is
filters-summary = Meer filters
filters-summary-chosen = { $count ->
    [one] Meer filters (1 gekozen)
   *[other] Meer filters ({ $count } gekozen)
}
filters-apply = Filters toepassen
nav-menu = Menu
tip-answer-label = Uw antwoord aan de bewoner
tip-answer-hint = Mag leeg blijven. De bewoner leest het bij "Mijn voorstellen". Hoogstens 1000 tekens.
tip-publish-label = Zet deze tip op de pagina van de plek (zonder naam of e-mailadres)
tip-error-not-publishable = Alleen een tip kan op de pagina van de plek staan.
tip-error-done = Deze opmerking is al afgehandeld.
tip-error-answer-too-long = Het antwoord is te lang. Gebruik hoogstens 1000 tekens.
tips-title = Tips van bewoners
tip-date = Tip van { $date }
tip-unpublish = Niet meer op deze pagina tonen
mine-notes-title = Mijn tips en opmerkingen
mine-notes-empty = U heeft nog geen tips of opmerkingen gegeven.
mine-notes-answer = Antwoord van het wijkteam:
tip-status-open = Nog niet afgehandeld
tip-status-done = Afgehandeld
tip-status-published = Afgehandeld en op de pagina van de plek gezet
col-buurt = Buurt
wijk-buurten-title = Buurten in deze wijk
wijk-buurten-caption = Ontmoetingsplekken per buurt in { $wijk }
gemeente-intro = Een gemeente met deze wijken.
gemeente-wijken-title = Wijken
gemeente-search-link = Zoek en filter de plekken in deze gemeente
buurt-in-wijk = Een buurt in wijk { $wijk }.
buurt-places-title = Plekken in deze buurt
buurt-no-places = In deze buurt kennen we nog geen plekken.
buurt-wijk-link = Alle plekken in wijk { $wijk }
week-legend = Openingstijden per dag
week-hint = Zet een vinkje bij de dagen dat de plek open is en vul de tijden in, bijvoorbeeld 9:00 tot 17:00. Is de plek tussen de middag dicht? Vul dan ook de tweede tijd in.
week-open = open
week-from = { $period ->
    [1] Van
   *[other] en van
}
week-to = tot
week-expert-summary = Voor gevorderden: de tijden in OpenStreetMap-schrijfwijze
week-too-complex = Deze openingstijden zijn te ingewikkeld voor het formulier per dag. U kunt ze hieronder aanpassen.
error-day-time = Openingstijden per dag: een tijd klopt niet. Schrijf een tijd zo: 9:00 of 17:30.
error-day-order = Openingstijden per dag: de tijd "tot" moet na de tijd "van" komen, en de tweede tijd na de eerste.
error-day-missing = Openingstijden per dag: vul de tijden in bij een dag die open is, of haal het vinkje weg.

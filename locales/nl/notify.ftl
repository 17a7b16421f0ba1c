# Meldingen (issue 12): de pagina /account/meldingen en de mails over
# nieuwe voorstellen en tips, besluiten over voorstellen en opvolgingen.

notice-kind-review = Nieuwe voorstellen, tips en meldingen in mijn wijk
notice-kind-decision = Besluit over mijn voorstellen
notice-kind-followup = Opvolgingen van bezoeken die aan de beurt zijn
notice-kind-review-hint = Als iemand een plek voorstelt, een tip geeft of meldt dat er iets niet klopt in een wijk die u beoordeelt.
notice-kind-decision-hint = Als uw voorstel is goedgekeurd of afgewezen. U leest dan ook de reden.
notice-kind-followup-hint = Als de datum van een opvolging is bereikt en die nog niet klaar is. U krijgt dit één keer per opvolging.

notice-delivery-direct = Meteen een mail
notice-delivery-digest = Eén mail per dag met alles
notice-delivery-never = Geen mail

notify-link = Meldingen per mail
notify-title = Meldingen per mail
notify-intro = Kies waarover u een mail wilt krijgen, en hoe vaak.
notify-default = Als u niets kiest, krijgt u: { $delivery }.
notify-save = Opslaan
notify-saved = Uw keuze is opgeslagen.
notify-unconfirmed = Uw e-mailadres is nog niet bevestigd. Tot u het bevestigt, sturen wij u geen meldingen.
notify-no-mail = Deze website kan nu geen mail sturen. Uw keuze wordt wel bewaard.
notify-error-delivery = Kies hoe u dit wilt krijgen.

notice-subject-proposal = Nieuw voorstel om te bekijken: { $place }
notice-subject-edit = Voorstel om { $place } aan te passen
notice-subject-tip = Nieuwe tip over { $place }
notice-subject-correction = Melding: klopt er iets niet bij { $place }?
notice-subject-accepted = Uw voorstel voor { $place } is goedgekeurd
notice-subject-rejected = Uw voorstel voor { $place } is niet goedgekeurd
notice-subject-followup = Opvolging na uw bezoek aan { $place }

notice-line-proposal = Iemand stelt een nieuwe plek voor: { $place }.
notice-line-edit = Iemand stelt voor om { $place } aan te passen.
notice-line-tip = Iemand gaf een tip over { $place }.
notice-line-correction = Iemand meldt dat er iets niet klopt bij { $place }.
notice-line-accepted = Uw voorstel voor { $place } is goedgekeurd. Het staat nu op Haarvaten. Dank u wel!
notice-line-rejected = Uw voorstel voor { $place } is niet goedgekeurd.
notice-line-followup = Na uw bezoek aan { $place } staat er nog iets open om op te volgen. De datum daarvoor is bereikt.

notice-reason = De reden:
notice-action-review = Bekijk de lijst om te beoordelen
notice-action-decision = Bekijk uw voorstel
notice-action-followup = Bekijk uw opvolgacties
notice-why-review = U krijgt deze mail omdat u voorstellen en tips in deze wijk beoordeelt.
notice-why-decision = U krijgt deze mail omdat u dit voorstel deed.
notice-why-followup = U krijgt deze mail omdat u bij dit bezoek was.
notice-settings = Wilt u minder mail, of alles in één mail per dag? Kies dat hier: { $url }

notice-digest-subject = Haarvaten: uw overzicht van vandaag ({ $count })
notice-digest-intro = Dit is er gebeurd sinds uw vorige overzicht:

# Klopt dit nog? (issue 12, punt 4)
mail-kind-check_request = Klopt dit nog?
check-mail-subject = Klopt dit nog? { $place } op Haarvaten
check-mail-intro = Op Haarvaten staat { $place }. Zo vinden buurtbewoners uw plek. Wij vragen één keer per jaar of alles nog klopt.
check-mail-how = Klik op de link. U ziet dan wat er over uw plek staat. Klopt het? Klik op "Ja, klopt". Is er iets veranderd? Dan kunt u het meteen doorgeven. U hoeft geen account te hebben.
check-mail-action = Bekijk wat er over uw plek staat
check-mail-valid = De link werkt { $days } dagen, en één keer.
check-mail-why = U krijgt deze mail omdat dit e-mailadres bij de plek staat op Haarvaten.
check-title = Klopt dit nog?
check-intro = Dit staat er op Haarvaten over { $name }. Klopt het nog?
check-yes = Ja, klopt
check-changed = Er is iets veranderd
check-yes-done = Dank u wel! Wij hebben genoteerd dat alles over { $name } nog klopt.
check-changed-intro = Verander wat niet meer klopt. Het wijkteam kijkt ernaar en past de plek aan.
check-changed-note = Wilt u nog iets zeggen? (mag u leeg laten)
check-changed-submit = Verstuur
check-changed-done = Dank u wel! Het wijkteam kijkt ernaar.
check-changed-nothing = U veranderde niets. Verander een veld, of schrijf wat er anders is.
check-changed-text = Gegevens veranderd door de plek zelf (Klopt dit nog?):
check-expired-title = Deze link werkt niet meer
check-expired = De link is ouder dan 60 dagen. Vraag het wijkteam om een nieuwe link, of gebruik "Klopt er iets niet?" op de pagina van de plek.
check-used = Deze link is al gebruikt. Dank u wel! Is er toch nog iets veranderd? Gebruik dan "Klopt er iets niet?" op de pagina van de plek.
check-tampered = Deze link klopt niet. Misschien is hij niet helemaal overgenomen. Kopieer de hele link uit de mail.
check-ask = Stuur "Klopt dit nog?" naar de plek
check-ask-hint = De plek krijgt een mail met een link. Daarmee bevestigt de plek de gegevens, of geeft een verandering door.
check-asked = De mail "Klopt dit nog?" gaat naar de plek.
check-not-asked = De mail kon niet worden verstuurd: de plek heeft geen goed e-mailadres, de website kan nu geen mail sturen, of de plek kreeg vandaag al een mail.
overview-checks-caption = Klopt dit nog? in { $year }: hoeveel plekken wij het vroegen, en hoeveel antwoordden
overview-checks-asked = Gevraagd
overview-checks-answered = Beantwoord

notice-event-proposal = Nieuwe plek voorgesteld
notice-event-edit = Aanpassing voorgesteld
notice-event-tip = Tip
notice-event-correction = Melding dat iets niet klopt
notice-event-accepted = Voorstel goedgekeurd
notice-event-rejected = Voorstel afgewezen
notice-event-followup = Opvolging aan de beurt

audit-action-place-check-sent = "Klopt dit nog?" verstuurd
audit-action-place-confirmed-by-place = Bevestigd door de plek
audit-action-place-change-reported = Verandering gemeld door de plek
audit-action-user-notifications-changed = Meldingen aangepast

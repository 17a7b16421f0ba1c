# E-mail (issue 12): the mails themselves, and the pages for password reset
# and e-mail confirmation.

mail-footer = Haarvaten, de plekken om elkaar te ontmoeten in uw buurt: { $url }
mail-hello = Hallo,

mail-kind-password_reset = Nieuw wachtwoord
mail-kind-confirm_email = E-mailadres bevestigen
mail-kind-contact_message = Bericht aan een plek
mail-kind-notification = Bericht over uw wijk

token-purpose-wachtwoord = Nieuw wachtwoord
token-purpose-bevestigen = E-mailadres bevestigen

mail-reset-subject = Een nieuw wachtwoord voor Haarvaten
mail-reset-intro = Iemand vroeg om een nieuw wachtwoord voor uw account bij Haarvaten. Was u dat? Klik dan op de link en kies een nieuw wachtwoord.
mail-reset-action = Kies een nieuw wachtwoord
mail-reset-valid = De link werkt één uur, en maar één keer.
mail-reset-not-you = Vroeg u niet om een nieuw wachtwoord? Dan hoeft u niets te doen. Uw wachtwoord blijft hetzelfde.

mail-confirm-subject = Bevestig uw e-mailadres voor Haarvaten
mail-confirm-intro = U maakte een account bij Haarvaten. Klik op de link om te laten zien dat dit uw e-mailadres is. Daarna kunnen wij u berichten sturen.
mail-confirm-action = Bevestig mijn e-mailadres
mail-confirm-valid = De link werkt een week.
mail-confirm-not-you = Maakte u geen account? Dan hoeft u niets te doen. Wij sturen u dan geen mail meer.

forgot-title = Wachtwoord vergeten
forgot-intro = Vul het e-mailadres van uw account in. Wij sturen u een mail met een link. Met die link kiest u een nieuw wachtwoord.
forgot-button = Stuur mij een link
forgot-sent = Bedankt. Als er een account is met dit e-mailadres, krijgt u binnen een paar minuten een mail. Kijk ook in de map met ongewenste mail. De link in de mail werkt één uur.
forgot-no-mail = Deze website kan nu geen mail sturen. Vraag de beheerder van Haarvaten om een nieuw wachtwoord. De beheerder kan dat instellen met de opdracht haarvaten user set-password.
forgot-link = Wachtwoord vergeten?

reset-title = Kies een nieuw wachtwoord
reset-intro = Kies een nieuw wachtwoord voor uw account. Daarna bent u ingelogd. Op andere apparaten wordt u uitgelogd.
reset-button = Wachtwoord opslaan
reset-expired-title = Deze link werkt niet meer
reset-expired = De link is al gebruikt of ouder dan een uur. Vraag een nieuwe link aan.
reset-new-link = Vraag een nieuwe link aan
reset-done = Uw nieuwe wachtwoord is opgeslagen. U bent ingelogd.

confirm-title = E-mailadres bevestigen
confirm-done = Dank u wel. Uw e-mailadres is bevestigd.
confirm-expired = Deze link werkt niet meer. Hij is al gebruikt of ouder dan een week. Log in en vraag op de pagina Mijn account een nieuwe link aan.
confirm-pending = Uw e-mailadres is nog niet bevestigd. Kijk in uw mail: wij stuurden u een link. Tot u die link volgt, sturen wij u geen andere mail.
confirm-resend = Stuur de mail nog een keer
confirm-resent = Wij stuurden u een nieuwe mail. Kijk ook in de map met ongewenste mail.

mail-contact-subject = Bericht via Haarvaten over { $place }
mail-contact-via-team = { $place } heeft geen e-mailadres in Haarvaten. Daarom krijgt het wijkteam dit bericht. Wilt u het doorgeven aan de plek?
mail-contact-intro = { $sender } stuurde een bericht over { $place }:
mail-contact-reply = Wilt u antwoorden? Antwoord dan op deze mail. Uw antwoord gaat naar { $email }.
mail-contact-privacy = De afzender weet niet naar welk e-mailadres dit bericht ging. Haarvaten bewaart het bericht niet.
mail-contact-place-link = De plek op Haarvaten

reach-title = Vraag of meld iets
reach-message = Stuur een bericht aan deze plek
reach-correction = Klopt er iets niet? Laat het ons weten

contact-title = Stuur een bericht aan { $name }
contact-intro = Heeft u een vraag voor deze plek? Schrijf hem hier. Wij sturen uw bericht door. U krijgt antwoord op uw e-mailadres. U hoeft geen account te hebben.
contact-privacy = Het e-mailadres van de plek ziet u niet. Wij bewaren uw bericht niet.
contact-name = Uw naam (mag u leeg laten)
contact-email = Uw e-mailadres (voor het antwoord)
contact-text = Uw bericht
contact-text-hint = Hoogstens { $max } tekens.
contact-honeypot = Laat dit veld leeg
contact-submit = Verstuur het bericht
contact-sent = Dank u wel. Uw bericht is verstuurd. U krijgt antwoord op uw e-mailadres.
contact-unavailable = Via deze website kunt u deze plek nu geen bericht sturen. Kijk op de pagina van de plek of er een telefoonnummer staat. Of vraag het wijkteam van de wijk.
contact-back = Terug naar de plek
contact-error-text-required = Schrijf uw bericht.
contact-error-name = Uw naam is te lang of bevat tekens die niet kunnen. Gebruik hoogstens { $max } tekens.
contact-error-too-many = Er zijn net veel berichten verstuurd. Probeer het over een uur opnieuw.

correction-title = Klopt er iets niet bij { $name }?
correction-intro = Ziet u iets wat niet klopt? Laat het het wijkteam weten. Het wijkteam kijkt ernaar en past de plek aan. U hoeft geen account te hebben.
correction-topic = Wat klopt er niet?
correction-topic-gestopt = De plek is gestopt
correction-topic-tijden = De openingstijden zijn anders
correction-topic-adres = Het adres is anders
correction-topic-anders = Iets anders
correction-text = Wat weet u ervan?
correction-email = Uw e-mailadres (mag u leeg laten)
correction-email-hint = Alleen als u een antwoord wilt. Wij gebruiken het alleen daarvoor.
correction-submit = Verstuur
correction-sent = Dank u wel. Het wijkteam kijkt ernaar.
correction-error-topic = Kies wat er niet klopt.

message-kind-bericht = Bericht
message-kind-correctie = Melding dat iets niet klopt

review-correction-topic = Melding: { $topic }
review-correction-reply = De melder wil graag antwoord op { $email }.
review-correction-close = Klopt het dat de plek gestopt is? Leg vast dat de plek gestopt is, met de datum


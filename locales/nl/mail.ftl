# E-mail (issue 12): the mails themselves, and the pages for password reset
# and e-mail confirmation.

mail-footer = Haarvaten, de plekken om elkaar te ontmoeten in uw buurt: { $url }
mail-hello = Hallo,

mail-kind-password_reset = Nieuw wachtwoord
mail-kind-confirm_email = E-mailadres bevestigen
mail-kind-contact_message = Bericht aan een plek
mail-kind-notification = Bericht over uw wijk
mail-kind-digest = Overzicht van de dag
mail-kind-place_check = Klopt dit nog?

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

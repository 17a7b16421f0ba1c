# Accounts: inloggen, registreren, account, wachtwoord, beheer.

nav-login = Inloggen
nav-register = Account maken
nav-account = Mijn account
nav-logout = Uitloggen
nav-admin = Beheer

form-error-summary = Er gaat iets mis. Kijk naar deze punten:
form-required = verplicht

auth-email = E-mailadres
auth-password = Wachtwoord
auth-password-new = Nieuw wachtwoord
auth-password-repeat = Typ het wachtwoord nog een keer
auth-password-current = Uw huidige wachtwoord
auth-password-hint = Gebruik minstens { $min } tekens. Een zin van een paar woorden is makkelijk te onthouden.

auth-login-title = Inloggen
auth-login-intro = Log in met uw e-mailadres en wachtwoord.
auth-login-button = Inloggen
auth-login-no-account = Heeft u nog geen account?
auth-login-register-link = Maak een account

auth-register-title = Account maken
auth-register-intro = Met een account kunt u plekken toevoegen en tips geven. Iedereen kan een account maken.
auth-register-button = Account maken
auth-register-have-account = Heeft u al een account?

auth-account-title = Mijn account
auth-account-email = E-mailadres
auth-account-role = Rol
auth-account-wijken = Wijken
auth-account-gemeente = Gemeente
auth-account-change-password = Wachtwoord veranderen
auth-welcome = Welkom! Uw account is klaar en u bent ingelogd.
auth-password-changed = Uw wachtwoord is veranderd.

auth-password-title = Wachtwoord veranderen
auth-password-button = Wachtwoord opslaan

auth-error-email-required = Vul uw e-mailadres in.
auth-error-email-invalid = Dit is geen goed e-mailadres. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl
auth-error-email-taken = Er is al een account met dit e-mailadres. Log in, of gebruik een ander e-mailadres.
auth-error-password-required = Vul uw wachtwoord in.
auth-error-password-short = Het wachtwoord is te kort. Gebruik minstens { $min } tekens.
auth-error-password-long = Het wachtwoord is te lang. Gebruik hoogstens { $max } tekens.
auth-error-password-mismatch = De twee wachtwoorden zijn niet hetzelfde. Typ ze nog een keer.
auth-error-wrong-credentials = Het e-mailadres of het wachtwoord klopt niet.
auth-error-current-wrong = Uw huidige wachtwoord klopt niet.
auth-error-rate-limited = U heeft te vaak een verkeerd wachtwoord getypt. Wacht { $minutes ->
        [one] 1 minuut
       *[other] { $minutes } minuten
    } en probeer het dan opnieuw. Op een apparaat waarmee u hier eerder inlogde, kunt u het meteen opnieuw proberen.

auth-csrf-title = Dit formulier is verlopen
auth-csrf-text = We konden niet controleren dat dit formulier van onze website kwam. Ga terug, laad de pagina opnieuw en probeer het nog een keer.

role-bewoner = Bewoner
role-wijkteam = Wijkteam
role-gemeente = Gemeente
role-beheerder = Beheerder

admin-users-title = Gebruikers
admin-users-intro = Hier ziet u alle accounts. U kunt de rol van een account veranderen.
admin-users-saved = De wijziging is opgeslagen.
admin-col-email = E-mailadres
admin-col-role = Rol
admin-col-scope = Wijken of gemeente
admin-col-last-login = Laatst ingelogd
admin-col-actions = Actie
admin-never = nooit
admin-edit = Wijzigen
admin-edit-user = Rol van { $email } wijzigen
admin-audit-link = Logboek bekijken
admin-users-link = Gebruikers beheren

admin-edit-title = Rol wijzigen
admin-role-legend = Rol
admin-wijken = Wijken (alleen voor wijkteam)
admin-wijken-hint = Wijkcodes van het CBS, gescheiden door een komma. Bijvoorbeeld: WK059901, WK059902
admin-gemeente = Gemeente (alleen voor rol gemeente)
admin-gemeente-hint = Gemeentecode van het CBS. Bijvoorbeeld: GM0599
admin-save = Opslaan
admin-back = Terug naar de gebruikers

admin-error-role = Kies een rol.
admin-error-wijken-required = Een wijkteam heeft minstens één wijk. Vul een wijkcode in.
admin-error-wijk-code = { $code } is geen wijkcode. Een wijkcode ziet er zo uit: WK059901
admin-error-gemeente-code = Vul een gemeentecode in. Die ziet er zo uit: GM0599
admin-error-unknown-area = De code { $code } kennen we niet.
admin-error-own-role = U kunt uw eigen rol als beheerder niet afpakken. Vraag een andere beheerder.

admin-audit-title = Logboek
admin-audit-intro = Wie deed wat, en wanneer. Het nieuwste staat bovenaan.
admin-audit-when = Wanneer
admin-audit-who = Wie
admin-audit-action = Wat
admin-audit-subject = Waarover
admin-audit-details = Details
admin-audit-anonymous = (niet ingelogd)
admin-audit-empty = Het logboek is nog leeg.
admin-audit-page = Pagina { $page } van { $pages }
admin-audit-newer = Nieuwer
admin-audit-older = Ouder
admin-audit-pages = Pagina's van het logboek

# Issue 15, items 8, 11, 18 and 21.

# A filter choice with the number of places it would show.
facet-count = { $label } ({ $count })

# The footer: the sources of the areas a page shows (one gemeente), or in
# general terms.
footer-sources-of = Gebieden: { $areas }. Aantal inwoners: CBS. Kaart: © OpenStreetMap-bijdragers.
footer-sources-general = Gebieden: CBS Wijk- en buurtkaart en gemeenten; de pagina van elke gemeente noemt de bron van haar wijken en buurten. Aantal inwoners: CBS. Kaart: © OpenStreetMap-bijdragers.

# An account that was removed, wherever its address would show.
removed-user = verwijderde gebruiker

# Beheer: blocking and removing an account.
admin-account-state = Account blokkeren of verwijderen
admin-state-blocked = Dit account is geblokkeerd: er kan niet mee worden ingelogd.
admin-state-blocked-short = geblokkeerd
admin-block = Account blokkeren
admin-unblock = Blokkade opheffen
admin-remove = Account verwijderen
admin-confirm-cancel = Annuleren
admin-confirm-block-title = Account { $email } blokkeren?
admin-confirm-block-intro = Met een geblokkeerd account kan niemand meer inloggen. Wie nu is ingelogd, wordt meteen uitgelogd.
admin-confirm-block-kept = U kunt de blokkade later opheffen; het account en alles wat ermee is gedaan blijven bewaard.
admin-confirm-block-button = Ja, blokkeren
admin-confirm-remove-title = Account { $email } verwijderen?
admin-confirm-remove-intro = De persoonsgegevens van dit account worden gewist: het e-mailadres en het wachtwoord. Wie nu is ingelogd, wordt meteen uitgelogd. Dit kan niet ongedaan worden gemaakt.
admin-confirm-remove-kept = Wijzigingen, voorstellen, tips en bezoeken van dit account blijven bewaard en staan er voortaan bij als "verwijderde gebruiker". Notities van bezoeken worden gewist volgens de gewone bewaartermijn.
admin-confirm-remove-button = Ja, verwijderen
admin-notice-blocked = Het account is geblokkeerd.
admin-notice-unblocked = De blokkade is opgeheven.
admin-notice-removed = Het account is verwijderd.
account-error-own = Uw eigen account kunt u hier niet blokkeren of verwijderen.

# The owner's own account: another e-mail address, deleting it.
account-password-check = Uw wachtwoord (ter controle)
email-change-link = E-mailadres wijzigen
email-change-title = E-mailadres wijzigen
email-change-now = Uw e-mailadres is nu { $email }.
email-change-intro = We sturen een link naar het nieuwe adres. Pas als u die link volgt, gaat het nieuwe adres gelden; het oude adres krijgt dan bericht.
email-change-no-mail = Deze site verstuurt nu geen e-mail. Vraag de beheerder om uw adres te wijzigen.
email-change-new = Nieuw e-mailadres
email-change-button = Link sturen
email-change-sent = We hebben een link gestuurd naar uw nieuwe e-mailadres. Volg die link binnen een dag; tot dan blijft uw oude adres gelden.
email-change-error-same = Dit is al uw e-mailadres.
email-change-error-limit = U heeft dit het afgelopen uur al drie keer gevraagd. Probeer het later opnieuw.
email-changed-title = Nieuw e-mailadres
email-changed-done = Uw nieuwe e-mailadres is opgeslagen. U logt voortaan in met dit adres.
email-changed-expired = Deze link werkt niet meer: hij is al gebruikt, verlopen of het adres is inmiddels in gebruik. Vraag op uw accountpagina een nieuwe link aan.
delete-account-link = Account verwijderen
delete-account-title = Uw account verwijderen
delete-account-erased = Als u uw account verwijdert, wissen we uw e-mailadres en wachtwoord en wordt u op alle apparaten uitgelogd. Dit kan niet ongedaan worden gemaakt.
delete-account-kept = Wat u aan plekken heeft veranderd of voorgesteld en uw tips blijven bewaard, met "verwijderde gebruiker" als afzender.
delete-account-download-first = Eerst uw gegevens downloaden
delete-account-button = Account definitief verwijderen
goodbye-title = Uw account is verwijderd
goodbye-text = Uw account en uw persoonsgegevens zijn verwijderd. Bedankt voor uw bijdrage aan Haarvaten.

# Mail about another e-mail address.
mail-change-email-subject = Bevestig uw nieuwe e-mailadres voor Haarvaten
mail-change-email-intro = U heeft gevraagd dit adres te gebruiken voor uw account bij Haarvaten. Volg de link om dat te bevestigen.
mail-change-email-action = Dit e-mailadres gebruiken
mail-change-email-valid = De link werkt een dag, één keer.
mail-change-email-not-you = Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren; er verandert niets.
mail-email-changed-subject = Het e-mailadres van uw account is gewijzigd
mail-email-changed-intro = Het e-mailadres van uw account bij Haarvaten is gewijzigd in { $email }. Dit adres krijgt geen berichten meer.
mail-email-changed-not-you = Heeft u dit niet zelf gedaan? Neem dan contact op met de beheerder van Haarvaten.
mail-kind-change_email = Nieuw e-mailadres bevestigen
mail-kind-email_changed = E-mailadres gewijzigd
token-purpose-e-mail = Nieuw e-mailadres

# The audit log: actions and families not labelled before.
audit-family-contact = Berichten en correcties
audit-action-auth-reset-requested = Nieuw wachtwoord gevraagd
audit-action-auth-password-reset = Wachtwoord hersteld via link
audit-action-auth-email-confirmed = E-mailadres bevestigd
audit-action-auth-email-change-requested = Ander e-mailadres gevraagd
audit-action-auth-email-changed = E-mailadres gewijzigd
audit-action-auth-account-deleted = Eigen account verwijderd
audit-action-user-blocked = Account geblokkeerd
audit-action-user-unblocked = Blokkade opgeheven
audit-action-user-removed = Account verwijderd door beheer
audit-action-review-annotation-unpublished = Tip van de plek gehaald
audit-action-contact-message = Bericht aan een plek doorgestuurd
audit-action-contact-correction = Correctie als tip ontvangen

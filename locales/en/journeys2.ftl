# Issue 15, items 8, 11, 18 and 21.

# A filter choice with the number of places it would show.
facet-count = { $label } ({ $count })

# The footer: the sources of the areas a page shows (one gemeente), or in
# general terms.
footer-sources-of = Areas: { $areas }. Inhabitants: CBS. Map: © OpenStreetMap contributors.
footer-sources-general = Areas: CBS district and neighbourhood map and municipalities; the page of each municipality names the source of its districts and neighbourhoods. Inhabitants: CBS. Map: © OpenStreetMap contributors.

# An account that was removed, wherever its address would show.
removed-user = removed user

# Beheer: blocking and removing an account.
admin-account-state = Block or remove the account
admin-state-blocked = This account is blocked: nobody can log in with it.
admin-state-blocked-short = blocked
admin-block = Block account
admin-unblock = Unblock
admin-remove = Remove account
admin-confirm-cancel = Cancel
admin-confirm-block-title = Block account { $email }?
admin-confirm-block-intro = Nobody can log in with a blocked account. Whoever is logged in now is logged out at once.
admin-confirm-block-kept = You can unblock it later; the account and everything done with it are kept.
admin-confirm-block-button = Yes, block
admin-confirm-remove-title = Remove account { $email }?
admin-confirm-remove-intro = The personal data of this account are erased: the e-mail address and the password. Whoever is logged in now is logged out at once. This cannot be undone.
admin-confirm-remove-kept = Changes, proposals, tips and visits of this account are kept and show "removed user" from now on. Visit notes are erased after the usual retention period.
admin-confirm-remove-button = Yes, remove
admin-notice-blocked = The account is blocked.
admin-notice-unblocked = The account is unblocked.
admin-notice-removed = The account is removed.
account-error-own = You cannot block or remove your own account here.

# The owner's own account: another e-mail address, deleting it.
account-password-check = Your password (to check it is you)
email-change-link = Change e-mail address
email-change-title = Change e-mail address
email-change-now = Your e-mail address is now { $email }.
email-change-intro = We send a link to the new address. The new address counts only once you follow that link; the old address is then told.
email-change-no-mail = This site sends no e-mail at the moment. Ask the administrator to change your address.
email-change-new = New e-mail address
email-change-button = Send link
email-change-sent = We have sent a link to your new e-mail address. Follow it within a day; until then your old address stays.
email-change-error-same = This already is your e-mail address.
email-change-error-limit = You asked for this three times in the last hour. Please try again later.
email-changed-title = New e-mail address
email-changed-done = Your new e-mail address is saved. From now on you log in with it.
email-changed-expired = This link no longer works: it was used, it expired or the address is taken by now. Ask for a new link on your account page.
delete-account-link = Delete account
delete-account-title = Delete your account
delete-account-erased = If you delete your account, we erase your e-mail address and password and log you out on every device. This cannot be undone.
delete-account-kept = What you changed or proposed for places and your tips are kept, with "removed user" as their author.
delete-account-download-first = Download your data first
delete-account-button = Delete account for good
goodbye-title = Your account is deleted
goodbye-text = Your account and your personal data are deleted. Thank you for contributing to Haarvaten.

# Mail about another e-mail address.
mail-change-email-subject = Confirm your new e-mail address for Haarvaten
mail-change-email-intro = You asked to use this address for your Haarvaten account. Follow the link to confirm.
mail-change-email-action = Use this e-mail address
mail-change-email-valid = The link works for a day, once.
mail-change-email-not-you = Did you not ask for this? Then ignore this e-mail; nothing changes.
mail-email-changed-subject = The e-mail address of your account was changed
mail-email-changed-intro = The e-mail address of your Haarvaten account was changed to { $email }. This address gets no more messages.
mail-email-changed-not-you = Did you not do this yourself? Then contact the administrator of Haarvaten.
mail-kind-change_email = Confirm new e-mail address
mail-kind-email_changed = E-mail address changed
token-purpose-e-mail = New e-mail address

# The audit log: actions and families not labelled before.
audit-family-contact = Messages and corrections
audit-action-auth-reset-requested = New password requested
audit-action-auth-password-reset = Password reset through a link
audit-action-auth-email-confirmed = E-mail address confirmed
audit-action-auth-email-change-requested = Other e-mail address requested
audit-action-auth-email-changed = E-mail address changed
audit-action-auth-account-deleted = Own account deleted
audit-action-user-blocked = Account blocked
audit-action-user-unblocked = Account unblocked
audit-action-user-removed = Account removed by an administrator
audit-action-review-annotation-unpublished = Tip taken off the place
audit-action-contact-message = Message to a place relayed
audit-action-contact-correction = Correction received as a tip

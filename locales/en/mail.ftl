# E-mail (issue 12): the mails themselves, and the pages for password reset
# and e-mail confirmation.

mail-footer = Haarvaten, the places to meet people in your neighbourhood: { $url }
mail-hello = Hello,

mail-kind-password_reset = New password
mail-kind-confirm_email = Confirm e-mail address
mail-kind-contact_message = Message to a place
mail-kind-notification = News about your district
mail-kind-digest = Daily summary
mail-kind-place_check = Is this still right?

token-purpose-wachtwoord = New password
token-purpose-bevestigen = Confirm e-mail address

mail-reset-subject = A new password for Haarvaten
mail-reset-intro = Someone asked for a new password for your Haarvaten account. Was it you? Then click the link and choose a new password.
mail-reset-action = Choose a new password
mail-reset-valid = The link works for one hour, and only once.
mail-reset-not-you = Did you not ask for a new password? Then you need not do anything. Your password stays the same.

mail-confirm-subject = Confirm your e-mail address for Haarvaten
mail-confirm-intro = You created an account at Haarvaten. Click the link to show that this is your e-mail address. After that we can send you messages.
mail-confirm-action = Confirm my e-mail address
mail-confirm-valid = The link works for a week.
mail-confirm-not-you = Did you not create an account? Then you need not do anything. We will not send you any more mail.

forgot-title = Forgot your password
forgot-intro = Enter the e-mail address of your account. We will send you a mail with a link. With that link you choose a new password.
forgot-button = Send me a link
forgot-sent = Thank you. If there is an account with this e-mail address, you will get a mail within a few minutes. Also look in your spam folder. The link in the mail works for one hour.
forgot-no-mail = This website cannot send mail right now. Ask the administrator of Haarvaten for a new password. The administrator can set it with the command haarvaten user set-password.
forgot-link = Forgot your password?

reset-title = Choose a new password
reset-intro = Choose a new password for your account. After that you are logged in. On other devices you are logged out.
reset-button = Save password
reset-expired-title = This link no longer works
reset-expired = The link has been used already or is older than one hour. Ask for a new link.
reset-new-link = Ask for a new link
reset-done = Your new password has been saved. You are logged in.

confirm-title = Confirm e-mail address
confirm-done = Thank you. Your e-mail address is confirmed.
confirm-expired = This link no longer works. It has been used already or is older than a week. Log in and ask for a new link on the My account page.
confirm-pending = Your e-mail address is not confirmed yet. Look in your mail: we sent you a link. Until you follow that link, we send you no other mail.
confirm-resend = Send the mail again
confirm-resent = We sent you a new mail. Also look in your spam folder.

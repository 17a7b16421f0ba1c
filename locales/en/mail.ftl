# E-mail (issue 12): the mails themselves, and the pages for password reset
# and e-mail confirmation.

mail-footer = Haarvaten, the places to meet people in your neighbourhood: { $url }
mail-hello = Hello,

mail-kind-password_reset = New password
mail-kind-confirm_email = Confirm e-mail address
mail-kind-contact_message = Message to a place
mail-kind-notification = News about your district

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

mail-contact-subject = Message via Haarvaten about { $place }
mail-contact-via-team = { $place } has no e-mail address in Haarvaten. That is why the district team gets this message. Would you pass it on to the place?
mail-contact-intro = { $sender } sent a message about { $place }:
mail-contact-reply = Do you want to answer? Then reply to this mail. Your answer goes to { $email }.
mail-contact-privacy = The sender does not know which e-mail address this message went to. Haarvaten does not keep the message.
mail-contact-place-link = The place on Haarvaten

reach-title = Ask or report something
reach-message = Send this place a message
reach-correction = Is something wrong? Let us know

contact-title = Send a message to { $name }
contact-intro = Do you have a question for this place? Write it here. We pass your message on. You get an answer at your e-mail address. You do not need an account.
contact-privacy = You do not see the e-mail address of the place. We do not keep your message.
contact-name = Your name (you may leave this empty)
contact-email = Your e-mail address (for the answer)
contact-text = Your message
contact-text-hint = At most { $max } characters.
contact-honeypot = Leave this field empty
contact-submit = Send the message
contact-sent = Thank you. Your message has been sent. You will get an answer at your e-mail address.
contact-unavailable = You cannot send this place a message through this website right now. Look on the page of the place for a phone number. Or ask the district team.
contact-back = Back to the place
contact-error-text-required = Write your message.
contact-error-name = Your name is too long or has characters that cannot be used. Use at most { $max } characters.
contact-error-too-many = Many messages were sent just now. Try again in an hour.

correction-title = Is something wrong with { $name }?
correction-intro = Do you see something that is not right? Let the district team know. The team looks at it and corrects the place. You do not need an account.
correction-topic = What is not right?
correction-topic-gestopt = The place has stopped
correction-topic-tijden = The opening hours are different
correction-topic-adres = The address is different
correction-topic-anders = Something else
correction-text = What do you know about it?
correction-email = Your e-mail address (you may leave this empty)
correction-email-hint = Only if you want an answer. We use it only for that.
correction-submit = Send
correction-sent = Thank you. The district team will look at it.
correction-error-topic = Choose what is not right.

message-kind-bericht = Message
message-kind-correctie = Report that something is wrong

review-correction-topic = Report: { $topic }
review-correction-reply = The reporter would like an answer at { $email }.
review-correction-close = Is it true that the place stopped? Record that it stopped, with the date


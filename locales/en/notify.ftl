# Notifications (issue 12): the page /account/meldingen and the mails about
# new proposals and tips, decisions on proposals and follow-ups.

notice-kind-review = New proposals, tips and reports in my district
notice-kind-decision = Decisions on my proposals
notice-kind-followup = Visit follow-ups that are due
notice-kind-review-hint = When someone proposes a place, gives a tip or reports that something is wrong in a district you review.
notice-kind-decision-hint = When your proposal is accepted or rejected. You also read the reason.
notice-kind-followup-hint = When the date of a follow-up is reached and it is not done yet. You get this once per follow-up.

notice-delivery-direct = A mail right away
notice-delivery-digest = One mail a day with everything
notice-delivery-never = No mail

notify-link = Notifications by mail
notify-title = Notifications by mail
notify-intro = Choose what you want to get a mail about, and how often.
notify-default = If you choose nothing, you get: { $delivery }.
notify-save = Save
notify-saved = Your choice has been saved.
notify-unconfirmed = Your e-mail address is not confirmed yet. Until you confirm it, we send you no notifications.
notify-no-mail = This website cannot send mail right now. Your choice is kept anyway.
notify-error-delivery = Choose how you want to get this.

notice-subject-proposal = New proposal to review: { $place }
notice-subject-edit = Proposal to change { $place }
notice-subject-tip = New tip about { $place }
notice-subject-correction = Report: is something wrong with { $place }?
notice-subject-accepted = Your proposal for { $place } has been accepted
notice-subject-rejected = Your proposal for { $place } has not been accepted
notice-subject-followup = Follow-up after your visit to { $place }

notice-line-proposal = Someone proposes a new place: { $place }.
notice-line-edit = Someone proposes to change { $place }.
notice-line-tip = Someone gave a tip about { $place }.
notice-line-correction = Someone reports that something is wrong with { $place }.
notice-line-accepted = Your proposal for { $place } has been accepted. It is on Haarvaten now. Thank you!
notice-line-rejected = Your proposal for { $place } has not been accepted.
notice-line-followup = After your visit to { $place } something is still open to follow up. Its date has been reached.

notice-reason = The reason:
notice-action-review = See the review list
notice-action-decision = See your proposal
notice-action-followup = See your follow-ups
notice-why-review = You get this mail because you review proposals and tips in this district.
notice-why-decision = You get this mail because you made this proposal.
notice-why-followup = You get this mail because you were at this visit.
notice-settings = Want less mail, or everything in one mail a day? Choose here: { $url }

notice-digest-subject = Haarvaten: your overview of today ({ $count })
notice-digest-intro = This happened since your previous overview:

# Is this still right? (issue 12, item 4)
mail-kind-check_request = Is this still right?
check-mail-subject = Is this still right? { $place } on Haarvaten
check-mail-intro = { $place } is listed on Haarvaten. That is how people in the neighbourhood find your place. Once a year we ask whether everything is still right.
check-mail-how = Click the link. You will see what we list about your place. Is it right? Click "Yes, it is right". Has something changed? Then you can tell us straight away. You do not need an account.
check-mail-action = See what we list about your place
check-mail-valid = The link works for { $days } days, and once.
check-mail-why = You get this mail because this e-mail address is listed for the place on Haarvaten.
check-title = Is this still right?
check-intro = This is what Haarvaten lists about { $name }. Is it still right?
check-yes = Yes, it is right
check-changed = Something has changed
check-yes-done = Thank you! We noted that everything about { $name } is still right.
check-changed-intro = Change what is no longer right. The district team looks at it and updates the place.
check-changed-note = Anything else to tell us? (optional)
check-changed-submit = Send
check-changed-done = Thank you! The district team will look at it.
check-changed-nothing = You changed nothing. Change a field, or write what is different.
check-changed-text = Data changed by the place itself (Is this still right?):
check-expired-title = This link no longer works
check-expired = The link is older than 60 days. Ask the district team for a new link, or use "Is something wrong?" on the page of the place.
check-used = This link has been used already. Thank you! Has something changed after all? Then use "Is something wrong?" on the page of the place.
check-tampered = This link is not right. Perhaps it was not copied completely. Copy the whole link from the mail.
check-ask = Send "Is this still right?" to the place
check-ask-hint = The place gets a mail with a link. With it the place confirms its data, or tells us of a change.
check-asked = The mail "Is this still right?" goes to the place.
check-not-asked = The mail could not be sent: the place has no valid e-mail address, this website cannot send mail now, or the place got a mail today already.
overview-checks-caption = Is this still right? in { $year }: how many places we asked, and how many answered
overview-checks-asked = Asked
overview-checks-answered = Answered

notice-event-proposal = New place proposed
notice-event-edit = Change proposed
notice-event-tip = Tip
notice-event-correction = Report that something is wrong
notice-event-accepted = Proposal accepted
notice-event-rejected = Proposal rejected
notice-event-followup = Follow-up due

audit-action-place-check-sent = "Is this still right?" sent
audit-action-place-confirmed-by-place = Confirmed by the place
audit-action-place-change-reported = Change reported by the place
audit-action-user-notifications-changed = Notifications changed

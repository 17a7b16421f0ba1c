# Accounts: log in, sign up, account, password, administration.

nav-login = Log in
nav-register = Create account
nav-account = My account
nav-logout = Log out
nav-admin = Admin

form-error-summary = Something is not right. Please look at these points:
form-required = required

auth-email = Email address
auth-password = Password
auth-password-new = New password
auth-password-repeat = Type the password again
auth-password-current = Your current password
auth-password-hint = Use at least { $min } characters. A sentence of a few words is easy to remember.

auth-login-title = Log in
auth-login-intro = Log in with your email address and password.
auth-login-button = Log in
auth-login-no-account = No account yet?
auth-login-register-link = Create an account

auth-register-title = Create account
auth-register-intro = With an account you can add places and give tips. Anyone can create an account.
auth-register-button = Create account
auth-register-have-account = Already have an account?

auth-account-title = My account
auth-account-email = Email address
auth-account-role = Role
auth-account-wijken = Districts
auth-account-gemeente = Municipality
auth-account-change-password = Change password
auth-welcome = Welcome! Your account is ready and you are logged in.
auth-password-changed = Your password has been changed.

auth-password-title = Change password
auth-password-button = Save password

auth-error-email-required = Please enter your email address.
auth-error-email-invalid = This is not a valid email address. An email address looks like this: name@example.com
auth-error-email-taken = There is already an account with this email address. Log in, or use another email address.
auth-error-password-required = Please enter your password.
auth-error-password-short = The password is too short. Use at least { $min } characters.
auth-error-password-long = The password is too long. Use at most { $max } characters.
auth-error-password-mismatch = The two passwords are not the same. Please type them again.
auth-error-wrong-credentials = The email address or the password is not correct.
auth-error-current-wrong = Your current password is not correct.
auth-error-rate-limited = You typed a wrong password too often. Wait { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    } and try again. On a device you logged in with here before, you can try again right away.

auth-csrf-title = This form has expired
auth-csrf-text = We could not check that this form came from our website. Go back, reload the page and try again.

role-bewoner = Resident
role-wijkteam = District team
role-gemeente = Municipality
role-beheerder = Administrator

admin-users-title = Users
admin-users-intro = Here you see all accounts. You can change the role of an account.
admin-users-saved = The change has been saved.
admin-col-email = Email address
admin-col-role = Role
admin-col-scope = Districts or municipality
admin-col-last-login = Last login
admin-col-actions = Action
admin-never = never
admin-edit = Change
admin-edit-user = Change the role of { $email }
admin-audit-link = View the log
admin-users-link = Manage users

admin-edit-title = Change role
admin-role-legend = Role
admin-wijken = Districts (district team only)
admin-wijken-hint = CBS district codes, separated by a comma. For example: WK059901, WK059902
admin-gemeente = Municipality (municipality role only)
admin-gemeente-hint = CBS municipality code. For example: GM0599
admin-save = Save
admin-back = Back to the users

admin-error-role = Choose a role.
admin-error-wijken-required = A district team has at least one district. Enter a district code.
admin-error-wijk-code = { $code } is not a district code. A district code looks like this: WK059901
admin-error-gemeente-code = Enter a municipality code. It looks like this: GM0599
admin-error-unknown-area = We do not know the code { $code }.
admin-error-own-role = You cannot take away your own administrator role. Ask another administrator.

admin-audit-title = Log
admin-audit-intro = Who did what, and when. The newest is at the top.
admin-audit-when = When
admin-audit-who = Who
admin-audit-action = What
admin-audit-subject = About
admin-audit-details = Details
admin-audit-anonymous = (not logged in)
admin-audit-empty = The log is still empty.
admin-audit-page = Page { $page } of { $pages }
admin-audit-newer = Newer
admin-audit-older = Older
admin-audit-pages = Pages of the log

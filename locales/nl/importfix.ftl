# Population coverage (issue 11): how complete an area's inhabitant figure is.
population-known-buurten = inwoners bekend voor { $known } van { $total ->
    [one] { $total } buurt
   *[other] { $total } buurten
}
population-note = Inwoners bekend voor { $known } van { $total ->
    [one] { $total } buurt
   *[other] { $total } buurten
}.
population-no-rate = Dat cijfer dekt minder dan 90 % van de inwoners, dus we tonen geen aantal per 1.000 inwoners.
population-no-rate-short = geen cijfer per 1.000 inwoners (inwonertal onvolledig)

# Population coverage (issue 11): how complete an area's inhabitant figure is.
population-known-buurten = inhabitants known for { $known } of { $total ->
    [one] { $total } neighbourhood
   *[other] { $total } neighbourhoods
}
population-note = Inhabitants known for { $known } of { $total ->
    [one] { $total } neighbourhood
   *[other] { $total } neighbourhoods
}.
population-no-rate = That figure covers less than 90 % of the inhabitants, so we show no number per 1,000 inhabitants.
population-no-rate-short = no number per 1,000 inhabitants (population incomplete)

# Search and filters added for issue 15 (item 8): access and initiator.
filter-initiator = Begonnen door
filter-all-initiators = Iedereen die een plek begint
filter-access = Toegankelijkheid
filter-ground-floor = Op de begane grond
filter-wheelchair = Met een rolstoel te bereiken
filter-no-reception = Zonder balie bij de ingang
error-filter-initiatief = "{ $value }" kennen we niet als begin van een plek. Kies uit de lijst: bewoners, stichting, religieuze_instelling, gemeente, welzijnsorganisatie of ondernemer.

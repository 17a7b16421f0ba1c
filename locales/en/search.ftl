# Search and filters added for issue 15 (item 8): access and initiator.
filter-initiator = Started by
filter-all-initiators = Anyone who starts a place
filter-access = Accessibility
filter-ground-floor = On the ground floor
filter-wheelchair = Wheelchair accessible
filter-no-reception = No reception desk at the entrance
error-filter-initiatief = We do not know "{ $value }" as the starter of a place. Choose from the list: bewoners, stichting, religieuze_instelling, gemeente, welzijnsorganisatie or ondernemer.

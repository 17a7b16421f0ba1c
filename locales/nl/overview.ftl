# Overviews per wijk (/overzicht) and exports.
nav-overview = Overzicht
overview-title = Overzicht per wijk
overview-intro = Hoeveel ontmoetingsplekken zijn er in elke wijk? Hier ziet u het per wijk, ook per 1.000 inwoners. U kunt de cijfers afdrukken of downloaden.
overview-empty = Er zijn nog geen wijken. Importeer eerst de wijken en buurten.
overview-meta-date = Gemaakt op
overview-meta-area = Gebied
overview-meta-since = Nieuw en gestopt sinds
overview-meta-source = Bron
overview-source = Bron: CBS (aantal inwoners) en Haarvaten (plekken).
overview-filter-gemeente = Gemeente
overview-filter-since = Nieuw en gestopt sinds
overview-filter-since-hint = Bijvoorbeeld 2024-01-01. Zonder datum: een jaar geleden.
overview-show = Toon overzicht
overview-caption = Ontmoetingsplekken per wijk in { $gemeente }
overview-wijk-title = Overzicht van wijk { $wijk }
overview-wijk-caption = Ontmoetingsplekken per buurt in wijk { $wijk }
overview-col-wijk = Wijk
overview-col-buurt = Buurt
overview-col-inhabitants = Inwoners
overview-col-huiskamer = Huiskamers
overview-col-zelfbeheer = In zelfbeheer
overview-col-huis_van_de_wijk = Huizen van de Wijk
overview-col-total = Totaal
overview-col-has-hvdw = Huis van de Wijk?
overview-col-empty-buurten = Buurten zonder plek
overview-col-opened = Nieuw sinds { $date }
overview-col-closed = Gestopt sinds { $date }
overview-col-visits = Bezoeken wijkteam
overview-visits-none = nog geen bezoeken
overview-per-1000 = { $rate } per 1.000 inwoners
overview-yes = ja
overview-no = nee
overview-total = Totaal
overview-no-buurt = Zonder buurt
overview-without-location = ({ $count } zonder locatie)
overview-counting = We tellen alle plekken die open zijn of tijdelijk dicht. Gestopte en verborgen plekken tellen niet mee. Een plek is nieuw als hij in het jaar van de datum of later begon. Weten we niet wanneer hij begon? Dan telt hij als nieuw als hij na de datum bij ons is toegevoegd. Plekken uit de eerste import van de gemeente tellen dan niet als nieuw: ze waren er al. Is het aantal inwoners onbekend, dan staat er "onbekend".
overview-empty-buurten = Buurten zonder plek ({ $count }):
overview-places-title = Plekken in deze wijk ({ $count })
overview-no-places = Er zijn nog geen plekken in deze wijk.
overview-exports-title = Downloaden
overview-exports-intro = Download de plekken van dit overzicht, één regel per plek. Adressen van plekken die alleen per straat of buurt bekend zijn, staan er niet in.
overview-exports-protected-title = Downloaden met alle adressen
overview-exports-protected-intro = Alleen voor medewerkers van de gemeente. Deze bestanden bevatten ook adressen die we niet openbaar maken. Deel ze niet.
overview-exports-choose-title = Een paar wijken downloaden
overview-exports-choose-wijken = Kies de wijken
overview-exports-format = Soort bestand
overview-exports-download = Downloaden
overview-export-csv = CSV (komma)
overview-export-csv-excel = CSV voor Excel (puntkomma)
overview-export-xlsx = Excel (XLSX)
overview-export-geojson = GeoJSON (voor kaarten)
overview-export-hsds = Open Referral HSDS 3.0 (JSON)
overview-error-sinds = De datum "{ $value }" klopt niet. Schrijf een datum zo: 2024-01-31. Een datum in de toekomst kan niet.
overview-error-gemeente = "{ $value }" is geen goede gemeentecode. Een gemeentecode ziet er zo uit: GM0599.
overview-error-wijk-gemeente = Wijk { $value } ligt niet in deze gemeente.
overview-error-too-many-wijken = Kies hoogstens { $max } wijken, of download de hele gemeente.
overview-error-variant = De variant "{ $value }" kennen we niet. Kies excel, of laat het leeg.
overview-error-format = Het soort bestand "{ $value }" kennen we niet. Kies csv, csv-excel, xlsx, geojson of hsds.
overview-visits-coverage = { $visited } van { $places ->
        [one] 1 plek
       *[other] { $places } plekken
    } bezocht in 12 maanden ({ $percent }%), { $visits ->
        [one] 1 bezoek
       *[other] { $visits } bezoeken
    }
overview-visits-no-places = geen plekken

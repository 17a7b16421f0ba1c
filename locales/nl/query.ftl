# Parameters in the address (the query string) that do not fit; see
# src/web/extractors/query.rs.
error-query = De zoekopdracht in het adres klopt niet.
error-query-repeated = De parameter "{ $name }" staat meer dan één keer in het adres. Geef hem één keer mee.
error-query-missing = De parameter "{ $name }" ontbreekt in het adres.
error-query-whole-number = De waarde "{ $value }" bij { $name } klopt niet. Gebruik een heel getal, bijvoorbeeld 2.
error-query-number = De waarde "{ $value }" bij { $name } klopt niet. Gebruik een getal, bijvoorbeeld 4.5.
error-query-yes-no = De waarde "{ $value }" bij { $name } klopt niet. Gebruik ja of nee.
error-query-one-of = De waarde "{ $value }" bij { $name } klopt niet. Kies uit: { $allowed }.
error-query-invalid = De waarde "{ $value }" bij { $name } klopt niet.

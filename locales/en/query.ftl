# Parameters in the address (the query string) that do not fit; see
# src/web/extractors/query.rs.
error-query = The search in the address is not valid.
error-query-repeated = The parameter "{ $name }" appears more than once in the address. Give it once.
error-query-missing = The parameter "{ $name }" is missing from the address.
error-query-whole-number = The value "{ $value }" for { $name } is not right. Use a whole number, for example 2.
error-query-number = The value "{ $value }" for { $name } is not right. Use a number, for example 4.5.
error-query-yes-no = The value "{ $value }" for { $name } is not right. Use yes or no.
error-query-one-of = The value "{ $value }" for { $name } is not right. Choose from: { $allowed }.
error-query-invalid = The value "{ $value }" for { $name } is not right.

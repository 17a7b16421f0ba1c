# The public API: the /api page, the taxonomies of the HSDS API and its
# error messages (src/web/handlers/api, src/hsds).
api-title = Data for other websites (API)
api-intro = Other websites and programs, such as a directory of local services, can fetch the public data of every meeting place. The data follows Open Referral HSDS 3.0, the international standard for data about services.
api-openapi-link = Technical description (OpenAPI 3.1)
api-endpoints = What you can fetch
api-endpoint-meta = About this API: which version of HSDS and where the description is.
api-endpoint-services = The meetings of all places, page by page.
api-endpoint-organizations = The initiatives behind the places, page by page.
api-endpoint-service-at-locations = Which meeting is at which place, page by page.
api-endpoint-taxonomies = The classifications: type of place, category, target group and accessibility.
api-endpoint-taxonomy-terms = All values of those classifications.
api-endpoint-map = The places for the map, in an area (GeoJSON).
api-endpoint-openapi = The technical description of all of the above.
api-rules = Agreements
api-rule-privacy = You get only what anyone may see on this website. For a living room in someone's home, the address and exact spot are left out.
api-rule-pages = Lists come in pages of at most { $max } items. With format=ndjson you get everything at once.
api-rule-cache = Every answer has an ETag. Send it back in If-None-Match; when nothing changed, you get 304 without a body.
api-rule-rate = At most { $count } requests a minute per address. After that you get 429, with the seconds to wait in Retry-After.
api-rule-cors = Any website may use the API from the browser (CORS).
api-hsds-credit = Open Referral HSDS 3.0 is made by Open Referral (CC BY-SA 4.0).

# The Haarvaten taxonomies in the HSDS API (the data itself is in Dutch).
api-taxonomy-type = Type of meeting place (Haarvaten)
api-taxonomy-category = Category of the meeting place (Haarvaten)
api-taxonomy-target-group = Who the meeting place is for (Haarvaten)
api-taxonomy-accessibility = Accessibility of the meeting place (Haarvaten)

# Errors of the API's parameters.
api-error-range = The value "{ $value }" for { $name } is not right. Use a whole number from 1 to { $max }.
api-error-yes-no = The value "{ $value }" for { $name } is not right. Use true or false.
api-error-id = The value "{ $value }" for { $name } is not a valid id (a UUID).
api-error-unknown-id = There is nothing with the id "{ $value }" for { $name }.
api-error-moment = The value "{ $value }" for { $name } is not a date. Use for example 2026-11-30 or 2026-11-30T12:00:00Z.
api-error-format = The value "{ $value }" for format is not right. Choose json or ndjson.
api-error-rate = You have made too many requests. Try again in { $seconds } seconds.

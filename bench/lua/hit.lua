-- Cache hit: the same cached card on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"cardNo":"9410000000000001"}'

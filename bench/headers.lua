-- Adds the benchmark's headers to every wrk request: the API key and, for revalidation runs, the ETag.
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local etag = os.getenv("BENCH_IF_NONE_MATCH")
if etag and etag ~= "" then wrk.headers["If-None-Match"] = etag end

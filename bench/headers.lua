-- Adds the benchmark's headers to every wrk request: the API key and, for revalidation runs, the ETag.
-- With BENCH_PATHS (paths separated by spaces) or BENCH_PATHS_FILE (one path a line), requests go
-- to each path in turn.
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local etag = os.getenv("BENCH_IF_NONE_MATCH")
if etag and etag ~= "" then wrk.headers["If-None-Match"] = etag end

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(paths, path) end
local paths_file = os.getenv("BENCH_PATHS_FILE")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do table.insert(paths, line) end
end
if #paths > 0 then
  local next_path = 0
  request = function()
    next_path = next_path % #paths + 1
    return wrk.format(nil, paths[next_path])
  end
end

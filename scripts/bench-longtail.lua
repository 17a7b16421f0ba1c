-- wrk script for scripts/bench (modes longtail and loggedin): every request
-- draws a random path from a list file (one path a line, made by
-- scripts/bench from the database: random places, wijken, search words,
-- map boxes) and adds an ignored `bench=` parameter, so the page cache
-- never holds it: each request is a first view, as in the long tail of
-- real traffic.
--
--   wrk ... -s scripts/bench-longtail.lua URL -- /path/to/paths.txt
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local paths = {}
local counter = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  for line in file:lines() do
    if line ~= "" then paths[#paths + 1] = line end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  -- A seed of its own per thread, so the threads do not ask the same list.
  math.randomseed(os.time() + 7919 * id)
end

function request()
  counter = counter + 1
  local path = paths[math.random(#paths)]
  local sep = path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, path .. sep .. "bench=" .. id .. "-" .. counter)
end

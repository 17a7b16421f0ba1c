-- wrk script for scripts/bench: every request asks a URL nobody asked
-- before (an extra, ignored query parameter), so the page cache misses and
-- the page is rendered: the cost of a visitor's first view of a page.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local counter = 0

function request()
  counter = counter + 1
  local sep = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench=" .. id .. "-" .. counter)
end

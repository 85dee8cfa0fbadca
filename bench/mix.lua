-- wrk script for the page-load mix: cycles round-robin through the paths listed in the file given after
-- `--` (one path per line, written by bench/fixtures.mjs). Requests are pre-formatted once in init() so the
-- load generator spends its core on sending, not on string building.
local requests = {}
local count = 0
local nextIndex = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "mix.lua: cannot open path list " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then
      count = count + 1
      requests[count] = wrk.format("GET", line)
    end
  end
  file:close()
  assert(count > 0, "mix.lua: empty path list")
end

function request()
  nextIndex = nextIndex % count + 1
  return requests[nextIndex]
end

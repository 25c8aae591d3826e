-- The mixed run: each request is a random (person, page) pair from the file bench.mixed wrote.
--   wrk ... -s bench/wrk_mixed.lua http://127.0.0.1:8765 -- PATH
-- Its figures are printed by wrk_report.lua's done(), loaded from beside this file.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local visits = {}

init = function(args)
  for line in io.lines(args[1]) do
    local session, path = line:match("^(%S+) (%S+)$")
    if session then
      visits[#visits + 1] = { session, path }
    end
  end
  math.randomseed(os.time() + #visits + tonumber(tostring(visits):match("0x(%x+)") or "0", 16))
end

request = function()
  local visit = visits[math.random(#visits)]
  return wrk.format("GET", visit[2], { ["Cookie"] = "sessionid=" .. visit[1] })
end

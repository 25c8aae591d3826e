-- The mixed run: each request is a random (person, page) pair from the file bench.mixed wrote.
--   wrk ... -s bench/wrk_mixed.lua http://127.0.0.1:8765 -- PATH
-- Prints wrk's figures as one JSON line, as wrk_report.lua does.
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

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), errors,
    summary.errors.status))
end

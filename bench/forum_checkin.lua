-- Door scans through the API: cycles through the ticket codes in FORUM_CODES (one per line), each admitted the first
-- time and refused as already used after, as at a busy door. FORUM_PATH is the check-ins path, FORUM_TOKEN door staff's.
local codes = {}
for line in io.lines(os.getenv("FORUM_CODES")) do codes[#codes + 1] = line end
local counter = math.random(#codes)
local path, token = os.getenv("FORUM_PATH"), os.getenv("FORUM_TOKEN")

request = function()
  counter = counter % #codes + 1
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token },
    string.format('{"code":"%s","device":"gate-%d"}', codes[counter], counter % 4))
end

done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end

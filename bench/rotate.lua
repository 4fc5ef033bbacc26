-- Cycles through the request paths listed in the file named by WRK_PATHS (one per line), so a search benchmark
-- asks many different questions, and prints the 95th percentile, which wrk's --latency table leaves out.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local counter = math.random(#paths)

request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end

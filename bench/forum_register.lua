-- Registers distinct people through the API, as a partner's app would: each request a new phone and name, for one
-- session of the stop picked at random. Each thread stops after its share (FORUM_PER_THREAD) and prints p95.
-- FORUM_PATH is the registrations path, FORUM_SESSIONS the session ids (comma-separated), FORUM_TOKEN an API token.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end

local sessions, sent, limit, path, token
init = function(args)
  sessions = {}
  for id in string.gmatch(os.getenv("FORUM_SESSIONS"), "%d+") do sessions[#sessions + 1] = tonumber(id) end
  limit = tonumber(os.getenv("FORUM_PER_THREAD"))
  path = os.getenv("FORUM_PATH")
  token = os.getenv("FORUM_TOKEN")
  sent = 0
  math.randomseed(number * 7919)
end

request = function()
  sent = sent + 1
  local person = number * 1000000 + sent
  local body = string.format('{"firstName":"Banc","lastName":"Essai %d","phone":"06%08d","sessions":[%d],"consent":true}',
    person, person, sessions[math.random(#sessions)])
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

response = function(status, headers, body)
  if sent >= limit then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end

-- Each wrk thread has exactly one connection (run with -t N -c N): it creates its own project,
-- then updates it again and again, always sending the version it last read.
local counters = {}
local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  lead = args[2]
  stage = args[3]
  id = nil
  version = nil
  updates = 0
  conflicts = 0
  failures = 0
  creating = false
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if id == nil then
    creating = true
    local body = string.format('{"title":"Benchmark project %d","leadOrganisationId":"%s","stageId":"%s","methodology":"project","visibility":"system"}', number, lead, stage)
    return wrk.format("POST", "/api/v1/projects", headers, body)
  end
  creating = false
  local body = string.format('{"title":"Benchmark project %d, update %d","version":%d}', number, updates + 1, version)
  return wrk.format("PATCH", "/api/v1/projects/" .. id, headers, body)
end

function response(status, headers, body)
  if status == 201 or status == 200 then
    if creating then id = string.match(body, '"id":"([^"]+)"') else updates = updates + 1 end
    version = tonumber(string.match(body, '"version":(%d+)'))
  elseif status == 409 then
    conflicts = conflicts + 1
    version = tonumber(string.match(body, '"currentVersion":(%d+)')) or version
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local updates, conflicts, failures = 0, 0, 0
  for _, thread in ipairs(threads) do
    updates = updates + thread:get("updates")
    conflicts = conflicts + thread:get("conflicts")
    failures = failures + thread:get("failures")
  end
  io.write(string.format("WAYMARK updates=%d conflicts=%d failures=%d\n", updates, conflicts, failures))
end

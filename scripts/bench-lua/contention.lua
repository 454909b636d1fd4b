-- Every connection updates the same project. A 409 carries the current version, which the next
-- attempt sends; the final version must equal 1 + the number of successful updates.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  id = args[2]
  version = 1
  updates = 0
  conflicts = 0
  failures = 0
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  local body = string.format('{"summary":"Contended update","version":%d}', version)
  return wrk.format("PATCH", "/api/v1/projects/" .. id, headers, body)
end

function response(status, headers, body)
  if status == 200 then
    updates = updates + 1
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

-- Updates with optimistic locking, for scripts/bench. Run with -t N -c N so that each wrk thread
-- has exactly one connection, and so its own version of the record.
--   wrk ... -s updates.lua URL -- own TOKEN LEAD_ORGANISATION STAGE
--     each connection creates its own project, then updates it again and again
--   wrk ... -s updates.lua URL -- shared TOKEN PROJECT
--     every connection updates the same project; a 409 carries the current version, which the
--     next attempt sends
--   wrk ... -s updates.lua URL -- own TOKEN LEAD_ORGANISATION STAGE EVERY_MS
--     the same at a steady rate, not flat out: each connection starts an update every EVERY_MS
--     (4 connections every 18 ms: 222 a second), by the clock, however long each one takes; a
--     connection that falls behind sends its next at once, until it is back on time
--   wrk ... -s updates.lua URL -- risk TOKEN PROJECT OWNER
--     each connection records its own risk on the project, then raises and lowers its current
--     likelihood again and again (each change a point of its score history)
--   wrk ... -s updates.lua URL -- observation TOKEN PROJECT
--     each connection records its own measure on the project, then records an observation a day
--     again and again (each one re-analyses the measure and keeps its summary)
local threads = {}

-- The monotonic clock in milliseconds (wrk runs LuaJIT, whose ffi reaches clock_gettime).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } waymark_timespec;
int clock_gettime(int clock, waymark_timespec *time);
]]
local clock = ffi.new("waymark_timespec")
local function milliseconds()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, token = args[1], args[2]
  if mode == "own" then
    lead, stage, id, version = args[3], args[4], nil, nil
    every = tonumber(args[5])
  elseif mode == "risk" then
    project, owner, id, version = args[3], args[4], nil, nil
  elseif mode == "observation" then
    project, id, version = args[3], nil, nil
    first = os.time({ year = 2020, month = 1, day = 1, hour = 12 })
  else
    id, version = args[3], 1
  end
  updates, conflicts, failures, creating = 0, 0, 0, false
end

-- With EVERY_MS, each request is due EVERY_MS after the one before was due (the first at once).
function delay()
  if not every then return 0 end
  local now = milliseconds()
  due = due and due + every or now
  return math.max(0, math.floor(due - now))
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  creating = id == nil
  if mode == "risk" then
    if creating then
      local body = string.format('{"title":"Benchmark risk %d","ownerId":"%s","inherentLikelihood":4,"inherentConsequence":4,"currentLikelihood":3,"currentConsequence":4,"targetLikelihood":2,"targetConsequence":3,"reviewDate":"2027-01-15"}', number, owner)
      return wrk.format("POST", "/api/v1/projects/" .. project .. "/risks", headers, body)
    end
    local body = string.format('{"currentLikelihood":%d,"version":%d}', 2 + (updates % 3), version)
    return wrk.format("PATCH", "/api/v1/risks/" .. id, headers, body)
  end
  if mode == "observation" then
    if creating then
      local body = string.format('{"name":"Benchmark measure %d","improvementDirection":"up"}', number)
      return wrk.format("POST", "/api/v1/projects/" .. project .. "/measures", headers, body)
    end
    local body = string.format('{"date":"%s","value":%d}', os.date("!%Y-%m-%d", first + updates * 86400), 40 + (updates * 7) % 11)
    return wrk.format("POST", "/api/v1/measures/" .. id .. "/observations", headers, body)
  end
  if creating then
    local body = string.format('{"title":"Benchmark project %d","leadOrganisationId":"%s","stageId":"%s","methodology":"project","visibility":"system"}', number, lead, stage)
    return wrk.format("POST", "/api/v1/projects", headers, body)
  end
  local body = string.format('{"summary":"Benchmark update %d of connection %d","version":%d}', updates + 1, number, version)
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
  local totals = { updates = 0, conflicts = 0, failures = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  io.write(string.format("WAYMARK updates=%d conflicts=%d failures=%d\n", totals.updates, totals.conflicts, totals.failures))
end

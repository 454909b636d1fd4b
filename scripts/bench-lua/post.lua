-- One POST with a JSON body, again and again, for scripts/bench's reads of endpoints that save
-- nothing (the SPC analysis).
--   wrk ... -s post.lua URL -- TOKEN BODY_FILE
function init(args)
  local file = io.open(args[2], "r")
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.headers["Content-Type"] = "application/json"
end

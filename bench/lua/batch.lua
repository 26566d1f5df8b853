-- Batch: BATCH_SIZE cards per request. BATCH_MODE=cached: the same BATCH_SIZE cards 9420000000000000… every
-- request (run.sh warms them first); BATCH_MODE=fresh: never-seen 9420… cards every request.
local size = tonumber(os.getenv("BATCH_SIZE") or "100")
local mode = os.getenv("BATCH_MODE") or "cached"
local counter
local fixed
local function body(start)
  local parts = {}
  for i = 0, size - 1 do parts[#parts + 1] = string.format('"9420%012d"', start + i) end
  return '{"cardNos":[' .. table.concat(parts, ",") .. ']}'
end
function init(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
  counter = 100000000 + math.floor(math.random() * 8e11)
  fixed = body(0)
end
function request()
  local b
  if mode == "fresh" then
    b = body(counter)
    counter = counter + size
  else
    b = fixed
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, b)
end

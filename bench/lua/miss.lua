-- Cache miss: a fresh 9420… card (sandbox: deterministic ACTIVE FIXATION account) on every request.
-- Each thread starts at a random point of the 10^12 space; run.sh flushes Redis before each miss phase.
local counter
function init(args)
  math.randomseed(os.time() * 1000 + (tonumber(args[1]) or 0) + math.floor(os.clock() * 1e6))
  counter = math.floor(math.random() * 9e11)
end
function request()
  counter = counter + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
      string.format('{"cardNo":"9420%012d"}', counter))
end

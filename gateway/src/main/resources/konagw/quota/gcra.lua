-- konagw upstream quota: GCRA over one or more buckets, all or nothing, in one round trip.
-- KEYS[i]      bucket i (konagw:quota:v1:{konaplate}:<name>), value = theoretical arrival time (µs, Redis clock)
-- ARGV[2i-1]   bucket i emission interval (µs per permit)
-- ARGV[2i]     bucket i burst tolerance (µs) = (burst - 1) * interval
-- ARGV[2n+1]   longest wait (µs) a caller accepts for a reserved permit
-- Returns {1, wait_us} when a permit is reserved (use it after wait_us), {0, retry_after_us} when not.
-- The clock is Redis TIME, so every replica agrees on it; nothing but numbers is stored.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local max_wait = tonumber(ARGV[2 * n + 1])
local wait = 0
local tat = {}
for i = 1, n do
  local tolerance = tonumber(ARGV[2 * i])
  tat[i] = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  local w = tat[i] - now - tolerance
  if w > wait then
    wait = w
  end
end
if wait > max_wait then
  return {0, wait - max_wait}
end
-- the call leaves at now + wait (the longest of the buckets' waits): every bucket is booked from then, or a
-- call held back by one bucket would leave together with the calls another bucket admits meanwhile
local departure = now + wait
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local next_tat = math.max(tat[i], departure) + interval
  local ttl_ms = math.ceil((next_tat - now) / 1000) + 60000
  redis.call('SET', KEYS[i], string.format('%.0f', next_tat), 'PX', ttl_ms)
end
return {1, wait}

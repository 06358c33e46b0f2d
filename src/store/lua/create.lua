--[[
  Creates one object and appends its ADDED event, atomically.

  KEYS[1] revision counter        KEYS[2] event stream
  KEYS[3] objects hash             KEYS[4] meta hash
  KEYS[5] namespace index set      KEYS[6] meta hash of namespaces
  ARGV[1] object field (ns/name)   ARGV[2] JSON before the revision
  ARGV[3] JSON after the revision  ARGV[4] qualified resource name
  ARGV[5] namespace ('' when cluster-scoped)
  ARGV[6] name                     ARGV[7] stream max length (approximate)
  KEYS[7] claims hash (unique allocations such as ClusterIPs and NodePorts)
  ARGV[8] claims to take, newline-separated ('' for none)

  Returns: the new revision (> 0), or
    -1  the name is taken
    -2  the namespace does not exist
    -3  the namespace is terminating
    -6  a claim is already taken by another object
]]
if redis.call('HEXISTS', KEYS[4], ARGV[1]) == 1 then return -1 end
if ARGV[5] ~= '' then
  local ns = redis.call('HGET', KEYS[6], ARGV[5])
  if not ns then return -2 end
  if string.sub(ns, -2) == ':d' then return -3 end
end
local claims = {}
for claim in string.gmatch(ARGV[8], '[^\n]+') do
  if redis.call('HEXISTS', KEYS[7], claim) == 1 then return -6 end
  claims[#claims + 1] = claim
end
local rev = redis.call('INCR', KEYS[1])
for _, claim in ipairs(claims) do redis.call('HSET', KEYS[7], claim, ARGV[1]) end
local json = ARGV[2] .. rev .. ARGV[3]
redis.call('HSET', KEYS[3], ARGV[1], json)
redis.call('HSET', KEYS[4], ARGV[1], tostring(rev))
if ARGV[5] ~= '' then redis.call('SADD', KEYS[5], ARGV[6]) end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'ADDED', 'r', ARGV[4], 'k', ARGV[1], 'o', json)
return rev

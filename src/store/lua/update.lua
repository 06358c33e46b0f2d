--[[
  Replaces one object if its revision still matches, and appends its MODIFIED event.

  KEYS[1] revision counter        KEYS[2] event stream
  KEYS[3] objects hash             KEYS[4] meta hash
  ARGV[1] object field (ns/name)   ARGV[2] JSON before the revision
  ARGV[3] JSON after the revision  ARGV[4] qualified resource name
  ARGV[5] expected revision        ARGV[6] '1' when the object is being deleted
  ARGV[7] stream max length (approximate)
  KEYS[5] claims hash (unique allocations such as ClusterIPs and NodePorts)
  ARGV[8] claims to take, newline-separated    ARGV[9] claims to release
  ARGV[10] selectable projection of the replaced version, '' when selectors see no change
           (the event's `p` field, added only when not empty)

  Returns: the new revision (> 0), or
    -4  the object does not exist
    -5  the stored revision differs from the expected one (conflict)
    -6  a claim to take is held by another object
]]
local meta = redis.call('HGET', KEYS[4], ARGV[1])
if not meta then return -4 end
local stored = string.match(meta, '^(%d+)')
if stored ~= ARGV[5] then return -5 end
local claims = {}
for claim in string.gmatch(ARGV[8], '[^\n]+') do
  local owner = redis.call('HGET', KEYS[5], claim)
  if owner and owner ~= ARGV[1] then return -6 end
  claims[#claims + 1] = claim
end
local rev = redis.call('INCR', KEYS[1])
for claim in string.gmatch(ARGV[9], '[^\n]+') do
  if redis.call('HGET', KEYS[5], claim) == ARGV[1] then redis.call('HDEL', KEYS[5], claim) end
end
for _, claim in ipairs(claims) do redis.call('HSET', KEYS[5], claim, ARGV[1]) end
local json = ARGV[2] .. rev .. ARGV[3]
redis.call('HSET', KEYS[3], ARGV[1], json)
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[4], ARGV[1], rev .. ':d')
else
  redis.call('HSET', KEYS[4], ARGV[1], tostring(rev))
end
if ARGV[10] == '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'MODIFIED', 'r', ARGV[4], 'k', ARGV[1], 'o', json)
else
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'MODIFIED', 'r', ARGV[4], 'k', ARGV[1], 'o', json, 'p', ARGV[10])
end
return rev

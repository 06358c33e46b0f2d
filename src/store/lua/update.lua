--[[
  Replaces one object if its revision still matches, and appends its MODIFIED event.

  KEYS[1] revision counter        KEYS[2] event stream
  KEYS[3] objects hash             KEYS[4] meta hash
  ARGV[1] object field (ns/name)   ARGV[2] JSON before the revision
  ARGV[3] JSON after the revision  ARGV[4] qualified resource name
  ARGV[5] expected revision        ARGV[6] '1' when the object is being deleted
  ARGV[7] stream max length (approximate)

  Returns: the new revision (> 0), or
    -4  the object does not exist
    -5  the stored revision differs from the expected one (conflict)
]]
local meta = redis.call('HGET', KEYS[4], ARGV[1])
if not meta then return -4 end
local stored = string.match(meta, '^(%d+)')
if stored ~= ARGV[5] then return -5 end
local rev = redis.call('INCR', KEYS[1])
local json = ARGV[2] .. rev .. ARGV[3]
redis.call('HSET', KEYS[3], ARGV[1], json)
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[4], ARGV[1], rev .. ':d')
else
  redis.call('HSET', KEYS[4], ARGV[1], tostring(rev))
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'MODIFIED', 'r', ARGV[4], 'k', ARGV[1], 'o', json)
return rev

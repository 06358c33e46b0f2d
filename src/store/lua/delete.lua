--[[
  Removes one object if its revision still matches, and appends its DELETED event
  carrying the object's final state at the deletion's revision.

  KEYS[1] revision counter        KEYS[2] event stream
  KEYS[3] objects hash             KEYS[4] meta hash
  KEYS[5] namespace index set
  ARGV[1] object field (ns/name)   ARGV[2] JSON before the revision
  ARGV[3] JSON after the revision  ARGV[4] qualified resource name
  ARGV[5] expected revision        ARGV[6] name
  ARGV[7] stream max length (approximate)
  KEYS[6] claims hash              ARGV[8] claims to release, newline-separated
  ARGV[9] selectable projection of the stored version, '' when the final state's is the same
          (the event's `p` field, added only when not empty)

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
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[6])
for claim in string.gmatch(ARGV[8], '[^\n]+') do
  if redis.call('HGET', KEYS[6], claim) == ARGV[1] then redis.call('HDEL', KEYS[6], claim) end
end
if ARGV[9] == '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'DELETED', 'r', ARGV[4], 'k', ARGV[1], 'o', json)
else
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], rev .. '-0', 't', 'DELETED', 'r', ARGV[4], 'k', ARGV[1], 'o', json, 'p', ARGV[9])
end
return rev

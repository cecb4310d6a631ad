do
  local a <close> = setmetatable({}, {__close = function(_, err) print("closed", err) end})
  local b <const> = 3
end
local co = coroutine.create(function()
  local c <close> = setmetatable({}, {__close = function() error("in close") end})
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))
print(pcall(function() local x <close> = 1 end))

local function rec(n, f)
  if n == 0 then return f() end
  string.gsub("x", "x", function() rec(n - 1, f) end)
end
local co = false
for i = 1, 60 do
  local p = co
  co = coroutine.create(function()
    local c <close> = setmetatable({}, {__close = function()
      rec(190, function() if p then assert(coroutine.close(p)) end end) end})
    coroutine.yield()
  end)
  coroutine.resume(co)
end
print(coroutine.close(co))

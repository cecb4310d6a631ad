local mt = {__index = function(t, k) return k .. "!" end, __newindex = rawset,
  __call = function(self, x) return x end, __len = function() return 42 end,
  __eq = function() return true end, __lt = function() return false end,
  __concat = function(a, b) return "cat" end, __tostring = function() return "T" end,
  __mode = "k", __name = "thing"}
local t = setmetatable({}, mt)
print(t.x, t(3), #t, t == setmetatable({}, mt), t .. "x", tostring(t))
print(getmetatable("").__index == string, pcall(setmetatable, graph, {}))
print(rawequal(t, t), rawlen({1, 2}), select("#", nil, nil), select(-1, 1, 2))
collectgarbage("collect") print(collectgarbage("count") > 0)

print(pcall(error, setmetatable({}, {__tostring = function() return "obj" end})))
print(xpcall(function() local x = nil; return x.y end, debug and debug.traceback or print))
print(pcall(load, "return 1 +"), load("return ...", "=c", "t")(1, 2))
print(pcall(os.execute, "true"), pcall(io.open, "/etc/passwd"), pcall(require, "nope"))
print(math.tointeger(3.0), math.maxinteger + 1 == math.mininteger, 7 // 0.0, pcall(function() return 1 // 0 end))
local ok, e = pcall(string.rep, "x", 1 << 40) print(ok)
goto done
::done::
print(table.concat({1, 2, 3}, ","), table.unpack({1, 2, 3}, 2), next({}))
table.sort({3, 1, 2}, function(a, b) return a > b end)

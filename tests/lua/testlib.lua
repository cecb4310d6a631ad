-- testlib: a small test harness for Lua API tests run by the cpecgraph binary
-- (`cpecgraph -p tests/lua/test_x.lua`, with CPECGRAPH_PATH pointing here).
local T = {passed = 0, failed = 0}

local function describe(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function T.test(name, fn)
  local ok, err = pcall(fn)
  if ok then
    T.passed = T.passed + 1
    print("ok   " .. name)
  else
    T.failed = T.failed + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

function T.eq(actual, expected, what)
  if actual ~= expected then
    error(string.format("%s: expected %s, got %s", what or "value", describe(expected),
                        describe(actual)), 2)
  end
end

function T.near(actual, expected, what, tolerance)
  tolerance = tolerance or 1e-9
  if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
    error(string.format("%s: expected %.12g, got %s", what or "value", expected,
                        describe(actual)), 2)
  end
end

-- Every id of EXPECTED (id -> number) has the same value in ACTUAL, and nothing more.
function T.values(actual, expected, what, tolerance)
  local n = 0
  for id, v in pairs(expected) do
    T.near(actual[id], v, (what or "values") .. "[" .. id .. "]", tolerance)
    n = n + 1
  end
  for _ in pairs(actual) do n = n - 1 end
  T.eq(n, 0, (what or "values") .. ": number of entries")
end

-- FN raises an error whose message contains TEXT (plain, not a pattern).
function T.raises(fn, text)
  local ok, err = pcall(fn)
  if ok then error("expected an error containing '" .. text .. "', got none", 2) end
  if not tostring(err):find(text, 1, true) then
    error(string.format("expected an error containing '%s', got '%s'", text, tostring(err)), 2)
  end
end

-- A graph from {directed = bool, nodes = {"a", ...} or {{id=, ...}}, edges = {{"a", "b", attrs}}}.
function T.graph(spec)
  local g = cpecgraph.graph{directed = spec.directed or false}
  for _, n in ipairs(spec.nodes or {}) do
    g:add_node(type(n) == "table" and n or {id = n})
  end
  for _, e in ipairs(spec.edges or {}) do
    local fields = {source = e[1], target = e[2]}
    for k, v in pairs(e[3] or {}) do fields[k] = v end
    g:add_edge(fields)
  end
  return g
end

function T.done()
  print(string.format("%d passed, %d failed", T.passed, T.failed))
  if T.failed > 0 then error(T.failed .. " test(s) failed", 0) end
end

return T

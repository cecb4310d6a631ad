-- test_measures.lua: measures on small graphs whose values are derived by hand.
local T = require "testlib"

local path = T.graph{nodes = {"a", "b", "c", "d"}, edges = {{"a", "b"}, {"b", "c"}, {"c", "d"}}}
local star = T.graph{nodes = {"s", "1", "2", "3", "4"},
                     edges = {{"s", "1"}, {"s", "2"}, {"s", "3"}, {"s", "4"}}}
local cycle = T.graph{nodes = {"1", "2", "3", "4", "5"},
                      edges = {{"1", "2"}, {"2", "3"}, {"3", "4"}, {"4", "5"}, {"5", "1"}}}
local chain = T.graph{directed = true, nodes = {"a", "b", "c"}, edges = {{"a", "b"}, {"b", "c"}}}

T.test("degree counts edges, normalized divides by n-1", function()
  T.values(path:degree(), {a = 1, b = 2, c = 2, d = 1}, "degree")
  T.values(star:degree{normalized = true}, {s = 1, ["1"] = 0.25, ["2"] = 0.25, ["3"] = 0.25,
                                             ["4"] = 0.25}, "normalized degree")
  T.values(chain:degree{mode = "out"}, {a = 1, b = 1, c = 0}, "out-degree")
end)

T.test("strength sums weights", function()
  local g = T.graph{nodes = {"a", "b", "c"}, edges = {{"a", "b", {w = 2.5}}, {"b", "c", {w = 1}}}}
  T.values(g:strength{weights = "w"}, {a = 2.5, b = 3.5, c = 1}, "strength")
end)

T.test("betweenness on a path: raw pair counts, normalized by unordered pairs", function()
  T.values(path:betweenness(), {a = 0, b = 2, c = 2, d = 0}, "raw")
  T.values(path:betweenness{normalized = true}, {a = 0, b = 2 / 3, c = 2 / 3, d = 0}, "normalized")
end)

T.test("betweenness of a star centre is 1 when normalized", function()
  T.near(star:betweenness{normalized = true}.s, 1, "centre")
  T.near(star:betweenness().s, 6, "raw centre")
end)

T.test("betweenness on a cycle of five", function()
  T.values(cycle:betweenness{normalized = true},
           {["1"] = 1 / 6, ["2"] = 1 / 6, ["3"] = 1 / 6, ["4"] = 1 / 6, ["5"] = 1 / 6}, "cycle")
end)

T.test("directed betweenness is normalized by ordered pairs", function()
  T.values(chain:betweenness(), {a = 0, b = 1, c = 0}, "raw")
  T.values(chain:betweenness{normalized = true}, {a = 0, b = 0.5, c = 0}, "normalized")
  T.values(chain:betweenness{mode = "all"}, {a = 0, b = 1, c = 0}, "ignoring direction")
end)

T.test("closeness on a path", function()
  T.values(path:closeness(), {a = 1 / 6, b = 1 / 4, c = 1 / 4, d = 1 / 6}, "raw")
  T.values(path:closeness{normalized = true}, {a = 0.5, b = 0.75, c = 0.75, d = 0.5}, "normalized")
end)

T.test("closeness uses reachable nodes only, scaled as NetworkX", function()
  local g = T.graph{nodes = {"a", "b", "c"}, edges = {{"a", "b"}}}
  T.values(g:closeness(), {a = 1, b = 1, c = 0}, "raw")
  T.values(g:closeness{normalized = true}, {a = 0.5, b = 0.5, c = 0}, "normalized")
  T.values(chain:closeness{normalized = true}, {a = 2 / 3, b = 0.5, c = 0}, "out")
  T.values(chain:closeness{normalized = true, mode = "in"}, {a = 0, b = 0.5, c = 2 / 3}, "in")
end)

T.test("harmonic sums inverse distances", function()
  T.values(path:harmonic(), {a = 11 / 6, b = 2.5, c = 2.5, d = 11 / 6}, "raw")
  T.values(path:harmonic{normalized = true}, {a = 11 / 18, b = 2.5 / 3, c = 2.5 / 3, d = 11 / 18},
           "normalized")
end)

T.test("eigenvector of a star: centre twice a leaf", function()
  local leaf = 1 / math.sqrt(8)
  T.values(star:eigenvector(), {s = 1, ["1"] = 0.5, ["2"] = 0.5, ["3"] = 0.5, ["4"] = 0.5},
           "max 1", 1e-6)
  T.values(star:eigenvector{normalized = true}, {s = 2 * leaf, ["1"] = leaf, ["2"] = leaf,
                                                  ["3"] = leaf, ["4"] = leaf}, "unit", 1e-6)
end)

T.test("pagerank is uniform on a cycle and sums to one", function()
  T.values(cycle:pagerank(), {["1"] = 0.2, ["2"] = 0.2, ["3"] = 0.2, ["4"] = 0.2, ["5"] = 0.2},
           "cycle", 1e-9)
  local total = 0
  for _, v in pairs(chain:pagerank{damping = 0.5}) do total = total + v end
  T.near(total, 1, "sum", 1e-9)
end)

T.test("pagerank on a directed chain matches the closed form", function()
  -- a -> b -> c with c dangling (its rank spread uniformly), d = damping:
  -- a = (1-d)/3 + d*c/3, b = a_part + d*a, c = ... solved numerically below by iteration
  local d, a, b, c = 0.85, 1 / 3, 1 / 3, 1 / 3
  for _ = 1, 200 do
    local base = (1 - d) / 3 + d * c / 3
    a, b, c = base, base + d * a, base + d * b
  end
  T.values(chain:pagerank(), {a = a, b = b, c = c}, "chain", 1e-9)
end)

T.test("personalized pagerank restarts at the given nodes", function()
  local pr = cycle:pagerank{personalization = {["1"] = 1}}
  T.eq(pr["1"] > pr["2"] and pr["2"] > pr["3"], true, "decreasing away from the restart")
  T.near(pr["2"], pr["5"], "symmetric")
end)

T.test("hubs and authorities", function()
  local g = T.graph{directed = true, nodes = {"a", "b", "c"}, edges = {{"a", "b"}, {"a", "c"}}}
  T.values(g:hubs(), {a = 1, b = 0, c = 0}, "hubs", 1e-9)
  T.values(g:authorities(), {a = 0, b = 1, c = 1}, "authorities", 1e-9)
  T.values(g:authorities{normalized = true}, {a = 0, b = 0.5, c = 0.5}, "sum 1", 1e-9)
end)

T.test("coreness", function()
  local g = T.graph{nodes = {"a", "b", "c", "d"},
                    edges = {{"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "d"}}}
  T.values(g:coreness(), {a = 2, b = 2, c = 2, d = 1}, "coreness")
end)

T.test("weights change shortest paths", function()
  local g = T.graph{nodes = {"a", "b", "c"},
                    edges = {{"a", "b", {len = 1}}, {"b", "c", {len = 1}}, {"a", "c", {len = 5}}}}
  T.values(g:betweenness(), {a = 0, b = 0, c = 0}, "unweighted")
  T.values(g:betweenness{weights = "len"}, {a = 0, b = 1, c = 0}, "weighted")
end)

T.test("options are checked", function()
  T.raises(function() path:pagerank{dampng = 0.5} end, "unknown option 'dampng' (did you mean 'damping'?)")
  T.raises(function() path:closeness{mode = "up"} end, 'mode must be "out", "in" or "all"')
  T.raises(function() path:betweenness{weights = "w"} end, "has no numeric 'w' for weights")
  T.raises(function() path:pagerank{damping = "x"} end, "option 'damping' must be a number")
  T.raises(function() path:pagerank{personalization = {zz = 1}} end, "unknown node 'zz'")
end)

T.test("an empty graph gives empty results", function()
  local g = cpecgraph.graph()
  T.eq(next(g:pagerank()), nil, "pagerank")
  T.eq(next(g:betweenness()), nil, "betweenness")
  T.eq(g:communities().count, 0, "communities")
end)

T.done()

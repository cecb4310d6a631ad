-- test_api.lua: the graph API: lookups, handles, attributes, iteration with filters, changes to
-- the structure, subgraphs, components, paths and communities.
local T = require "testlib"

local function fresh()
  return T.graph{directed = true,
    nodes = {{id = "pk", type = "country", label = "Pakistan", aliases = {"Pakistan", "PK"},
              info = {founded = 1947, tags = {"a", "b"}}},
             {id = "cn", type = "country", label = "China"},
             {id = "wy", type = "person", label = "Wang Yi"},
             {id = "gw", type = "port", label = "Gwadar"}},
    edges = {{"wy", "cn", {type = "foreign_minister_of", evidence = "Chinese Foreign Minister"}},
             {"gw", "pk", {type = "located_in", weight = 2}},
             {"cn", "pk", {type = "partner_of"}},
             {"cn", "pk", {type = "invests_in"}}}}
end

T.test("counts, direction and graph attributes", function()
  local g = fresh()
  T.eq(g:node_count(), 4, "nodes")
  T.eq(g:edge_count(), 4, "edges")
  T.eq(g.directed, true, "directed")
  g.attrs.name = "test"
  T.eq(g.attrs.name, "test", "graph attribute")
  T.eq(tostring(g), "graph (directed, 4 nodes, 4 edges)", "tostring")
end)

T.test("node lookup and attributes, nested values as tables", function()
  local g = fresh()
  local pk = g:node("pk")
  T.eq(pk.id, "pk", "id")
  T.eq(pk.label, "Pakistan", "label")
  T.eq(pk.aliases[2], "PK", "array attribute")
  T.eq(pk.info.founded, 1947, "nested integer")
  T.eq(math.type(pk.info.founded), "integer", "integers stay integers")
  T.eq(pk.info.tags[1], "a", "nested array")
  T.eq(pk.missing, nil, "absent attribute")
  T.eq(g:node("nope"), nil, "unknown id")
  T.eq(g:node("pk"), pk, "one handle per node")
end)

T.test("attributes can be set, replaced and removed", function()
  local g = fresh()
  local pk = g:node("pk")
  pk.score = 0.5
  pk.list = {1, 2, {x = cpecgraph.null}}
  pk.label = nil
  T.eq(pk.score, 0.5, "set")
  T.eq(pk.list[3].x, cpecgraph.null, "null inside a table")
  T.eq(pk.label, nil, "removed")
  T.eq(pk.attrs.score, 0.5, "through attrs")
  T.raises(function() pk.id = "x" end, "cannot set 'id' of a node")
  T.raises(function() pk.bad = function() end end, "cannot store a function in an attribute")
  T.raises(function() pk.bad = 0 / 0 end, "cannot store nan")
  T.raises(function() pk.bad = {1, x = 2} end, "both list items and named fields")
  T.raises(function() pk.bad = {[true] = 1} end, "cannot store a table with boolean keys")
  local seen = {}
  for k in pairs(pk) do seen[#seen + 1] = k end
  T.eq(table.concat(seen, ","), "aliases,info,type,score,list", "pairs in attribute order")
  T.eq(cpecgraph.to_json({b = 1, a = {d = 1, c = 2}}), '{"a":{"c":2,"d":1},"b":1}',
       "object keys come out sorted")
end)

T.test("degree, neighbours and incident edges of a node", function()
  local g = fresh()
  local cn = g:node("cn")
  T.eq(cn:degree(), 3, "all")
  T.eq(cn:degree("out"), 2, "out")
  T.eq(cn:degree("in"), 1, "in")
  local out = cn:neighbors("out")
  T.eq(#out, 2, "out-neighbours with the multi-edge")
  T.eq(out[1].id, "pk", "neighbour handle")
  local edges = cn:edges("in")
  T.eq(#edges, 1, "in-edges")
  T.eq(edges[1].source.id, "wy", "edge source")
  T.eq(edges[1].evidence, "Chinese Foreign Minister", "edge attribute")
end)

T.test("iteration with attribute filters and predicates", function()
  local g = fresh()
  local ids = {}
  for n in g:nodes{type = "country"} do ids[#ids + 1] = n.id end
  T.eq(table.concat(ids, ","), "pk,cn", "filter table")
  ids = {}
  for n in g:nodes(function(n) return n.label:find("a") end) do ids[#ids + 1] = n.id end
  T.eq(table.concat(ids, ","), "pk,cn,wy,gw", "predicate")
  local count = 0
  for _ in g:edges{source = "cn", target = "pk"} do count = count + 1 end
  T.eq(count, 2, "edge filter by ends")
  for e in g:edges{type = "located_in"} do T.eq(e.weight, 2, "edge filter by attribute") end
  T.raises(function() g:nodes(42) end, "table or function expected")
end)

T.test("adding nodes and edges", function()
  local g = fresh()
  local n = g:add_node{id = "kb", type = "city", label = "Kabul"}
  T.eq(n.label, "Kabul", "new node")
  local e = g:add_edge{source = "kb", target = g:node("pk"), type = "near", weight = 1.5}
  T.eq(e.source, n, "edge source handle")
  T.eq(e.weight, 1.5, "edge attribute")
  T.eq(g:edge_count(), 5, "edges")
  T.raises(function() g:add_node{id = "pk"} end, "node 'pk' already exists")
  T.raises(function() g:add_node{label = "x"} end, "table with an 'id'")
  T.raises(function() g:add_edge{source = "kb", target = "pakstan"} end,
           "unknown node 'pakstan' as 'target'")
end)

T.test("removing nodes invalidates their handles, not the others", function()
  local g = fresh()
  local gw, pk, e = g:node("gw"), g:node("pk"), nil
  for edge in g:edges{type = "located_in"} do e = edge end
  T.eq(g:remove_nodes{"gw"}, 1, "removed")
  T.eq(g:node_count(), 3, "nodes left")
  T.eq(g:edge_count(), 3, "edges left")
  T.raises(function() return gw.label end, "this node has been removed from its graph")
  T.raises(function() return e.type end, "this edge has been removed from its graph")
  T.eq(pk.label, "Pakistan", "other handles still work")
  T.eq(tostring(gw), "node (removed)", "tostring of a removed node")
  T.raises(function() g:remove_nodes{"zz"} end, "unknown node 'zz' in the list")
end)

T.test("removing edges", function()
  local g = fresh()
  local doomed = {}
  for e in g:edges{type = "invests_in"} do doomed[#doomed + 1] = e end
  T.eq(g:remove_edges(doomed), 1, "removed")
  T.eq(g:edge_count(), 3, "left")
end)

T.test("removing nodes while iterating is safe", function()
  local g = fresh()
  local seen = 0
  for n in g:nodes() do
    seen = seen + 1
    if n.id == "pk" then g:remove_nodes{"cn"} end
  end
  T.eq(seen, 3, "the removed node is skipped")
end)

T.test("subgraphs keep attributes and are independent copies", function()
  local g = fresh()
  local sub = g:subgraph{"pk", "cn"}
  T.eq(sub:node_count(), 2, "nodes")
  T.eq(sub:edge_count(), 2, "the two edges between them")
  T.eq(sub:node("pk").info.tags[2], "b", "nested attribute kept")
  sub:node("pk").label = "changed"
  T.eq(g:node("pk").label, "Pakistan", "original untouched")
  local countries = g:subgraph{type = "country"}
  T.eq(countries:node_count(), 2, "by filter")
  local people = g:subgraph(function(n) return n.type == "person" end)
  T.eq(people:node_count(), 1, "by predicate")
  T.eq(g:subgraph{}:node_count(), 0, "empty list")
end)

T.test("ego graphs by radius and direction", function()
  local g = fresh()
  T.eq(g:ego("cn", 1):node_count(), 3, "radius 1")
  T.eq(g:ego("wy", 2):node_count(), 3, "radius 2")
  T.eq(g:ego("wy", 2, "in"):node_count(), 1, "nothing points to wy")
  T.eq(g:ego("gw", 0):node_count(), 1, "radius 0")
  T.eq(g:ego("cn", 1):node("wy").label, "Wang Yi", "attributes kept")
end)

T.test("components, largest first", function()
  local g = T.graph{nodes = {"a", "b", "c", "d", "e"}, edges = {{"a", "b"}, {"d", "e"}, {"e", "c"}}}
  local parts = g:components()
  T.eq(#parts, 2, "count")
  T.eq(table.concat(parts[1], ","), "c,d,e", "largest")
  T.eq(table.concat(parts[2], ","), "a,b", "second")
  local d = T.graph{directed = true, nodes = {"a", "b", "c"},
                    edges = {{"a", "b"}, {"b", "a"}, {"b", "c"}}}
  T.eq(#d:components("strong"), 2, "strong")
  T.eq(#d:components("weak"), 1, "weak")
end)

T.test("shortest paths with edges and weights", function()
  local g = fresh()
  local nodes, edges = g:shortest_path("wy", "pk")
  T.eq(table.concat(nodes, ","), "wy,cn,pk", "nodes")
  T.eq(edges[1].type, "foreign_minister_of", "first hop")
  T.eq(g:shortest_path("pk", "wy"), nil, "against the direction")
  nodes = g:shortest_path("pk", "wy", {mode = "all"})
  T.eq(#nodes, 3, "ignoring direction")
  local all = g:shortest_paths("wy", "pk")
  T.eq(#all, 2, "the two parallel edges give two paths")
  T.eq(#g:shortest_paths("wy", "gw", {mode = "all", k = 3}), 2, "k shortest")
  T.raises(function() g:shortest_path("wy", "nope") end, "unknown node 'nope'")
end)

T.test("communities are numbered by size and reproducible", function()
  local g = T.graph{nodes = {"a1", "a2", "a3", "a4", "b1", "b2", "b3"},
    edges = {{"a1", "a2"}, {"a1", "a3"}, {"a1", "a4"}, {"a2", "a3"}, {"a2", "a4"}, {"a3", "a4"},
             {"b1", "b2"}, {"b2", "b3"}, {"b3", "b1"}, {"a4", "b1"}}}
  for _, method in ipairs{"louvain", "leiden", "label_propagation", "walktrap", "infomap"} do
    local c = g:communities{method = method}
    T.eq(c.count, 2, method .. " count")
    T.eq(c.membership.a1, 1, method .. " largest first")
    T.eq(c.membership.b3, 2, method .. " second")
    T.eq(#c.groups[1], 4, method .. " group size")
    -- modularity of {a*}, {b*}: m = 10, by hand: 0.35
    T.near(c.modularity, 0.355, method .. " modularity", 0.0051)
  end
  T.raises(function() g:communities{method = "magic"} end, "unknown method 'magic'")
end)

T.test("edges of another graph are refused", function()
  local big = fresh()
  local small = T.graph{nodes = {"x"}}
  local edge
  for e in big:edges() do edge = e end
  T.raises(function() small:remove_edges{edge} end, "edge belongs to another graph")
end)

T.test("a subgraph predicate may change the graph", function()
  local g = fresh()
  local n = 0
  local sub = g:subgraph(function(node)
    n = n + 1
    g:add_node{id = "new" .. n}
    return true
  end)
  T.eq(sub:node_count(), 4, "the nodes accepted while iterating")
end)

T.test("filters and personalization accept integer ids", function()
  local g = T.graph{nodes = {"0", "1"}, edges = {{"0", "1"}}}
  local count = 0
  for _ in g:nodes{id = 0} do count = count + 1 end
  T.eq(count, 1, "integer id in a filter")
  T.eq(g:pagerank{personalization = {[0] = 1}}["0"] > 0.5, true, "integer key")
end)

T.test("attribute names are case-sensitive", function()
  local g = fresh()
  local n = g:node("pk")
  n.Weight = 1
  n.weight = 2
  T.eq(n.Weight, 1, "Weight")
  T.eq(n.weight, 2, "weight")
end)

T.test("values that would expand without end are refused", function()
  local t = {1}
  for _ = 1, 40 do t = {t, t} end
  T.raises(function() fresh():node("pk").x = t end, "attribute value too large")
end)

T.test("JSON helpers", function()
  T.eq(cpecgraph.to_json({1, 2.5, "x", true, cpecgraph.null}), '[1,2.5,"x",true,null]', "to_json")
  local v = cpecgraph.from_json('{"a": [1, {"b": null}]}')
  T.eq(v.a[2].b, cpecgraph.null, "from_json")
  local nothing, err = cpecgraph.from_json("[1,]")
  T.eq(nothing, nil, "bad JSON")
  T.eq(err, "1:3: trailing comma before ']'", "its message")
end)

T.test("errors name the function and the argument", function()
  local g = fresh()
  T.raises(function() g:node(nil) end, "bad argument #1 to 'node' (string expected, got nil)")
  T.raises(function() g:ego("pk", -1) end, "radius must be 0 or more")
  T.raises(function() g.nodes = 1 end, "cannot set 'nodes' of a graph")
end)

T.done()

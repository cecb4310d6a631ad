-- test_columns.lua: attributes as columns seen from Lua: whole columns, their types, ends and
-- adjacency by position, subgraphs of edges, handles that outlive their graph, the text helpers.
local T = require "testlib"

local function fresh()
  return T.graph{directed = true,
    nodes = {{id = "pk", type = "country", label = "Pakistan", pop = 240},
             {id = "cn", type = "country", label = "China", pop = 1410},
             {id = "wy", type = "person", label = "Wang Yi"},
             {id = "gw", type = "port"}},
    edges = {{"wy", "cn", {type = "minister_of", weight = 1.5}},
             {"gw", "pk", {type = "located_in", weight = 2}},
             {"cn", "pk", {type = "partner_of", weight = 0.5}}}}
end

T.test("a whole column, with holes or a default where values are missing", function()
  local g = fresh()
  local labels, n = g:column("label", "nodes")
  T.eq(n, 4, "count")
  T.eq(labels[1], "Pakistan", "first")
  T.eq(labels[3], "Wang Yi", "third")
  T.eq(labels[4], nil, "missing")
  local filled = g:column("label", "nodes", "?")
  T.eq(filled[4], "?", "default")
  local weights = g:column("weight")  -- only edges have it: no domain needed
  T.eq(weights[2], 2, "edge column")
  T.eq(math.type(weights[2]), "integer", "each value keeps its type")
  T.eq(math.type(weights[1]), "float", "float")
  local none = g:column("nothing", "edges", 0)
  T.eq(#none, 3, "a column no element has: defaults")
  T.raises(function() g:column("type") end, "both nodes and edges have 'type'")
  T.raises(function() g:column("nothing") end, "neither nodes nor edges have 'nothing'")
  T.raises(function() g:column("type", "vertices") end, "invalid option 'vertices'")
end)

T.test("set_column stores a whole column, checked first", function()
  local g = fresh()
  g:set_column("rank", "nodes", {3, 1, 2, nil})
  T.eq(g:node("cn").rank, 1, "stored")
  T.eq(g:node("gw").rank, nil, "nil stores nothing")
  T.raises(function() g:set_column("rank", "nodes", {1, print}) end, "cannot store a function")
  T.eq(g:node("cn").rank, 1, "a bad value changes nothing")
  g:set_column("pop", "nodes", {})
  T.eq(g:node("pk").pop, nil, "an empty list removes the values")
end)

T.test("columns lists the names with their types and counts", function()
  local g = fresh()
  g:node("wy").pop = "unknown"  -- a string among integers: mixed
  local columns = g:columns("nodes")
  T.eq(#columns, 3, "label, pop, type")
  T.eq(columns[1].name, "label", "made first (add_node makes them in name order)")
  T.eq(columns[1].type, "string", "string")
  T.eq(columns[2].name .. " " .. columns[2].type, "pop mixed", "mixed")
  T.eq(columns[2].count, 3, "count")
  local edges = g:columns("edges")
  T.eq(edges[2].name .. " " .. edges[2].type, "weight mixed", "integers among floats")
  g:node("pk").type = nil
  g:node("cn").type = nil
  g:node("wy").type = nil
  g:node("gw").type = nil
  T.eq(#g:columns("nodes"), 2, "a column with no values is not listed")
end)

T.test("ids, ends and adjacency by position", function()
  local g = fresh()
  local ids = g:ids()
  T.eq(table.concat(ids, " "), "pk cn wy gw", "ids")
  local sources, targets = g:ends()
  T.eq(ids[sources[1]] .. ">" .. ids[targets[1]], "wy>cn", "first edge")
  T.eq(ids[sources[3]] .. ">" .. ids[targets[3]], "cn>pk", "third edge")
  local out = g:adjacency("out")
  T.eq(#out[3], 1, "wy has one out-neighbour")
  T.eq(ids[out[3][1]], "cn", "which is cn")
  T.eq(#g:adjacency()[1], 2, "pk: two edges in all")
  T.eq(g:node_at(2).id, "cn", "node_at")
  T.eq(g:edge_at(3).type, "partner_of", "edge_at")
  T.eq(g:node_at(5), nil, "past the end")
  T.eq(g:node("wy"):index(), 3, "index")
  g:remove_nodes{"pk"}
  T.eq(g:node("wy"):index(), 2, "renumbered after a removal")
end)

T.test("subgraph_edges keeps the edges given and the nodes they join", function()
  local g = fresh()
  local h = g:subgraph_edges{type = "located_in"}
  T.eq(h:node_count() .. " " .. h:edge_count(), "2 1", "one edge and its ends")
  T.eq(h:node("gw").type, "port", "attributes copied")
  T.eq(h:edges()().weight, 2, "edge attributes copied")
  local all = g:subgraph_edges(function(e) return e.weight < 1.6 end, {all_nodes = true})
  T.eq(all:node_count() .. " " .. all:edge_count(), "4 2", "every node kept")
  local list = g:subgraph_edges{g:edge_at(1)}
  T.eq(list:edge_count(), 1, "a list of edges")
  T.raises(function() g:subgraph_edges{fresh():edge_at(1)} end, "edge belongs to another graph")
  T.raises(function() g:subgraph_edges({}, {all = true}) end, "unknown option 'all'")
end)

T.test("handles are light: equal, usable as keys, with no graph kept alive", function()
  local g = fresh()
  local a, b = g:node("pk"), g:node("pk")
  T.eq(rawequal(a, b), true, "the same value")
  local seen = {[a] = true}
  T.eq(seen[b], true, "table keys")
  T.eq(getmetatable(a), "cpecgraph.Node", "getmetatable names the kind")
  T.eq(getmetatable(g:edge_at(1)), "cpecgraph.Edge", "edges")
  T.eq(tostring(cpecgraph.null), "null", "null")
  local orphan = fresh():node("pk")
  collectgarbage()
  collectgarbage()
  T.raises(function() return orphan.label end, "this node's graph no longer exists")
  T.raises(function() return cpecgraph.null.x end, "attempt to index cpecgraph.null")
end)

T.test("values keep their types through columns, as in a file", function()
  local g = cpecgraph.graph()
  local n = g:add_node{id = "x", i = 1, f = 1.0, s = "1", b = true, j = {1, {a = 2}}, e = cpecgraph.array()}
  T.eq(math.type(n.i), "integer", "integer")
  T.eq(math.type(n.f), "float", "float")
  T.eq(n.s, "1", "string")
  T.eq(n.b, true, "boolean")
  T.eq(n.j[2].a, 2, "nested")
  T.eq(cpecgraph.to_json(n.e), "[]", "an empty array stays one")
  n.i = "now text"
  T.eq(n.i, "now text", "the only value of a column may change its type")
  local m = g:add_node{id = "y", i = 2}
  T.eq(n.i .. " " .. m.i, "now text 2", "two types in one column")
  T.eq(math.type(m.i), "integer", "each keeps its own")
end)

T.test("text helpers escape for each format and join in templates", function()
  local text = cpecgraph.text
  T.eq(text.xml("a<b & c\1"), "a&lt;b &amp; c\239\191\189", "xml text")
  T.eq(text.xml_attr('say "hi"\n'), "say &quot;hi&quot;&#10;", "xml attribute")
  T.eq(text.dot('a "b"\r\nc\\'), '"a \\"b\\"\\nc\\\\"', "dot")
  T.eq(text.json("tab\t"), '"tab\\t"', "json string")
  T.eq(text.json({1, true}), "[1,true]", "json value")
  T.eq(text.csv("a,b"), '"a,b"', "csv quoted")
  T.eq(text.csv(nil) .. text.csv(cpecgraph.null), "", "csv empty")
  T.eq(text.number(0.1 + 0.2) .. " " .. text.number(3.0) .. " " .. text.number(7),
       "0.30000000000000004 3.0 7", "numbers exact")
  local pieces = {}
  local buf = text.buffer(function(s) pieces[#pieces + 1] = s end)
  buf:format('<n id="%a"%{ w="%s"%}/>', "a&b", nil):add(" ", 1, " ", true)
  buf:rows("%s=%j%[ (%j)%];", 2, {"x", "y"}, {1.5, "z"}, {cpecgraph.null})
  buf:flush()
  T.eq(table.concat(pieces), '<n id="a&amp;b"/> 1 truex=1.5 (null);y="z";', "templates")
  T.raises(function() buf:format("%z", 1) end, "unknown directive '%z'")
  T.raises(function() buf:format("%{%x", 1) end, "a group is not closed")
  T.raises(function() text.buffer():flush():add("x"):flush() end, "no write function")
end)

T.done()

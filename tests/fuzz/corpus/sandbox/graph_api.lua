print(graph:node_count(), graph:edge_count(), graph.directed)
for n in graph:nodes{type = "person"} do local _ = n.id, n:degree(), n.attrs.club end
local pr = graph:pagerank{damping = 0.85}
local bt = graph:betweenness{normalized = true}
local sub = graph:subgraph(function(n) return n:degree() > 3 end)
print(sub:node_count(), graph:ego("0", 2):node_count(), #graph:components())
local g = cpecgraph.graph{directed = true}
local a = g:add_node{id = "a", label = "A", w = 1.5, tags = {"x", "y"}}
g:add_node{id = "b"} g:add_edge{source = "a", target = "b", type = "t"}
print(g:shortest_path("a", "b"), pcall(g.add_edge, g, {source = "a", target = "zz"}))
print(cpecgraph.to_json({1, 2, {a = "b"}}), cpecgraph.from_json("[1, {\"x\": null}]"))
local c = graph:communities{method = "louvain"}
print(#c.groups, c.modularity, graph:column("club"), #graph:ids())
print(pcall(graph.remove_nodes, graph, {"0", "1"}), graph:node_count())

-- dot.lua: draw the graph in Graphviz's DOT language: `cpecgraph -p dot | dot -Tsvg > g.svg`.
-- Node types get shapes and colour-blind-safe colours with a legend; edges carry their relation
-- as a label and their evidence as a tooltip. All text from the data is quoted by cpg.dot.
local dot = require "cpg.dot"
local format = require "cpg.format"
local measures = require "cpg.measures"
local resolve = require "cpg.resolve"

local plugin = {
  name = "dot",
  version = "1.0",
  description = "Draw the graph as Graphviz DOT: styled node types with a legend, relation " ..
                "labels, evidence tooltips, clusters, highlighted paths, neighbourhoods.",
  usage = [[
  cpecgraph -p dot | dot -Tsvg > cpec.svg
  cpecgraph -p dot -a cluster=community -a size=pagerank my.json | dot -Tsvg > my.svg
  cpecgraph -p dot -a highlight=wang_yi,gwadar | dot -Tpng > path.png
  cpecgraph -p dot -a ego=ishaq_dar -a radius=1 | dot -Tsvg > dar.svg]],
  args = {
    cluster = {type = "string", default = "none", choices = {"type", "community", "none"},
               help = "group nodes in boxes by their type or by community (Louvain); the dot " ..
                      "and fdp engines draw boxes, the others ignore them"},
    edge_labels = {type = "boolean", default = true, help = "label edges with their relation type"},
    size = {type = "string", choices = measures.names,
            help = "scale nodes by this measure (e.g. pagerank)"},
    highlight = {type = "list", help = "two nodes (id, label or alias): draw the shortest " ..
                                       "relation path between them in bold"},
    ego = {type = "string", help = "draw only this node's neighbourhood"},
    radius = {type = "integer", default = 1, help = "steps around the ego node"},
    rankdir = {type = "string", default = "LR", choices = {"LR", "TB", "RL", "BT"},
               help = "direction of the dot layout"},
    layout = {type = "string", default = "auto",
              choices = {"auto", "dot", "neato", "sfdp", "fdp", "circo"},
              help = "Graphviz engine; auto picks dot up to 150 nodes and 300 edges, else sfdp"},
    legend = {type = "boolean", default = true, help = "draw a legend of the node types"},
  },
}

local HIGHLIGHT = "#000000" -- no node type is black, so the path stands out from every fill

local function sorted_types(graph)
  local seen, types = {}, {}
  for node in graph:nodes() do
    local t = format.kind(node)
    if t ~= "" and not seen[t] then
      seen[t] = true
      types[#types + 1] = t
    end
  end
  table.sort(types)
  return types
end

local function choose_layout(graph, args)
  if args.layout ~= "auto" then return args.layout end
  return (graph:node_count() <= 150 and graph:edge_count() <= 300) and "dot" or "sfdp"
end

-- The nodes and edges on the shortest path between the two highlighted nodes (any direction).
local function highlighted(graph, names)
  local on = {nodes = {}, edges = {}}
  if not names or #names == 0 then return on end
  if #names ~= 2 then cpecgraph.usage("argument 'highlight': give two nodes, -a highlight=A,B") end
  local a = resolve.node(graph, names[1], "argument 'highlight'")
  local b = resolve.node(graph, names[2], "argument 'highlight'")
  local nodes, edges = graph:shortest_path(a, b, {mode = "all"})
  if not nodes then
    cpecgraph.usage(string.format("argument 'highlight': no path links '%s' and '%s'", a.id, b.id))
  end
  for _, id in ipairs(nodes) do on.nodes[id] = true end
  for _, e in ipairs(edges) do on.edges[e] = true end
  return on
end

-- id -> value in [0, 1] of the measure named by size=, scaled by its maximum.
local function node_scale(graph, args)
  if not args.size then return nil end
  local values = measures.compute(graph, args.size, {normalized = true})
  local top = 0
  for _, v in pairs(values) do top = math.max(top, v) end
  for id, v in pairs(values) do values[id] = top > 0 and v / top or 0 end
  return values
end

local function node_attributes(node, style, scale, on_path)
  local attrs = {label = dot.wrap(format.label(node), 22), shape = style.shape,
                 fillcolor = style.fillcolor, fontcolor = style.fontcolor,
                 tooltip = node.id .. (type(node.description) == "string"
                                       and ": " .. node.description or "")}
  local url = dot.url(node.url)
  if url then attrs.URL = url end
  if scale then
    local v = scale[node.id]
    attrs.width, attrs.height, attrs.fontsize = 0.75 + 1.5 * v, 0.5 + v, 10 + 8 * v
  end
  if on_path then attrs.penwidth, attrs.color = 4, HIGHLIGHT end
  return attrs
end

local function edge_attributes(edge, args, on_path)
  local attrs = {}
  local kind = format.kind(edge)
  if args.edge_labels and kind ~= "" then attrs.label = kind end
  local evidence = edge.evidence
  attrs.tooltip = type(evidence) == "string" and evidence or kind
  local url = dot.url(edge.url)
  if url then attrs.URL = url end
  if on_path then attrs.penwidth, attrs.color, attrs.fontcolor = 4, HIGHLIGHT, HIGHLIGHT end
  return attrs
end

-- id -> cluster name: the node's type, its community, or nothing.
local function cluster_of(graph, args)
  if args.cluster == "type" then
    local of = {}
    for node in graph:nodes() do of[node.id] = format.kind(node) ~= "" and format.kind(node) end
    return of
  elseif args.cluster == "community" then
    local of = {}
    for id, c in pairs(graph:communities{method = "louvain"}.membership) do
      of[id] = "community " .. c
    end
    return of
  end
  return {}
end

-- DOT names are n1, n2, ...: data ids never become DOT syntax (keywords, backslashes, quotes).
local function dot_names(graph)
  local names, i = {}, 0
  for node in graph:nodes() do
    i = i + 1
    names[node.id] = "n" .. i
  end
  return names
end

local function write_nodes(graph, names_of, styles, scale, on, clusters)
  local by_cluster, names = {}, {}
  for node in graph:nodes() do
    local style = styles[format.kind(node)] or {shape = "ellipse", fillcolor = "white"}
    local line = "  " .. names_of[node.id] .. " " ..
                 dot.attributes(node_attributes(node, style, scale, on.nodes[node.id])) .. ";\n"
    local c = clusters[node.id]
    if c then
      if not by_cluster[c] then by_cluster[c] = {}; names[#names + 1] = c end
      table.insert(by_cluster[c], line)
    else
      io.write(line)
    end
  end
  table.sort(names)
  for i, c in ipairs(names) do
    io.write(string.format("  subgraph cluster_%d {\n    label=%s; style=\"rounded,dashed\"; " ..
                           "color=\"#999999\";\n", i, dot.quote(c)))
    for _, line in ipairs(by_cluster[c]) do io.write("  ", line) end
    io.write("  }\n")
  end
end

local function write_edges(graph, names_of, args, on)
  local arrow = graph.directed and " -> " or " -- "
  for edge in graph:edges() do
    io.write("  ", names_of[edge.source.id], arrow, names_of[edge.target.id], " ",
             dot.attributes(edge_attributes(edge, args, on.edges[edge])), ";\n")
  end
end

-- The legend is an HTML-like table in the graph's label: it stays below the drawing whatever
-- the engine, instead of floating among the nodes like a cluster of sample nodes would.
local LEGEND_COLUMNS = 6

local function write_legend(types, styles)
  if #types == 0 then return end
  local cells, rows = {}, {}
  for i, t in ipairs(types) do
    local s = styles[t]
    cells[#cells + 1] = string.format('<td bgcolor="%s"><font color="%s">%s</font></td>' ..
                                      '<td align="left">%s</td>', s.fillcolor, s.fontcolor,
                                      dot.html(s.shape), dot.html(t))
    if #cells == LEGEND_COLUMNS or i == #types then
      rows[#rows + 1] = "<tr>" .. table.concat(cells) .. "</tr>"
      cells = {}
    end
  end
  io.write('  labelloc=b; label=<<table border="0" cellborder="0" cellspacing="4">',
           '<tr><td colspan="', 2 * LEGEND_COLUMNS, '" align="left"><b>node types</b></td></tr>',
           table.concat(rows), "</table>>;\n")
end

local function write_header(graph, layout, args)
  local name = type(graph.attrs.name) == "string" and graph.attrs.name or "graph"
  io.write(graph.directed and "digraph " or "graph ", dot.quote(name), " {\n")
  -- the engine is written into the file only when chosen, or when dot would be too slow: a
  -- small graph then opens with whichever engine the user runs (dot, neato, sfdp)
  if layout ~= "dot" or args.layout == "dot" then io.write("  layout=", layout, ";\n") end
  -- newrank: dot's older ranking fails to route edge labels between clusters ("Something is
  -- probably seriously wrong"); overlap=prism keeps neato and sfdp nodes apart
  io.write("  rankdir=", args.rankdir, "; newrank=true; fontname=\"Helvetica\"; overlap=prism; ",
           "outputorder=edgesfirst;\n")
  io.write("  node [style=\"filled\", fontname=\"Helvetica\", fontsize=11, penwidth=1];\n")
  io.write("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"",
           "];\n")
end

function plugin.run(graph, args)
  -- styles come from the whole graph, so that a type looks the same in every drawing of it
  local styles = dot.styles_for(sorted_types(graph))
  if args.ego then
    if args.radius < 0 then cpecgraph.usage("argument 'radius': must be 0 or more") end
    graph = graph:ego(resolve.node(graph, args.ego, "argument 'ego'"), args.radius)
  end
  local on = highlighted(graph, args.highlight)
  local layout = choose_layout(graph, args)
  local types = sorted_types(graph)
  local names = dot_names(graph)
  write_header(graph, layout, args)
  local boxes = (layout == "dot" or layout == "fdp") and cluster_of(graph, args) or {}
  write_nodes(graph, names, styles, node_scale(graph, args), on, boxes)
  write_edges(graph, names, args, on)
  if args.legend then write_legend(types, styles) end
  io.write("}\n")
end

return plugin

-- dot.lua: draw the graph in Graphviz's DOT language: `cpecgraph -p dot | dot -Tsvg > g.svg`.
-- Node types get shapes and colour-blind-safe colours with a legend; edges carry their relation
-- as a label and their evidence as a tooltip. All text from the data is quoted by cpg.dot.
local dot = require "cpg.dot"
local measures = require "cpg.measures"
local format = require "cpg.format"
local resolve = require "cpg.resolve"

local plugin = {
  name = "dot",
  version = "1.1",
  description = "Draw the graph as Graphviz DOT: styled node types with a legend, relation " ..
                "labels, evidence tooltips, clusters, highlighted paths, neighbourhoods, " ..
                "time windows and dates.",
  usage = [[
  cpecgraph -p dot | dot -Tsvg > cpec.svg
  cpecgraph -p dot -a cluster=community -a size=pagerank my.json | dot -Tsvg > my.svg
  cpecgraph -p dot -a highlight=wang_yi,gwadar | dot -Tpng > path.png
  cpecgraph -p dot -a ego=ishaq_dar -a radius=1 | dot -Tsvg > dar.svg
  cpecgraph -p dot -a from=2015 -a to=2016 -a dates=true dated.json | dot -Tsvg > w.svg]],
  args = {
    cluster = {type = "string", default = "none", choices = {"type", "community", "none"},
               help = "group nodes in boxes by their type or by community (Louvain); the dot " ..
                      "and fdp engines draw boxes, the others ignore them"},
    edge_labels = {type = "boolean", default = true, help = "label edges with their relation type"},
    size = {type = "string", choices = measures.names,
            help = "scale nodes by this measure (e.g. pagerank)"},
    highlight = {type = "list", help = "two nodes (id, label, name or alias): draw the shortest " ..
                                       "relation path between them in bold"},
    ego = {type = "string", help = "draw only this node's neighbourhood"},
    radius = {type = "integer", default = 1, help = "steps around the ego node"},
    rankdir = {type = "string", default = "LR", choices = {"LR", "TB", "RL", "BT"},
               help = "direction of the dot layout"},
    layout = {type = "string", default = "auto",
              choices = {"auto", "dot", "neato", "sfdp", "fdp", "circo"},
              help = "Graphviz engine; auto picks dot up to 150 nodes and 300 edges, else sfdp"},
    legend = {type = "boolean", default = true, help = "draw a legend of the node types"},
    from = {type = "string", help = "draw only the relations whose time meets this date or " ..
                                    "later (ISO 8601, full or partial, as --since)"},
    to = {type = "string", help = "draw only the relations whose time meets this date or " ..
                                  "earlier (as --until)"},
    undated = {type = "string", default = "keep", choices = {"keep", "drop"},
               help = "what from and to do with relations that have no time"},
    dates = {type = "boolean", default = false,
             help = "add each relation's time to its label and tooltip"},
  },
}

local HIGHLIGHT = "#000000" -- no node type is black, so the path stands out from every fill
local text = cpecgraph.text

-- The "type" of every node as text ("" when it has none), in graph order.
local function node_kinds(graph)
  local kinds, n = graph:column("type", "nodes")
  for i = 1, n do
    if type(kinds[i]) ~= "string" then kinds[i] = "" end
  end
  return kinds
end

local function sorted_types(graph)
  local seen, types = {}, {}
  for _, t in ipairs(node_kinds(graph)) do
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

-- The positions of the nodes and edges on the shortest path between the two highlighted nodes
-- (any direction), as sets.
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
  for _, id in ipairs(nodes) do on.nodes[graph:node(id):index()] = true end
  for _, e in ipairs(edges) do on.edges[e:index()] = true end
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

-- id -> cluster name: the node's type, its community, or nothing.
local function cluster_of(graph, args)
  if args.cluster == "type" then
    local of, ids = {}, graph:ids()
    for i, t in ipairs(node_kinds(graph)) do of[ids[i]] = t ~= "" and t end
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

-- A node's statement; its attributes in name order, those it lacks left out. DOT names are
-- n1, n2, ...: data ids never become DOT syntax (keywords, backslashes, quotes).
local NODE = "  n%s [%{URL=%q, %}%{color=%q, %}fillcolor=%q, %{fontcolor=%q, %}" ..
             "%{fontsize=%s, height=%s, %}label=%q, %{penwidth=%s, %}shape=%q, tooltip=%q" ..
             "%{, width=%s%}];\n"

-- The values of NODE for every node: one array per directive, in order.
local function node_columns(graph, styles, scale, on)
  local ids = graph:ids()
  local kinds = node_kinds(graph)
  local labels, names = graph:column("label", "nodes"), graph:column("name", "nodes")
  local descriptions = graph:column("description", "nodes")
  local urls = graph:column("url", "nodes")
  local c = {}
  for k = 1, 12 do c[k] = {} end
  for i, id in ipairs(ids) do
    local style = styles[kinds[i]] or {shape = "ellipse", fillcolor = "white"}
    local label = type(labels[i]) == "string" and labels[i] or
                  type(names[i]) == "string" and names[i] or id  -- as format.label
    local description = descriptions[i]
    local v = scale and scale[id]
    c[1][i], c[2][i] = i, dot.url(urls[i])
    c[3][i], c[4][i], c[5][i] = on.nodes[i] and HIGHLIGHT, style.fillcolor, style.fontcolor
    if v then
      c[6][i], c[7][i] = string.format("%.4g", 10 + 8 * v), string.format("%.4g", 0.5 + v)
      c[12][i] = string.format("%.4g", 0.75 + 1.5 * v)
    end
    c[8][i], c[9][i], c[10][i] = dot.wrap(label, 22), on.nodes[i] and 4, style.shape
    c[11][i] = type(description) == "string" and id .. ": " .. description or id
  end
  return c, ids
end

local function write_nodes(out, graph, styles, scale, on, clusters)
  local c, ids = node_columns(graph, styles, scale, on)
  if not next(clusters) then  -- every node at the top level: one call writes them all
    out:rows(NODE, #ids, table.unpack(c))
    return
  end
  local by_cluster, names, values = {}, {}, {}
  for i, id in ipairs(ids) do
    for k = 1, #c do values[k] = c[k][i] end
    local cluster = clusters[id]
    if cluster and not by_cluster[cluster] then
      by_cluster[cluster] = text.buffer()
      names[#names + 1] = cluster
    end
    (cluster and by_cluster[cluster] or out):format((cluster and "  " or "") .. NODE,
                                                   table.unpack(values, 1, #c))
  end
  table.sort(names)
  for i, name in ipairs(names) do
    out:format('  subgraph cluster_%s {\n    label=%q; style="rounded,dashed"; ' ..
               'color="#999999";\n%s  }\n', i, name, tostring(by_cluster[name]))
  end
end

-- An edge's statement, its attributes in name order, those it lacks left out.
local EDGE = "  n%s %s n%s [%{URL=%q, %}%{color=%q, %}%{fontcolor=%q, %}%{label=%q, %}" ..
             "%{penwidth=%s, %}tooltip=%q];\n"

-- The time of edge E as text, or nil when it is undated.
local function edge_time(graph, e)
  local s, t = graph:edge_at(e):time()
  return s and format.span(s, t)
end

local function write_edges(out, graph, args, on)
  local sources, targets = graph:ends()
  local kinds = graph:column("type", "edges")
  local evidence = graph:column("evidence", "edges")
  local urls = graph:column("url", "edges")
  local arrow = graph.directed and "->" or "--"
  local links, colors, labels, widths, tips = {}, {}, {}, {}, {}
  for e = 1, #sources do
    local kind = type(kinds[e]) == "string" and kinds[e] or ""
    links[e] = dot.url(urls[e])
    colors[e] = on.edges[e] and HIGHLIGHT
    labels[e] = args.edge_labels and kind ~= "" and kind or nil
    widths[e] = on.edges[e] and 4
    tips[e] = type(evidence[e]) == "string" and evidence[e] or kind
    local when = args.dates and edge_time(graph, e)
    if when then
      labels[e] = labels[e] and labels[e] .. "\n" .. when or when
      tips[e] = when .. ": " .. tips[e]
    end
  end
  out:rows(EDGE, #sources, sources, arrow, targets, links, colors, colors, labels, widths, tips)
end

-- The legend is an HTML-like table in the graph's label: it stays below the drawing whatever
-- the engine, instead of floating among the nodes like a cluster of sample nodes would.
local LEGEND_COLUMNS = 6

local function write_legend(out, types, styles)
  if #types == 0 then return end
  out:format('  labelloc=b; label=<<table border="0" cellborder="0" cellspacing="4">' ..
             '<tr><td colspan="%s" align="left"><b>node types</b></td></tr>', 2 * LEGEND_COLUMNS)
  for i, t in ipairs(types) do
    local s = styles[t]
    out:format('%s<td bgcolor="%s"><font color="%s">%h</font></td><td align="left">%h</td>%s',
               i % LEGEND_COLUMNS == 1 and "<tr>" or "", s.fillcolor, s.fontcolor, s.shape, t,
               (i % LEGEND_COLUMNS == 0 or i == #types) and "</tr>" or "")
  end
  out:add("</table>>;\n")
end

local function write_header(out, graph, layout, args)
  local name = type(graph.attrs.name) == "string" and graph.attrs.name or "graph"
  out:format("%s %q {\n", graph.directed and "digraph" or "graph", name)
  -- the engine is written into the file only when chosen, or when dot would be too slow: a
  -- small graph then opens with whichever engine the user runs (dot, neato, sfdp)
  if layout ~= "dot" or args.layout == "dot" then out:format("  layout=%s;\n", layout) end
  -- newrank: dot's older ranking fails to route edge labels between clusters ("Something is
  -- probably seriously wrong"); overlap=prism keeps neato and sfdp nodes apart
  out:format('  rankdir=%s; newrank=true; fontname="Helvetica"; overlap=prism; ' ..
             'outputorder=edgesfirst;\n', args.rankdir)
  out:add('  node [style="filled", fontname="Helvetica", fontsize=11, penwidth=1];\n',
          '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#333333"];\n')
end

function plugin.run(graph, args)
  -- styles come from the whole graph, so that a type looks the same in every drawing of it
  local styles = dot.styles_for(sorted_types(graph))
  for _, key in ipairs{"from", "to"} do
    local start, why
    if args[key] then start, why = cpecgraph.time(args[key]) end
    if args[key] and not start then
      cpecgraph.usage(string.format("argument '%s': %s", key, why))
    end
  end
  if args.from or args.to then
    graph = graph:window(args.from, args.to, {undated = args.undated})
  end
  if args.ego then
    if args.radius < 0 then cpecgraph.usage("argument 'radius': must be 0 or more") end
    graph = graph:ego(resolve.node(graph, args.ego, "argument 'ego'"), args.radius)
  end
  local on = highlighted(graph, args.highlight)
  local layout = choose_layout(graph, args)
  local out = text.buffer(io.write)
  write_header(out, graph, layout, args)
  local boxes = (layout == "dot" or layout == "fdp") and cluster_of(graph, args) or {}
  write_nodes(out, graph, styles, node_scale(graph, args), on, boxes)
  write_edges(out, graph, args, on)
  if args.legend then write_legend(out, sorted_types(graph), styles) end
  out:add("}\n"):flush()
end

return plugin

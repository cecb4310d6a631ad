-- export.lua: write the graph for other tools: GraphML (yEd, Gephi, NetworkX), GEXF (Gephi,
-- NetworkX), node-link JSON (NetworkX, D3, cpecgraph itself) or CSV tables of the nodes and of
-- the edges (pandas, Neo4j, spreadsheets), keeping every attribute with its type.
--
-- The same rules hold in every format:
--   * order: nodes and edges in graph order; attribute names (XML keys, CSV columns) in the
--     order first met: graph attributes, then the elements in graph order, each one's in file
--     order; in node-link JSON each element keeps its own attribute order;
--   * types: booleans, integers (GraphML and GEXF "long") and other numbers ("double") keep
--     their type; a name whose values mix types is a string; arrays and objects are written
--     as their JSON text (nested in node-link JSON); numbers with every digit needed to read
--     the same value back, non-integers always with a "." or an exponent (1.0 stays 1.0);
--   * null: omitted in GraphML and GEXF, an empty field in CSV (as is ""), null in JSON;
--   * XML: text is escaped by cpg.xml, which replaces the characters XML 1.0 forbids (control
--     characters other than tab and line breaks, U+FFFE, U+FFFF) with U+FFFD;
--   * edges are numbered by their position: GraphML ids e0, e1, ..., GEXF ids 0, 1, ..., so
--     parallel edges stay distinct.
-- Per format:
--   * graphml: one <key> per name and domain (graph, node, edge), graph attributes as data of
--     the <graph>; edgedefault from the graph's direction;
--   * gexf (1.2, which NetworkX and every Gephi read): the node label is its text "label",
--     else its id; the edge label its text "label", else its text "type"; a numeric "weight"
--     is the edge weight. These leave the attribute columns when every value fits (all labels
--     text, all weights numbers). An edge attribute "key" is titled "networkx_key", NetworkX's
--     name for it. GEXF has no graph attributes: they go into <meta><description> as JSON;
--   * node-link: {"directed", "multigraph", "graph", "nodes": [{"id", ...}], "links":
--     [{"source", "target", ...}]}, one element a line; "multigraph" is true when the graph
--     says so or has parallel edges. cpecgraph reads it back unchanged;
--   * csv-nodes, csv-edges: RFC 4180 with CRLF; "id", or "source" and "target", then one
--     column per attribute name.
local format = require "cpg.format"
local xml = require "cpg.xml"

local FORMATS = {"graphml", "gexf", "node-link", "csv-nodes", "csv-edges"}

local plugin = {
  name = "export",
  version = "1.0",
  description = "Write the graph as GraphML (yEd, Gephi, NetworkX), GEXF (Gephi), node-link " ..
                "JSON (NetworkX, D3, cpecgraph) or CSV tables of nodes and edges (pandas, " ..
                "Neo4j), with every attribute and its type.",
  usage = [[
  cpecgraph -p export -a format=graphml -o cpec.graphml          # yEd, Gephi, NetworkX
  cpecgraph -p export -a format=gexf -o my.gexf my.json          # Gephi
  cpecgraph -p export -a format=node-link -o my.json a.json b.json   # merged, for NetworkX or D3
  cpecgraph -p export -a format=csv-nodes -o nodes.csv    # then format=csv-edges -o edges.csv]],
  args = {
    format = {type = "string", choices = FORMATS,
              help = "what to write: graphml, gexf (GEXF 1.2), node-link (NetworkX's JSON, " ..
                     "which cpecgraph reads back unchanged), csv-nodes (id, then the node " ..
                     "attributes) or csv-edges (source, target, then the edge attributes)"},
  },
}

local null, to_json = cpecgraph.null, cpecgraph.to_json

-- ---- values ------------------------------------------------------------------------------

-- The shortest decimal text that reads back as X exactly; a non-integer always shows a "." or
-- an exponent, so that readers (cpecgraph among them) keep it a floating-point number.
local PRECISIONS = {"%.15g", "%.16g", "%.17g"}

local function number_text(x)
  if math.type(x) == "integer" then return string.format("%d", x) end
  local s
  for _, precision in ipairs(PRECISIONS) do
    s = string.format(precision, x)
    if tonumber(s) == x then break end
  end
  if not s:find("[.eEni]") then s = s .. ".0" end
  return s
end

-- A JSON string. cpecgraph.to_json gives the same text; this is its fast path for the
-- millions of strings of a large graph (most of which need no escape at all).
local JSON_ESCAPES = {['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
                      ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

local function json_escape(c)
  return JSON_ESCAPES[c] or string.format("\\u%04x", c:byte())
end

local function json_string(s)
  if not s:find('[%c"\\]') then return '"' .. s .. '"' end
  return '"' .. s:gsub('[%c"\\]', json_escape) .. '"'
end

-- A value as JSON text: numbers exact, strings quoted, arrays and objects by to_json.
local function json_value(v)
  local t = type(v)
  if t == "string" then return json_string(v) end
  if t == "number" then return number_text(v) end
  if t == "boolean" then return v and "true" or "false" end
  return to_json(v) -- null, arrays, objects
end

-- A value as text for XML and CSV: arrays and objects as JSON; nil for null or no value.
local function plain(v)
  if v == nil or v == null then return nil end
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then return number_text(v) end
  if t == "boolean" then return v and "true" or "false" end
  return to_json(v)
end

-- ---- attribute names and types -----------------------------------------------------------

-- The type of a value: "null", "boolean", "integer", "double", "string" or "json" (arrays and
-- objects, written as their JSON text).
local function kind_of(v)
  local t = type(v)
  if t == "string" then return "string" end
  if t == "number" then return math.type(v) == "integer" and "integer" or "double" end
  if t == "boolean" then return "boolean" end
  if v == null then return "null" end
  return "json"
end

-- The type of a name holding values of types A and B: null takes the other, integers and
-- other numbers make numbers, anything else is "mixed" (written as text).
local function merge(a, b)
  if a == b or b == "null" then return a end
  if a == "null" then return b end
  local numbers = {integer = true, double = true}
  if numbers[a] and numbers[b] then return "double" end
  return "mixed"
end

-- Adds the attributes that the iterator ... (pairs of an element) yields to SCHEMA: names in
-- the order first met, kinds[name] the type of all its values so far.
local function learn(schema, ...)
  local names, kinds = schema.names, schema.kinds
  for name, value in ... do
    local kind, seen = kind_of(value), kinds[name]
    if seen == nil then
      names[#names + 1] = name
      kinds[name] = kind
    elseif seen ~= kind then
      kinds[name] = merge(seen, kind)
    end
  end
end

-- The names and types of the attributes of the graph, of its nodes and of its edges. The
-- writers then walk the graph a second time: cheaper than holding every value in tables.
local function schema_of(graph)
  local schema = {graph = {names = {}, kinds = {}}, node = {names = {}, kinds = {}},
                  edge = {names = {}, kinds = {}}}
  learn(schema.graph, pairs(graph.attrs))
  for node in graph:nodes() do learn(schema.node, pairs(node)) end
  for edge in graph:edges() do learn(schema.edge, pairs(edge)) end
  return schema
end

-- ---- buffered output ---------------------------------------------------------------------

-- out(text) appends a text; flush() writes what was appended. Large graphs are written in
-- chunks of a few thousand texts, without concatenating strings in loops.
local function buffer()
  local parts, n = {}, 0
  local function flush()
    io.write(table.concat(parts, "", 1, n))
    n = 0
  end
  local function out(text)
    n = n + 1
    parts[n] = text
    if n == 4096 then flush() end
  end
  return out, flush
end

-- ---- GraphML -----------------------------------------------------------------------------

local XML_TYPE = {boolean = "boolean", integer = "long", double = "double", string = "string",
                  json = "string", mixed = "string", null = "string"}

-- Keys whose values are all arrays or objects say so in this namespace, so that cpecgraph reads
-- their JSON text back as values; other readers see strings.
local CPECGRAPH_NS = "urn:x-cpecgraph:graphml"

-- Declares a key per attribute name and domain; returns domain -> name -> key id.
local function graphml_keys(out, schema)
  local keys, count = {}, 0
  for _, domain in ipairs{"graph", "node", "edge"} do
    keys[domain] = {}
    for _, name in ipairs(schema[domain].names) do
      keys[domain][name] = "d" .. count
      local kind = schema[domain].kinds[name]
      out('  <key id="d' .. count .. '" for="' .. domain .. '" attr.name="' .. xml.attr(name) ..
          '" attr.type="' .. XML_TYPE[kind] .. '"' ..
          (kind == "json" and ' cpecgraph:type="json"' or "") .. '/>\n')
      count = count + 1
    end
  end
  return keys
end

-- "<TAG HEAD>", a <data> per attribute and "</TAG>"; "<TAG HEAD/>" without attributes.
local function graphml_element(out, tag, head, keys, ...)
  out("    <" .. tag .. head)
  local open = false
  for name, value in ... do
    local text = plain(value)
    if text then
      if not open then out(">\n"); open = true end
      out('      <data key="' .. keys[name] .. '">' .. xml.text(text) .. "</data>\n")
    end
  end
  out(open and "    </" .. tag .. ">\n" or "/>\n")
end

local function write_graphml(graph, out)
  out(xml.declaration ..
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"\n' ..
      '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' ..
      '    xmlns:cpecgraph="' .. CPECGRAPH_NS .. '"\n' ..
      '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns ' ..
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
  local keys = graphml_keys(out, schema_of(graph))
  out('  <graph id="G" edgedefault="' .. (graph.directed and "directed" or "undirected") ..
      '">\n')
  for name, value in pairs(graph.attrs) do
    local text = plain(value)
    if text then
      out('    <data key="' .. keys.graph[name] .. '">' .. xml.text(text) .. "</data>\n")
    end
  end
  for node in graph:nodes() do
    graphml_element(out, "node", ' id="' .. xml.attr(node.id) .. '"', keys.node, pairs(node))
  end
  local i = 0
  for edge in graph:edges() do
    graphml_element(out, "edge", ' id="e' .. i .. '" source="' .. xml.attr(edge.source.id) ..
                                 '" target="' .. xml.attr(edge.target.id) .. '"',
                    keys.edge, pairs(edge))
    i = i + 1
  end
  out("  </graph>\n</graphml>\n")
end

-- ---- GEXF --------------------------------------------------------------------------------

-- Attributes that GEXF has a place for leave the attribute columns when every value fits the
-- place: node and edge labels when all are text, edge weights when all are numbers.
local function gexf_native(schema)
  local node, edge = schema.node.kinds, schema.edge.kinds
  return {node = {label = node.label == "string"},
          edge = {label = edge.label == "string",
                  weight = edge.weight == "integer" or edge.weight == "double"}}
end

-- An edge attribute "key" (NetworkX's key of parallel edges, in node-link files) is titled
-- as NetworkX writes it in GEXF: its reader fails on a column titled "key".
local GEXF_TITLES = {node = {}, edge = {key = "networkx_key"}}

-- Declares the attribute columns of DOMAIN ("node" or "edge"); returns name -> column id.
local function gexf_columns(out, schema, domain, native)
  local ids, count = {}, 0
  for _, name in ipairs(schema[domain].names) do
    if not native[name] then
      if count == 0 then out('    <attributes class="' .. domain .. '" mode="static">\n') end
      ids[name] = tostring(count)
      local title = GEXF_TITLES[domain][name] or name
      out('      <attribute id="' .. count .. '" title="' .. xml.attr(title) .. '" type="' ..
          XML_TYPE[schema[domain].kinds[name]] .. '"/>\n')
      count = count + 1
    end
  end
  if count > 0 then out("    </attributes>\n") end
  return ids
end

-- "<TAG HEAD>" with an <attvalue> per attribute that has a column, and "</TAG>".
local function gexf_element(out, tag, head, columns, ...)
  out("      <" .. tag .. head)
  local open = false
  for name, value in ... do
    local column, text = columns[name], plain(value)
    if column and text then
      if not open then out(">\n        <attvalues>\n"); open = true end
      out('          <attvalue for="' .. column .. '" value="' .. xml.attr(text) .. '"/>\n')
    end
  end
  out(open and "        </attvalues>\n      </" .. tag .. ">\n" or "/>\n")
end

-- GEXF has no graph attributes: they go into <meta><description> as one JSON object.
local function gexf_meta(out, graph)
  out("  <meta>\n    <creator>cpecgraph</creator>\n")
  local attrs = {}
  for name, value in pairs(graph.attrs) do attrs[name] = value end
  if next(attrs) then
    out("    <description>" .. xml.text(to_json(attrs)) .. "</description>\n")
  end
  out("  </meta>\n")
end

-- ' label="..."' from the first of the attributes NAMES that holds text, else FALLBACK.
local function gexf_label(element, names, fallback)
  for _, name in ipairs(names) do
    local v = element.attrs[name]
    if type(v) == "string" then return ' label="' .. xml.attr(v) .. '"' end
  end
  return fallback and ' label="' .. xml.attr(fallback) .. '"' or ""
end

local function write_gexf(graph, out)
  out(xml.declaration ..
      '<gexf xmlns="http://www.gexf.net/1.2draft"\n' ..
      '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' ..
      '    xsi:schemaLocation="http://www.gexf.net/1.2draft ' ..
      'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
  gexf_meta(out, graph)
  out('  <graph mode="static" defaultedgetype="' ..
      (graph.directed and "directed" or "undirected") .. '">\n')
  local schema = schema_of(graph)
  local native = gexf_native(schema)
  local node_columns = gexf_columns(out, schema, "node", native.node)
  local edge_columns = gexf_columns(out, schema, "edge", native.edge)
  out('    <nodes count="' .. graph:node_count() .. '">\n')
  for node in graph:nodes() do
    local head = ' id="' .. xml.attr(node.id) .. '"' .. gexf_label(node, {"label"}, node.id)
    gexf_element(out, "node", head, node_columns, pairs(node))
  end
  out('    </nodes>\n    <edges count="' .. graph:edge_count() .. '">\n')
  local i = 0
  for edge in graph:edges() do
    local weight = edge.attrs.weight
    local head = ' id="' .. i .. '" source="' .. xml.attr(edge.source.id) .. '" target="' ..
                 xml.attr(edge.target.id) .. '"' .. gexf_label(edge, {"label", "type"}) ..
                 (type(weight) == "number" and ' weight="' .. number_text(weight) .. '"' or "")
    gexf_element(out, "edge", head, edge_columns, pairs(edge))
    i = i + 1
  end
  out("    </edges>\n  </graph>\n</gexf>\n")
end

-- ---- node-link JSON ----------------------------------------------------------------------

-- ', "name": value' for each attribute the iterator ... yields.
local function json_members(out, ...)
  for name, value in ... do out(", " .. json_string(name) .. ": " .. json_value(value)) end
end

-- True when two edges join the same ends (in either direction if the graph is undirected).
local function has_parallel_edges(graph)
  local seen = {}
  for edge in graph:edges() do
    local a, b = edge.source.id, edge.target.id
    if not graph.directed and b < a then a, b = b, a end
    local key = a .. "\0" .. b -- ids hold no NUL
    if seen[key] then return true end
    seen[key] = true
  end
  return false
end

local function write_node_link(graph, out)
  local multigraph = graph.multigraph or has_parallel_edges(graph)
  out('{"directed": ' .. tostring(graph.directed) .. ', "multigraph": ' .. tostring(multigraph) ..
      ',\n "graph": {')
  local first = true
  for name, value in pairs(graph.attrs) do
    out((first and "" or ", ") .. json_string(name) .. ": " .. json_value(value))
    first = false
  end
  out('},\n "nodes": [')
  local sep = "\n  "
  for node in graph:nodes() do
    out(sep .. '{"id": ' .. json_string(node.id))
    json_members(out, pairs(node))
    out("}")
    sep = ",\n  "
  end
  out('\n ],\n "links": [')
  sep = "\n  "
  for edge in graph:edges() do
    out(sep .. '{"source": ' .. json_string(edge.source.id) .. ', "target": ' ..
        json_string(edge.target.id))
    json_members(out, pairs(edge))
    out("}")
    sep = ",\n  "
  end
  out("\n ]}\n")
end

-- ---- CSV ---------------------------------------------------------------------------------

-- A header of the names FIRST then the attribute names of DOMAIN, and one row per element:
-- ENDS(element) then its values (nested values as JSON, null or no value as an empty field).
local function write_csv(graph, domain, first, ends, out)
  local names = schema_of(graph)[domain].names
  local header = {table.unpack(first)}
  for _, name in ipairs(names) do header[#header + 1] = name end
  out(format.csv_row(header))
  for element in (domain == "node" and graph:nodes() or graph:edges()) do
    local row, attrs = ends(element), element:attributes()
    for _, name in ipairs(names) do row[#row + 1] = plain(attrs[name]) or "" end
    out(format.csv_row(row))
  end
end

-- ---- run ---------------------------------------------------------------------------------

local writers = {
  graphml = write_graphml,
  gexf = write_gexf,
  ["node-link"] = write_node_link,
  ["csv-nodes"] = function(graph, out)
    write_csv(graph, "node", {"id"}, function(node) return {node.id} end, out)
  end,
  ["csv-edges"] = function(graph, out)
    write_csv(graph, "edge", {"source", "target"},
              function(edge) return {edge.source.id, edge.target.id} end, out)
  end,
}

-- Node-link and CSV name a node's id "id" and an edge's ends "source" and "target": an
-- attribute of that name (GraphML, JGF metadata and Cytoscape can have one) would write a
-- second field of the same name and a file that says something else. Refuse, and say which.
local RESERVED = {["node-link"] = true, ["csv-nodes"] = true, ["csv-edges"] = true}

local function check_reserved_names(graph, fmt)
  for node in graph:nodes() do
    if node.attrs.id ~= nil then
      error(string.format("node '%s' has an attribute named 'id', which %s keeps for the " ..
                          "node's own id: rename the attribute, or export as graphml", node.id,
                          fmt), 0)
    end
  end
  for edge in graph:edges() do
    for _, name in ipairs{"source", "target"} do
      if edge.attrs[name] ~= nil then
        error(string.format("edge '%s' -> '%s' has an attribute named '%s', which %s keeps " ..
                            "for the edge's end: rename the attribute, or export as graphml",
                            edge.source.id, edge.target.id, name, fmt), 0)
      end
    end
  end
end

function plugin.run(graph, args)
  if not args.format then
    cpecgraph.usage("argument 'format': give one of " .. table.concat(FORMATS, ", ") ..
                    " (-a format=graphml)")
  end
  if RESERVED[args.format] then check_reserved_names(graph, args.format) end
  local out, flush = buffer()
  writers[args.format](graph, out)
  flush()
end

return plugin

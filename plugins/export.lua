-- export.lua: write the graph for other tools: GraphML (yEd, Gephi, NetworkX), GEXF (Gephi,
-- NetworkX), node-link JSON (NetworkX, D3, cpecgraph itself), GML and Pajek (igraph, Pajek,
-- NetworkX), CSV tables of the nodes and of the edges (pandas, spreadsheets), and for graphs
-- that outgrow one machine the files of neo4j-admin's import and Spark GraphFrames' tables,
-- keeping every attribute with its type.
--
-- The same rules hold in every format:
--   * order: nodes and edges in graph order; attribute names (XML keys, CSV columns, the
--     members of each JSON element) in the order of the graph's columns, which is the order in
--     which the names first appeared: graph attributes first, in their own order;
--   * types: booleans, integers (GraphML and GEXF "long") and other numbers ("double") keep
--     their type; a name whose values mix types is a string; arrays and objects are written
--     as their JSON text (nested in node-link JSON); numbers with every digit needed to read
--     the same value back, non-integers always with a "." or an exponent (1.0 stays 1.0);
--   * null: omitted in GraphML and GEXF, an empty field in CSV (as is ""), null in JSON;
--   * XML: text is escaped by cpecgraph.text, which replaces the characters XML 1.0 forbids
--     (control characters other than tab and line breaks, U+FFFE, U+FFFF) with U+FFFD;
--   * edges are numbered by their position: GraphML ids e0, e1, ..., GEXF ids 0, 1, ..., so
--     parallel edges stay distinct.
-- Per format:
--   * graphml: one <key> per name and domain (graph, node, edge), graph attributes as data of
--     the <graph>; edgedefault from the graph's direction;
--   * gexf (1.2, which NetworkX and every Gephi read): the node label is its text "label",
--     else its id; the edge label its text "label", else its text "type"; a numeric "weight"
--     is the edge weight. These leave the attribute columns when every value fits (all labels
--     text, all weights numbers). An edge attribute "key" is titled "networkx_key", NetworkX's
--     name for it. GEXF has no graph attributes: they go into <meta><description> as JSON.
--     Each element's time (n:time()) becomes GEXF's start and end (GEXF's bounds are closed:
--     the last day with "date", the end itself with "dateTime", which reads back the same),
--     or its <spells>, in a "dynamic" graph whose timeformat is "date" when every bound is a
--     whole day, else "dateTime" (which NetworkX's read_gexf cannot read; Gephi and cpecgraph
--     can). A time that is no date, or start/end/spells that are not the element's time (a
--     date comes first), are written as attributes only, and a warning says so;
--   * node-link: {"directed", "multigraph", "graph", "nodes": [{"id", ...}], "edges":
--     [{"source", "target", ...}]}, one element a line ("links" with -a links=true, for
--     NetworkX 2 and D3); "multigraph" is true when the graph says so or has parallel edges.
--     cpecgraph reads it back unchanged;
--   * gml, pajek: the node's one name (GML's label, Pajek's vertex label) is its id, which
--     NetworkX reads as the id; an attribute "label" is written as "caption" (which cpecgraph
--     reads back as the label). GML: ids 0, 1, ..., ASCII with &#N; entities, lists as a key
--     repeated (NetworkX's marker first for one item), objects as records, booleans as 1 and
--     0 (as NetworkX writes them). Pajek, as NetworkX writes and reads it: the graph's name,
--     every vertex with x, y and a shape (0.0 0.0 ellipse unless it has its own; a shape
--     Pajek does not know follows as an attribute), every edge with a weight (1 unless it has
--     one); lists, quotes, line breaks and coordinates or weights that are not numbers cannot
--     be written (-a omit= leaves attributes out);
--   * neo4j-nodes, neo4j-relationships: see "Neo4j and GraphFrames" below;
--     graphframes-vertices, graphframes-edges: as csv-nodes and csv-edges (RFC 4180, CRLF)
--     with the ends named src and dst and no formula guard;
--   * csv-nodes, csv-edges: RFC 4180 with CRLF; "id", or "source" and "target", then one
--     column per attribute name; a text that begins with = + - @, a tab or a carriage return
--     gets a leading ' (OWASP's defence against formulas run by spreadsheets; -a raw=true
--     writes it as it is).
-- The attributes are read a column at a time (graph:column) and each element is written by a
-- template of cpecgraph.text (buf:rows), which escapes the text and leaves out the attributes an
-- element lacks, so that a graph of a million edges is written in seconds.

local format = require "cpg.format"

local FORMATS = {"graphml", "gexf", "node-link", "gml", "pajek", "csv-nodes", "csv-edges",
                 "neo4j-nodes", "neo4j-relationships", "graphframes-vertices",
                 "graphframes-edges"}

local plugin = {
  name = "export",
  version = "1.5",
  description = "Write the graph as GraphML (yEd, Gephi, NetworkX), GEXF (Gephi), node-link " ..
                "JSON (NetworkX, D3, cpecgraph), GML or Pajek (igraph, NetworkX), CSV tables " ..
                "of nodes and edges (pandas), or the files of Neo4j's bulk import and of " ..
                "Spark GraphFrames, with every attribute and its type.",
  usage = [[
  cpecgraph -p export -a format=graphml -o cpec.graphml          # yEd, Gephi, NetworkX
  cpecgraph -p export -a format=gexf -o my.gexf my.json          # Gephi
  cpecgraph -p export -a format=node-link -o my.json a.json b.json   # merged, for NetworkX 3
  cpecgraph -p export -a format=node-link -a links=true -o d3.json   # NetworkX 2, D3
  cpecgraph -p export -a format=gml -o cpec.gml                   # igraph, NetworkX, Gephi
  cpecgraph -p export -a format=pajek -a omit=aliases -o cpec.net # Pajek
  cpecgraph -p export -a format=csv-nodes -o nodes.csv    # then format=csv-edges -o edges.csv
  cpecgraph -p export -a format=neo4j-nodes -o nodes.csv  # then neo4j-relationships -o rels.csv
  cpecgraph -p export -a format=graphframes-vertices -o v.csv   # then graphframes-edges -o e.csv]],
  args = {
    format = {type = "string", choices = FORMATS,
              help = "what to write: graphml, gexf (GEXF 1.2), node-link (NetworkX's JSON, " ..
                     "which cpecgraph reads back unchanged), gml, pajek, csv-nodes (id, then the " ..
                     "node attributes), csv-edges (source, target, then the edge attributes), " ..
                     "neo4j-nodes and neo4j-relationships (the two files of neo4j-admin " ..
                     "database import, typed headers), graphframes-vertices (id, ...) and " ..
                     "graphframes-edges (src, dst, ...) for Spark GraphFrames and DuckDB"},
    omit = {type = "string",
            help = "attributes to leave out, by name, separated by commas (-a omit=aliases," ..
                   "evidence): for formats that cannot hold them, such as Pajek and lists"},
    raw = format.raw_arg,
    time = {type = "boolean", default = true,
            help = "gexf: write each element's time (date, start/end, ...: docs/lua-api.md, " ..
                   "\"Time\") as GEXF's start and end, so that Gephi's timeline plays it"},
    links = {type = "boolean", default = false,
             help = "node-link: name the edge list \"links\", as NetworkX 2 and D3 read it, " ..
                    "not \"edges\", as NetworkX 3 does"},
  },
}

local null, text = cpecgraph.null, cpecgraph.text
local XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

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

-- The type of a column: its own, or for a mixed one (several types, or nulls) the merge of
-- its values' types.
local COLUMN_KINDS = {boolean = "boolean", integer = "integer", float = "double",
                      string = "string", json = "json"}

local function column_kind(graph, domain, column)
  if COLUMN_KINDS[column.type] then return COLUMN_KINDS[column.type] end
  local values, n = graph:column(column.name, domain)
  local kind = "null"
  for i = 1, n do
    if values[i] ~= nil then kind = merge(kind, kind_of(values[i])) end
  end
  return kind
end

-- The names and types of the attributes of the graph, of its nodes and of its edges, with
-- each name's values: values[k][i] is the value of names[k] of element i.
local omitted = {}  -- the attribute names -a omit= leaves out

local function schema_of(graph)
  local schema = {graph = {names = {}, kinds = {}}}
  for name, value in pairs(graph.attrs) do
    if omitted[name] then goto next_attr end
    local g = schema.graph
    g.names[#g.names + 1] = name
    g.kinds[name] = kind_of(value)
    ::next_attr::
  end
  for _, domain in ipairs{"nodes", "edges"} do
    local part = {names = {}, kinds = {}, values = {}}
    for _, column in ipairs(graph:columns(domain)) do
      if omitted[column.name] then goto next_column end
      local k = #part.names + 1
      part.names[k] = column.name
      part.kinds[column.name] = column_kind(graph, domain, column)
      part.values[k] = graph:column(column.name, domain)
      ::next_column::
    end
    schema[domain == "nodes" and "node" or "edge"] = part
  end
  return schema
end

-- The node ids of the ends of every edge, in graph order.
local function edge_ends(graph, ids)
  local sources, targets = graph:ends()
  for e = 1, #sources do
    sources[e], targets[e] = ids[sources[e]], ids[targets[e]]
  end
  return sources, targets
end

-- 0, 1, 2, ...: the position of each of N elements, from 0 (GraphML's e0, GEXF's ids).
local function from_zero(n)
  local numbers = {}
  for i = 1, n do numbers[i] = i - 1 end
  return numbers
end

-- TEXT as it must appear in a template of cpecgraph.text, where "%" starts a directive.
local function literal(text)
  return (text:gsub("%%", "%%%%"))
end

-- A template of one piece per attribute (PIECE(k, name) gives the k-th) and the arguments
-- that go with it: FIRST, then the values of each attribute.
local function with_attributes(part, first, piece)
  local pieces, args = {}, {table.unpack(first)}
  for k, name in ipairs(part.names) do
    pieces[k] = piece(k, name)
    args[#args + 1] = part.values[k]
  end
  return table.concat(pieces), args
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
      out:format('  <key id="d%s" for="%s" attr.name="%a" attr.type="%s"%s/>\n', count, domain,
                 name, XML_TYPE[kind], kind == "json" and ' cpecgraph:type="json"' or "")
      count = count + 1
    end
  end
  return keys
end

-- Writes every element of PART: HEAD (with the values FIRST), a <data> per value it has
-- (none for null), then CLOSE; "<node .../>" when the domain has no attributes at all.
local function graphml_elements(out, part, keys, head, first, close, n)
  if #part.names == 0 then
    out:rows(head .. "/>\n", n, table.unpack(first))
    return
  end
  local data, args = with_attributes(part, first, function(_, name)
    return '%{\n      <data key="' .. keys[name] .. '">%x</data>%}'
  end)
  out:rows(head .. ">" .. data .. close, n, table.unpack(args))
end

-- XML 1.0 cannot carry the control characters but tab and line breaks, nor U+FFFE and U+FFFF:
-- cpg.xml writes U+FFFD in their place, which in a value shows that something was there, but
-- would make ids (and attribute names) that differ only there one id.
local NOT_XML = "[%z\1-\8\11\12\14-\31]"
local NOT_XML_CHARACTER = "\239\191[\190\191]"

local function check_xml_names(list, fmt, what)
  for _, name in ipairs(list) do
    local at = name:find(NOT_XML) or name:find(NOT_XML_CHARACTER)
    if at then
      local c = name:byte(at) < 32 and string.format("U+%04X", name:byte(at))
                or name:byte(at + 2) == 190 and "U+FFFE" or "U+FFFF"
      error(string.format("the %s '%s' holds %s, which XML cannot carry, so that %s could not " ..
                          "tell it from others: export as node-link or gml", what, name, c, fmt), 0)
    end
  end
end

local function check_xml_ids(graph, schema, fmt)
  check_xml_names(graph:ids(), fmt, "node id")
  for _, part in ipairs{"graph", "node", "edge"} do
    check_xml_names(schema[part].names, fmt, part .. " attribute")
  end
end

local function write_graphml(graph, out)
  out:add(XML_DECLARATION,
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"\n',
          '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n',
          '    xmlns:cpecgraph="', CPECGRAPH_NS, '"\n',
          '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns ',
          'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
  local schema = schema_of(graph)
  check_xml_ids(graph, schema, "graphml")
  local keys = graphml_keys(out, schema)
  out:format('  <graph id="G" edgedefault="%s">\n', graph.directed and "directed" or "undirected")
  for name, value in pairs(graph.attrs) do
    out:format('%{    <data key="%s">%x</data>\n%}', keys.graph[name], value)
  end
  local ids = graph:ids()
  graphml_elements(out, schema.node, keys.node, '    <node id="%a"', {ids}, '\n    </node>\n',
                   #ids)
  local sources, targets = edge_ends(graph, ids)
  graphml_elements(out, schema.edge, keys.edge, '    <edge id="e%s" source="%a" target="%a"',
                   {from_zero(#sources), sources, targets}, '\n    </edge>\n', #sources)
  out:add("  </graph>\n</graphml>\n")
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

-- Declares the attribute columns of DOMAIN ("node" or "edge"): the part of the schema that
-- has a column (names, kinds and values, in column order).
local function gexf_columns(out, schema, domain, native)
  local part, columns = schema[domain], {names = {}, values = {}}
  for k, name in ipairs(part.names) do
    if not native[name] then
      if #columns.names == 0 then
        out:format('    <attributes class="%s" mode="static">\n', domain)
      end
      out:format('      <attribute id="%s" title="%a" type="%s"/>\n', #columns.names,
                 GEXF_TITLES[domain][name] or name, XML_TYPE[part.kinds[name]])
      columns.names[#columns.names + 1] = name
      columns.values[#columns.values + 1] = part.values[k]
    end
  end
  if #columns.names > 0 then out:add("    </attributes>\n") end
  return columns
end

-- Writes every element: HEAD (with the values FIRST), then its <attvalues> when the domain has
-- columns (an <attvalue> per value it has, none for null), then TAG's end.
-- TAILS (or nil) holds XML written raw before an element's end tag (its <spells>).
local function gexf_elements(out, columns, head, first, tag, n, tails)
  tails = tails or nil  -- false: none
  local tail = tails and "%s" or ""
  if #columns.names == 0 then
    if tails then first = {table.unpack(first)}; first[#first + 1] = tails end
    out:rows(head .. (tails and ">" .. tail .. "</" .. tag .. ">\n" or "/>\n"), n,
             table.unpack(first))
    return
  end
  local values, args = with_attributes(columns, first, function(k)
    return '%{\n          <attvalue for="' .. (k - 1) .. '" value="%a"/>%}'
  end)
  if tails then args[#args + 1] = tails end
  out:rows(head .. ">\n        <attvalues>" .. values .. "\n        </attvalues>" .. tail ..
           "\n      </" .. tag .. ">\n", n, table.unpack(args))
end

-- GEXF has no graph attributes: they go into <meta><description> as one JSON object.
local function gexf_meta(out, graph)
  out:add("  <meta>\n    <creator>cpecgraph</creator>\n")
  local attrs = {}
  for name, value in pairs(graph.attrs) do attrs[name] = value end
  if next(attrs) then out:format("    <description>%x</description>\n", cpecgraph.to_json(attrs)) end
  out:add("  </meta>\n")
end

-- By element, the first of the attributes NAMES that holds text (else FALLBACK[i], or nil).
local function text_values(graph, domain, names, fallback)
  local chosen = {}
  for i = 1, fallback and #fallback or 0 do chosen[i] = fallback[i] end
  for k = #names, 1, -1 do
    local values, n = graph:column(names[k], domain)
    for i = 1, n do
      if type(values[i]) == "string" then chosen[i] = values[i] end
    end
  end
  return chosen
end

-- ---- GEXF time: Gephi's timeline ----------------------------------------------------------

local DAY = 86400

-- The attributes that give a time before spells do (docs/lua-api.md, "Time").
local TIME_NAMES = {"date", "timestamp", "start", "end", "startDate", "endDate", "start_time",
                    "stop_time", "first_seen", "last_seen"}

-- The spells of ELEMENT as intervals, when its time comes from them (else nil).
local function spells_of(element)
  local spells = element.attrs.spells
  if type(spells) ~= "table" then return nil end
  for _, name in ipairs(TIME_NAMES) do
    if element.attrs[name] ~= nil then return nil end
  end
  local out = {}
  for i, spell in ipairs(spells) do
    local s, t = -math.huge, math.huge  -- e:time() has read them: they are dates
    if spell.start ~= nil then s = cpecgraph.time(spell.start) end
    if spell["end"] ~= nil then t = select(2, cpecgraph.time(spell["end"])) end
    out[i] = {s, t}
  end
  return out
end

-- Whether ELEMENT has "start", "end" or "spells" that its time does not come from (a "date"
-- comes first, then "start"/"end", then the other pairs): then they are attributes of their
-- own, which GEXF's bounds, read back as "start" and "end", would clash with or drop.
local function bounds_apart(element)
  local a = element.attrs
  local bounds, spells = a.start ~= nil or a["end"] ~= nil, a.spells ~= nil
  if a.date ~= nil or a.timestamp ~= nil then return bounds or spells end
  if bounds then return spells end
  for k = 5, #TIME_NAMES do
    if a[TIME_NAMES[k]] ~= nil then return spells end
  end
  return false
end

-- The times of DOMAIN's elements (n:time(), e:time()), unless not WANTED: {starts, stops}
-- (seconds; nil where undated or where spells[i] holds the intervals), dated (any is), days
-- (all fall on whole days), own ("start", "end" and "spells" always hold the time, and can
-- leave the attribute columns for GEXF's own bounds).
local function element_times(graph, domain, wanted)
  local starts, ends, dated, whole_days, spells, own = {}, {}, false, true, {}, true
  if not wanted then
    return {starts = starts, stops = ends, dated = false, days = true, spells = spells}
  end
  local iterate = domain == "nodes" and graph.nodes or graph.edges
  local i, bad, first_bad = 0, 0, nil
  for element in iterate(graph) do
    i = i + 1
    local ok, s, t = pcall(element.time, element)
    if not ok then  -- written as it is, without a GEXF time: said once for the domain
      bad, first_bad = bad + 1, first_bad or string.format("%s '%s': %s", domain == "nodes" and
        "node" or "edge", domain == "nodes" and element.id or
        element.source.id .. "' -> '" .. element.target.id, s)
      s = nil
    end
    own = own and not bounds_apart(element)
    if s then
      dated = true
      spells[i] = spells_of(element)
      for _, iv in ipairs(spells[i] or {{s, t}}) do
        for _, x in ipairs(iv) do
          if math.abs(x) ~= math.huge and x % DAY ~= 0 then whole_days = false end
        end
        if iv[1] == iv[2] then whole_days = false end  -- an instant needs its time of day
      end
      if not spells[i] then starts[i], ends[i] = s, t end
    end
  end
  if bad > 0 then
    warn(string.format("export: %d %s without a GEXF time, as their time is no date (the " ..
                       "first: %s); their attributes are written as they are", bad, domain,
                       first_bad))
  end
  if not own and dated then
    warn(string.format("export: the %s's start, end or spells are not all their time (a " ..
                       "date comes first): written as attributes, with no GEXF time", domain))
    dated, starts, ends, spells = false, {}, {}, {}
  end
  return {starts = starts, stops = ends, dated = dated, days = whole_days, spells = spells,
          own = own}
end

-- GEXF's bounds are closed: with "date", the last day; with "dateTime", the end itself (one
-- moment more, which cpecgraph reads back as the same end).
local function closed_bounds(s, t, days)
  local pattern = days and "!%Y-%m-%d" or "!%Y-%m-%dT%H:%M:%SZ"
  local from = s > -math.huge and os.date(pattern, math.floor(s)) or nil
  local to = t < math.huge and os.date(pattern, math.floor(days and t > s and t - DAY or t))
             or nil
  return from, to
end

-- The start and end attributes of N elements whose times are T, and the <spells> of those
-- timed by spells.
local function gexf_bounds(t, n, days)
  local from, to, tails = {}, {}, {}
  for i = 1, n do
    if t.starts[i] then from[i], to[i] = closed_bounds(t.starts[i], t.stops[i], days) end
    local parts = {}
    for k, iv in ipairs(t.spells[i] or {}) do
      local a, b = closed_bounds(iv[1], iv[2], days)
      parts[k] = string.format('<spell%s%s/>', a and ' start="' .. a .. '"' or "",
                               b and ' end="' .. b .. '"' or "")
    end
    tails[i] = #parts > 0 and "\n        <spells>" .. table.concat(parts) .. "</spells>" or ""
  end
  return from, to, tails
end

local function write_gexf(graph, out, args)
  out:add(XML_DECLARATION,
          '<gexf xmlns="http://www.gexf.net/1.2draft"\n',
          '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n',
          '    xsi:schemaLocation="http://www.gexf.net/1.2draft ',
          'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
  gexf_meta(out, graph)
  local nt, et = element_times(graph, "nodes", args.time), element_times(graph, "edges", args.time)
  local dynamic, days = nt.dated or et.dated, nt.days and et.days
  out:format('  <graph mode="%s" defaultedgetype="%s"%[ timeformat="%s"%]>\n',
             dynamic and "dynamic" or "static", graph.directed and "directed" or "undirected",
             dynamic and (days and "date" or "dateTime") or nil)
  local schema = schema_of(graph)
  check_xml_ids(graph, schema, "gexf")
  local native = gexf_native(schema)
  if dynamic then  -- the time goes into GEXF's own bounds and spells, which read back the same
    for _, name in ipairs{"start", "end", "spells"} do
      native.node[name], native.edge[name] = nt.dated and nt.own, et.dated and et.own
    end
  end
  local node_columns = gexf_columns(out, schema, "node", native.node)
  local edge_columns = gexf_columns(out, schema, "edge", native.edge)
  local ids = graph:ids()
  out:format('    <nodes count="%s">\n', #ids)
  local node_from, node_to, node_tails = gexf_bounds(nt, #ids, days)
  gexf_elements(out, node_columns, '      <node id="%a" label="%a"%[ start="%a"%]%[ end="%a"%]',
                {ids, text_values(graph, "nodes", {"label"}, ids), node_from, node_to}, "node",
                #ids, nt.dated and node_tails)
  out:format('    </nodes>\n    <edges count="%s">\n', graph:edge_count())
  local sources, targets = edge_ends(graph, ids)
  local weights = graph:column("weight", "edges")
  for e = 1, #sources do
    if type(weights[e]) ~= "number" then weights[e] = nil end
  end
  local edge_from, edge_to, edge_tails = gexf_bounds(et, #sources, days)
  gexf_elements(out, edge_columns,
                '      <edge id="%s" source="%a" target="%a"%{ label="%a"%}%{ weight="%s"%}' ..
                '%[ start="%a"%]%[ end="%a"%]',
                {from_zero(#sources), sources, targets,
                 text_values(graph, "edges", {"label", "type"}), weights, edge_from, edge_to},
                "edge", #sources, et.dated and edge_tails)
  out:add("    </edges>\n  </graph>\n</gexf>\n")
end

-- ---- node-link JSON ----------------------------------------------------------------------

-- True when two edges join the same ends (in either direction if the graph is undirected).
local function has_parallel_edges(graph)
  local sources, targets = graph:ends()
  local seen, n = {}, graph:node_count()
  for e = 1, #sources do
    local a, b = sources[e], targets[e]
    if not graph.directed and b < a then a, b = b, a end
    local key = a * (n + 1) + b
    if seen[key] then return true end
    seen[key] = true
  end
  return false
end

-- "", ",", ",", ...: what goes before each of N elements of a JSON array.
local function separators(n)
  local seps = {}
  for i = 1, n do seps[i] = i == 1 and "" or "," end
  return seps
end

-- Writes every element of PART as a JSON object: HEAD (with the values FIRST) then a member
-- per value it has (null included).
local function json_elements(out, part, head, first, n)
  local members, args = with_attributes(part, first, function(_, name)
    return "%[, " .. literal(text.json(name)) .. ": %j%]"
  end)
  out:rows(head .. members .. "}", n, table.unpack(args))
end

local function write_node_link(graph, out, args)
  local multigraph = graph.multigraph or has_parallel_edges(graph)
  out:format('{"directed": %s, "multigraph": %s,\n "graph": {', graph.directed, multigraph)
  local first = true
  for name, value in pairs(graph.attrs) do
    out:format(first and "%j: %j" or ", %j: %j", name, value)
    first = false
  end
  out:add('},\n "nodes": [')
  local schema = schema_of(graph)
  local ids = graph:ids()
  json_elements(out, schema.node, '%s\n  {"id": %j', {separators(#ids), ids}, #ids)
  out:format('\n ],\n %j: [', args.links and "links" or "edges")
  local sources, targets = edge_ends(graph, ids)
  json_elements(out, schema.edge, '%s\n  {"source": %j, "target": %j',
                {separators(#sources), sources, targets}, #sources)
  out:add("\n ]}\n")
end

-- ---- CSV ---------------------------------------------------------------------------------

-- A header of the names FIRST then the attribute names of PART, and one row per element: the
-- values of the arrays ENDS (the id, or the ends) then its values (nested values as JSON, null
-- or no value as an empty field).
local function write_csv(part, first, ends, out, raw)
  local field = raw and "%C" or "%c"  -- %c guards against formulas, %C writes text as it is
  for k, name in ipairs(first) do out:format(k > 1 and "," .. field or field, name) end
  for _, name in ipairs(part.names) do out:format("," .. field, name) end
  out:add("\r\n")
  local head = field:rep(#ends, ",")
  local fields, args = with_attributes(part, ends, function() return "," .. field end)
  out:rows(head .. fields .. "\r\n", #ends[1], table.unpack(args))
end

-- ---- Neo4j and GraphFrames ---------------------------------------------------------------

-- neo4j-admin database import reads CSV whose header types each column (name:long) and marks
-- the id (id:ID), the labels (:LABEL), a relationship's ends (:START_ID, :END_ID) and type
-- (:TYPE). Arrays are one field, their items split at ";" (--array-delimiter): a list whose
-- items are all strings without ";" (or all integers, or all numbers) is string[] (long[],
-- double[]); any other list or object is its JSON text, a string. A missing value or null
-- is an empty field, which Neo4j reads as no property; an empty text is "".
local NEO4J_TYPE = {boolean = "boolean", integer = "long", double = "double", string = "string",
                    json = "string", mixed = "string", null = "string"}
local NEO4J_RELATIONSHIP = "RELATED_TO"  -- the type of an edge without a text "type"

-- The Neo4j array type of a json column (VALUES, N of them), or nil when it is not one: a
-- text holding the delimiter, or empty (which the split would lose), cannot be an item.
local ARRAY_ITEM = {string = "string", integer = "long", double = "double", boolean = "boolean"}

local function neo4j_array_type(values, n)
  local kind
  for i = 1, n do
    local v = values[i]
    if v ~= nil and v ~= null then
      if type(v) ~= "table" or (#v == 0 and next(v) ~= nil) then return nil end
      for _, item in ipairs(v) do
        local k = kind_of(item)
        if not ARRAY_ITEM[k] or (k == "string" and (item == "" or item:find(";", 1, true))) or
           (k == "double" and item ~= item) then
          return nil
        end
        kind = kind and merge(kind, k) or k
        if kind == "mixed" then return nil end
      end
    end
  end
  return (ARRAY_ITEM[kind] or "string") .. "[]"
end

-- The text of value V of a column of Neo4j type KIND, for text.csv_raw. An empty field is no
-- property to Neo4j, a quoted one an empty string.
local function neo4j_value(v, kind)
  if v == nil or v == null then return nil end
  if v == "" then return v end
  if kind:sub(-2) == "[]" then  -- an empty list is no property either: Neo4j has none
    local items = {}
    for k, item in ipairs(v) do
      items[k] = type(item) == "number" and text.number(item) or tostring(item)
    end
    return #items > 0 and table.concat(items, ";") or nil
  end
  if type(v) == "table" then return cpecgraph.to_json(v) end
  if type(v) == "number" then  -- NaN and infinities: no double Neo4j reads
    return v == v and v ~= math.huge and v ~= -math.huge and text.number(v) or nil
  end
  return tostring(v)
end

-- The header names of PART's attributes (COUNT elements) as name:type, checked: Neo4j's header
-- splits at ":".
local function neo4j_columns(part, count, what)
  local header, kinds = {}, {}
  for k, name in ipairs(part.names) do
    if name:find(":", 1, true) then
      error(string.format("%s attribute '%s' holds a ':', which Neo4j's header reads as its " ..
                          "type: rename it, or -a omit=%s", what, name, name), 0)
    end
    local values = part.values[k]
    kinds[k] = part.kinds[name] == "json" and neo4j_array_type(values, count) or
               NEO4J_TYPE[part.kinds[name]]
    header[k] = name .. ":" .. kinds[k]
  end
  return header, kinds
end

-- One CSV file: the header FIRST then PART's typed names, then a row per element: the
-- columns of LEADING (arrays of texts) then its attribute values.
local function write_neo4j(part, first, leading, count, out, what)
  local header, kinds = neo4j_columns(part, count, what)
  local names = {table.unpack(first)}
  for _, name in ipairs(header) do names[#names + 1] = name end
  local csv = text.csv_raw
  for k, name in ipairs(names) do out:add(k > 1 and "," or "", csv(name)) end
  out:add("\n")
  for i = 1, count do
    for k, column in ipairs(leading) do out:add(k > 1 and "," or "", csv(column[i])) end
    for k, values in ipairs(part.values) do
      local v = neo4j_value(values[i], kinds[k])
      out:add(",", v == "" and '""' or csv(v))
    end
    out:add("\n")
  end
end

-- The text "type" of each element of DOMAIN (N of them), else FALLBACK: labels, relationship
-- types. A label with ";" would be split into several (Neo4j's array delimiter).
local function types_of(graph, domain, n, fallback)
  local values, types = graph:column("type", domain), {}
  for i = 1, n do
    local t = values[i]
    types[i] = type(t) == "string" and t ~= "" and t or fallback
    if domain == "nodes" and types[i] and types[i]:find(";", 1, true) then
      error(string.format("node '%s' has the type '%s', whose ';' Neo4j would read as two " ..
                          "labels", graph:node_at(i).id, t), 0)
    end
  end
  return types
end

local function write_neo4j_nodes(graph, out)
  local ids = graph:ids()
  write_neo4j(schema_of(graph).node, {"id:ID", ":LABEL"},
              {ids, types_of(graph, "nodes", #ids, nil)}, #ids, out, "node")
end

local function write_neo4j_relationships(graph, out)
  local sources, targets = edge_ends(graph, graph:ids())
  write_neo4j(schema_of(graph).edge, {":START_ID", ":END_ID", ":TYPE"},
              {sources, targets, types_of(graph, "edges", #sources, NEO4J_RELATIONSHIP)},
              #sources, out, "edge")
end

-- ---- GML and Pajek ------------------------------------------------------------------------

-- Both give a node one name, which NetworkX takes for its id: the cpecgraph id goes there, and
-- an attribute "label" is written as "caption". A name the format cannot hold is refused.
local ONE_NAME = {label = "caption"}

-- Refuses what a format cannot write: a name that is not a KEY pattern of it, or one that
-- FORBIDDEN (name -> what it means there) gives a meaning of its own.
local function check_names(part, fmt, key_pattern, what, forbidden)
  local has = {}
  for _, name in ipairs(part.names) do has[name] = true end
  for _, name in ipairs(part.names) do
    local problem = not name:match(key_pattern) and string.format("is not a %s key (%s)", fmt,
                      fmt == "gml" and "letters, digits and '_', not beginning with a digit"
                                    or "no spaces or quotes")
                    or forbidden[name] and string.format("is %s's %s", fmt, forbidden[name])
                    or what == "node" and ONE_NAME[name] and has[ONE_NAME[name]] and
                       string.format("would be written as '%s', which the %s also has",
                                     ONE_NAME[name], what)
    if problem then
      error(string.format("the %s attribute '%s' %s: rename it, or export as graphml", what,
                          name, problem), 0)
    end
  end
end

-- The names PART's attributes are written under.
local function written_names(part, what)
  local names = {}
  for k, name in ipairs(part.names) do names[k] = what == "node" and ONE_NAME[name] or name end
  return names
end

-- GML is ASCII: what is not (and '"', '&', control characters) is a character entity, as
-- NetworkX writes and reads it.
local function gml_escape(s)
  return (s:gsub("[%z\1-\31\"&\128-\255][\128-\191]*", function(c)
    local ok, code = pcall(utf8.codepoint, c)
    return "&#" .. (ok and code or 0xFFFD) .. ";"
  end))
end

-- A scalar as GML writes it: integers, reals (with a '.', which GML's reals need), strings;
-- booleans as 1 and 0, as NetworkX writes them.
local function gml_scalar(v)
  if type(v) == "boolean" then return v and "1" or "0" end
  if math.type(v) == "integer" then return tostring(v) end
  if type(v) == "number" then
    local n = text.number(v)
    if not n:find("[.]") then n = n:gsub("^(-?%d+)", "%1.0") end
    return n
  end
  return '"' .. gml_escape(v) .. '"'
end

-- The kind of a table value: a "list" of scalars, a "record" (an object whose names are GML
-- keys), or "json" (written as its JSON text: empty, nested lists, nulls in lists).
local function gml_shape(v)
  if v[1] ~= nil then
    for _, item in ipairs(v) do
      if type(item) == "table" or item == null then return "json" end
    end
    return #v == 0 and "json" or "list"
  end
  if next(v) == nil then return "json" end
  for name in pairs(v) do
    if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then return "json" end
  end
  return "record"
end

-- Writes KEY with value V: a list as the key repeated (NetworkX's marker first when it has one
-- item, so that it reads back as a list), an object as a record.
local function gml_member(out, indent, key, v)
  if type(v) ~= "table" then
    out:add(indent, key, " ", gml_scalar(v), "\n")
    return
  end
  local shape = gml_shape(v)
  if shape == "list" then
    if #v == 1 then out:add(indent, key, ' "_networkx_list_start"\n') end
    for _, item in ipairs(v) do out:add(indent, key, " ", gml_scalar(item), "\n") end
  elseif shape == "record" then
    out:add(indent, key, " [\n")
    local names = {}
    for name in pairs(v) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      if v[name] ~= null then gml_member(out, indent .. "  ", name, v[name]) end
    end
    out:add(indent, "]\n")
  else
    out:add(indent, key, " ", gml_scalar(text.json(v)), "\n")
  end
end

local function gml_pairs(out, indent, names, values, i)
  for k, name in ipairs(names) do
    local v = values[k][i]
    if v ~= nil and v ~= null then gml_member(out, indent, name, v) end
  end
end

local GML_KEY = "^[%a_][%w_]*$"

local function write_gml(graph, out)
  local schema = schema_of(graph)
  check_names(schema.node, "gml", GML_KEY, "node", {id = "node id"})
  check_names(schema.edge, "gml", GML_KEY, "edge", {source = "edge end", target = "edge end"})
  check_names(schema.graph, "gml", GML_KEY, "graph",
              {node = "node record", edge = "edge record", directed = "direction flag",
               multigraph = "multigraph flag"})
  out:add("graph [\n  directed ", graph.directed and "1" or "0", "\n")
  if graph.multigraph or has_parallel_edges(graph) then out:add("  multigraph 1\n") end
  for _, name in ipairs(schema.graph.names) do
    local value = graph.attrs[name]
    if value ~= null then gml_member(out, "  ", name, value) end
  end
  local ids = graph:ids()
  local node_names, edge_names = written_names(schema.node, "node"), schema.edge.names
  for i, id in ipairs(ids) do
    out:add("  node [\n    id ", tostring(i - 1), "\n    label ", gml_scalar(id), "\n")
    gml_pairs(out, "    ", node_names, schema.node.values, i)
    out:add("  ]\n")
  end
  local sources, targets = graph:ends()
  for e = 1, #sources do
    out:add("  edge [\n    source ", tostring(sources[e] - 1), "\n    target ",
            tostring(targets[e] - 1), "\n")
    gml_pairs(out, "    ", edge_names, schema.edge.values, e)
    out:add("  ]\n")
  end
  out:add("]\n")
end

-- Pajek has no escapes: a value is a word, or a string in quotes that holds none.
local function pajek_value(v, where)
  if type(v) == "number" then return text.number(v) end
  if type(v) == "boolean" then return tostring(v) end
  local list = type(v) ~= "string"
  if list then v = text.json(v) end
  if v:find('["\r\n]') then
    error(string.format("%s holds %s, which Pajek cannot write: leave it out (-a omit=NAME), " ..
                        "or export as gml or graphml", where,
                        not list and "a quote or a line break" or "a list or an object"), 0)
  end
  return '"' .. v .. '"'
end

-- The "key value" pairs of element I of PART, but those in SKIP; WHERE(name) names the
-- attribute in messages.
local function pajek_pairs(out, part, names, i, skip, where)
  for k, name in ipairs(names) do
    local v = part.values[k][i]
    if v ~= nil and v ~= null and not skip[part.names[k]] then
      out:add(" ", name, " ", pajek_value(v, where(part.names[k])))
    end
  end
end

-- Pajek's own vertex shapes, which may stand in the vertex line.
local PAJEK_SHAPES = {ellipse = true, box = true, diamond = true, triangle = true,
                      cross = true, empty = true, man = true, woman = true}

-- A number that stands in a line (a coordinate, a weight), or DEFAULT when there is none;
-- anything else would be lost, and is refused.
local function pajek_number(v, default, where)
  if v == nil or v == null then return default end
  if type(v) ~= "number" then
    error(string.format("%s is %s, not a number: Pajek's coordinates and weights are " ..
                        "numbers (leave it out with -a omit=NAME, or export as gml)", where,
                        text.json(v)), 0)
  end
  return text.number(v)
end

-- As NetworkX writes Pajek (and reads it: a vertex's x, y and shape are not optional there,
-- nor an edge's weight): positions and shapes of their own or 0.0 0.0 ellipse, weights or 1.
-- A shape Pajek does not know is an attribute of its own after the ellipse.
local function write_pajek(graph, out)
  local schema = schema_of(graph)
  check_names(schema.node, "pajek", '^[^%s"]+$', "node", {})
  check_names(schema.edge, "pajek", '^[^%s"]+$', "edge", {})
  local ids = graph:ids()
  local column = function(name, domain)
    return omitted[name] and {} or graph:column(name, domain)
  end
  local x, y, shape = column("x", "nodes"), column("y", "nodes"), column("shape", "nodes")
  local node_names = written_names(schema.node, "node")
  local name = graph.attrs.name
  if type(name) == "string" and not omitted.name then  -- unquoted, as NetworkX reads it
    out:add("*Network ", pajek_value(name, "the graph's name"):sub(2, -2), "\n")
  end
  out:add("*Vertices ", tostring(#ids), "\n")
  for i, id in ipairs(ids) do
    local function where(name) return string.format("attribute '%s' of node '%s'", name, id) end
    local own_shape = PAJEK_SHAPES[shape[i]] and shape[i]
    out:add(tostring(i), " ", pajek_value(id, "the id of node '" .. id .. "'"), " ",
            pajek_number(x[i], "0.0", where("x")), " ", pajek_number(y[i], "0.0", where("y")),
            " ", own_shape or "ellipse")
    pajek_pairs(out, schema.node, node_names, i, {x = true, y = true, shape = own_shape},
                where)
    out:add("\n")
  end
  out:add(graph.directed and "*Arcs\n" or "*Edges\n")
  local sources, targets = graph:ends()
  local weights = column("weight", "edges")
  for e = 1, #sources do
    local function where(name)
      return string.format("attribute '%s' of edge '%s' -> '%s'", name, ids[sources[e]],
                           ids[targets[e]])
    end
    out:add(tostring(sources[e]), " ", tostring(targets[e]), " ",
            pajek_number(weights[e], "1", where("weight")))
    pajek_pairs(out, schema.edge, schema.edge.names, e, {weight = true}, where)
    out:add("\n")
  end
end

-- ---- run ---------------------------------------------------------------------------------

local writers = {
  graphml = write_graphml,
  gexf = write_gexf,
  ["node-link"] = write_node_link,
  gml = write_gml,
  pajek = write_pajek,
  ["csv-nodes"] = function(graph, out, args)
    write_csv(schema_of(graph).node, {"id"}, {graph:ids()}, out, args.raw)
  end,
  ["csv-edges"] = function(graph, out, args)
    write_csv(schema_of(graph).edge, {"source", "target"}, {edge_ends(graph, graph:ids())}, out,
              args.raw)
  end,
  ["neo4j-nodes"] = write_neo4j_nodes,
  ["neo4j-relationships"] = write_neo4j_relationships,
  -- GraphFrames' own names, in CSV that Spark and DuckDB read with a header (no formula guard:
  -- no spreadsheet reads them)
  ["graphframes-vertices"] = function(graph, out)
    write_csv(schema_of(graph).node, {"id"}, {graph:ids()}, out, true)
  end,
  ["graphframes-edges"] = function(graph, out)
    write_csv(schema_of(graph).edge, {"src", "dst"}, {edge_ends(graph, graph:ids())}, out, true)
  end,
}

-- Node-link, CSV, Neo4j and GraphFrames name a node's id "id" and an edge's ends "source" and
-- "target" (or "src" and "dst"): an attribute of that name (GraphML, JGF metadata and Cytoscape
-- can have one) would write a second field of the same name and a file that says something
-- else. Refuse, and say which. The names each format keeps, for the nodes and the edges it
-- writes:
local RESERVED = {
  ["node-link"] = {nodes = {"id"}, edges = {"source", "target"}},
  ["csv-nodes"] = {nodes = {"id"}, edges = {}},
  ["csv-edges"] = {nodes = {}, edges = {"source", "target"}},
  ["neo4j-nodes"] = {nodes = {"id"}, edges = {}},
  ["graphframes-vertices"] = {nodes = {"id"}, edges = {}},
  ["graphframes-edges"] = {nodes = {}, edges = {"src", "dst"}},
}

-- The first element of DOMAIN with attribute NAME, or nil.
local function first_with(graph, domain, name)
  local values, n = graph:column(name, domain)
  for i = 1, n do
    if values[i] ~= nil then
      return domain == "nodes" and graph:node_at(i) or graph:edge_at(i)
    end
  end
end

local function check_reserved_names(graph, fmt)
  for _, name in ipairs(RESERVED[fmt].nodes) do
    local node = first_with(graph, "nodes", name)
    if node then
      error(string.format("node '%s' has an attribute named '%s', which %s keeps for the " ..
                          "node's own id: rename the attribute, or export as graphml", node.id,
                          name, fmt), 0)
    end
  end
  for _, name in ipairs(RESERVED[fmt].edges) do
    local edge = first_with(graph, "edges", name)
    if edge then
      error(string.format("edge '%s' -> '%s' has an attribute named '%s', which %s keeps " ..
                          "for the edge's end: rename the attribute, or export as graphml",
                          edge.source.id, edge.target.id, name, fmt), 0)
    end
  end
end

function plugin.run(graph, args)
  if not args.format then
    cpecgraph.usage("argument 'format': give one of " .. table.concat(FORMATS, ", ") ..
                    " (-a format=graphml)")
  end
  omitted = {}
  for name in (args.omit or ""):gmatch("[^,]+") do omitted[name] = true end
  if RESERVED[args.format] then check_reserved_names(graph, args.format) end
  local out = text.buffer(io.write)
  writers[args.format](graph, out, args)
  out:flush()
end

return plugin

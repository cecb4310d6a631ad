-- cpg.format: output helpers shared by the bundled plugins: aligned text tables, RFC 4180 CSV,
-- JSON, and number formatting. Plugins `require "cpg.format"`.
local format = {}

-- The display width of S: its number of UTF-8 characters (bytes if S is not valid UTF-8).
local function width(s)
  return utf8.len(s) or #s
end

local function pad(s, w, right)
  local gap = string.rep(" ", w - width(s))
  return right and gap .. s or s .. gap
end

-- format.table(headers, rows[, right]) -> text: columns aligned to their widest cell; right[i]
-- aligns column i to the right (numbers). Line breaks and tabs in cells become spaces.
-- S without the blanks at its end. Not gsub("%s+$", ""): on a long run of blanks that is
-- not at the end (a padded cell 300k wide), the pattern retries from every blank, which is
-- quadratic.
local function trim_end(s)
  local n = #s
  while n > 0 and s:byte(n) <= 32 and (" \t\r\n\f\v"):find(s:sub(n, n), 1, true) do
    n = n - 1
  end
  return s:sub(1, n)
end

function format.table(headers, rows, right)
  right = right or {}
  -- one line per row; other control characters (an escape sequence in a hostile id would
  -- retitle the terminal, or hide the rows above) are shown as \xHH
  local function flat(cell)
    return (tostring(cell):gsub("[\r\n\t]", " "):gsub("%c", function(c)
      return string.format("\\x%02x", c:byte())
    end))
  end
  headers = {table.unpack(headers)}
  for i, h in ipairs(headers) do headers[i] = flat(h) end
  local flat_rows = {}
  for r, row in ipairs(rows) do
    flat_rows[r] = {}
    for i, cell in ipairs(row) do flat_rows[r][i] = flat(cell) end
  end
  rows = flat_rows
  local widths = {}
  for i, h in ipairs(headers) do widths[i] = width(h) end
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row) do widths[i] = math.max(widths[i] or 0, width(cell)) end
  end
  local lines = {}
  local function line(cells)
    local out = {}
    for i, cell in ipairs(cells) do out[i] = pad(cell, widths[i], right[i]) end
    lines[#lines + 1] = trim_end(table.concat(out, "  "))
  end
  line(headers)
  local rule = {}
  for i = 1, #headers do rule[i] = string.rep("-", widths[i]) end
  line(rule)
  for _, row in ipairs(rows) do line(row) end
  return table.concat(lines, "\n")
end

-- A number for a human: integers as they are, others with DIGITS significant digits.
function format.number(x, digits)
  if math.type(x) == "integer" or (x == math.floor(x) and math.abs(x) < 1e15) then
    return string.format("%d", x)
  end
  return string.format("%." .. (digits or 4) .. "g", x)
end

-- A number for a machine: every digit needed to read the same double back.
function format.full(x)
  if math.type(x) == "integer" then return string.format("%d", x) end
  return string.format("%.17g", x)
end

-- One CSV field, quoted as RFC 4180 requires (commas, quotes, line breaks); nil is empty. A
-- text that a spreadsheet would run as a formula (= + - @ first) gets a leading ', unless RAW.
function format.csv_field(value, raw)
  if value == nil then return "" end
  if type(value) ~= "string" and type(value) ~= "number" then value = tostring(value) end
  return (raw and cpecgraph.text.csv_raw or cpecgraph.text.csv)(value)
end

-- One CSV record, CRLF-terminated as RFC 4180 says.
function format.csv_row(fields, raw)
  local out = {}
  for i, f in ipairs(fields) do out[i] = format.csv_field(f, raw) end
  return table.concat(out, ",") .. "\r\n"
end

-- The plugin argument that turns the formula guard off, the same in every plugin with CSV.
format.raw_arg = {type = "boolean", default = false,
                  help = "csv: write text as it is; by default a text that begins with = + - @, " ..
                         "a tab or a carriage return gets a leading ', so that a spreadsheet " ..
                         "shows it instead of running it as a formula"}

format.json = cpecgraph.to_json

-- format.span(start, end) -> text: an element's time as n:time() gives it, read back as the
-- date it most likely was: "2015", "2015-07", "2015-07-14", an instant, or a range whose last
-- day is shown (ends are exclusive), "…" for an open end.
local DAY = 86400

local function moment(t)
  if t % DAY == 0 then return os.date("!%Y-%m-%d", t) end
  return os.date(t % 60 == 0 and "!%Y-%m-%dT%H:%MZ" or "!%Y-%m-%dT%H:%M:%SZ", math.floor(t))
end

local function last_day(t)
  return t % DAY == 0 and os.date("!%Y-%m-%d", t - DAY) or moment(t)
end

function format.span(s, e)
  if s == e or (e - s == 60 and s % 60 == 0) then return moment(s) end  -- an instant, a minute
  if e - s == 3600 and s % 3600 == 0 then return os.date("!%Y-%m-%dT%HZ", s) end
  local open_start, open_end = s == -math.huge, e == math.huge
  if not open_start and not open_end and s % DAY == 0 and e % DAY == 0 then
    local a, b = os.date("!*t", s), os.date("!*t", e)
    local months = (b.year * 12 + b.month) - (a.year * 12 + a.month)
    if e - s == DAY then return moment(s) end
    if a.day == 1 and b.day == 1 and a.month == 1 and b.month == 1 and months == 12 then
      return tostring(a.year)
    end
    if a.day == 1 and b.day == 1 and months == 1 then return os.date("!%Y-%m", s) end
  end
  return (open_start and "…" or moment(s)) .. " – " .. (open_end and "…" or last_day(e))
end

-- The name a node is shown by: its "label" attribute when it is text, else its "name" (as
-- Cytoscape, TinkerPop and D3 files have it), else its id.
function format.label(node)
  local label, name = node.label, node.name
  return type(label) == "string" and label or type(name) == "string" and name or node.id
end

-- The "type" of a node or edge as text ("" when absent).
function format.kind(element)
  local kind = element.type
  return type(kind) == "string" and kind or ""
end

-- Shortens S to at most N characters, marking the cut with an ellipsis.
function format.shorten(s, n)
  if width(s) <= n then return s end
  return s:sub(1, utf8.offset(s, n) - 1) .. "…"
end

return format

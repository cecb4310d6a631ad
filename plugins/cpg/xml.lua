-- cpg.xml: safe XML 1.0 text for the plugins that write XML (export's GraphML and GEXF). Every
-- text from the data goes through xml.text or xml.attr, so that no id, label or value can close
-- an element, open a new one, or make the document ill-formed.
local xml = {}

xml.declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'

-- XML 1.0 forbids the control characters other than tab, line feed and carriage return, and
-- the non-characters U+FFFE and U+FFFF (even as character references). They are replaced by
-- U+FFFD, the replacement character, so that a reader sees that something was there. (NUL
-- and invalid UTF-8 never reach a plugin: attributes cannot hold them.)
local FORBIDDEN = "[\1-\8\11\12\14-\31]"
local NONCHARACTER = "\239\191[\190\191]"
local REPLACEMENT = "\239\191\189"

local function clean(s)
  if not s:find("[\1-\8\11\12\14-\31\239]") then return s end
  return (s:gsub(FORBIDDEN, REPLACEMENT):gsub(NONCHARACTER, REPLACEMENT))
end

-- Character data (between tags): markup characters escaped, and a carriage return as a
-- reference, which parsers would otherwise read as a line feed.
local TEXT = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ["\r"] = "&#13;"}

function xml.text(s)
  s = tostring(s)
  if not s:find("[%c&<>\239]") then return s end -- most text: nothing to do
  return (clean(s):gsub("[&<>\r]", TEXT))
end

-- An attribute value, to be written between double quotes. Tabs and line breaks become
-- references: parsers turn raw ones into spaces in attribute values.
local ATTR = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
              ["\t"] = "&#9;", ["\n"] = "&#10;", ["\r"] = "&#13;"}

function xml.attr(s)
  s = tostring(s)
  if not s:find('[%c&<>"\239]') then return s end
  return (clean(s):gsub('[&<>"\t\n\r]', ATTR))
end

return xml

-- cpg.xml: safe XML 1.0 text for the plugins that write XML (export's GraphML and GEXF). Every
-- text from the data goes through xml.text or xml.attr (or the "%x" and "%a" of a
-- cpecgraph.text template), so that no id, label or value can close an element, open a new one,
-- or make the document ill-formed.
local xml = {}

xml.declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'

-- Character data (between tags): markup characters escaped, and a carriage return as a
-- reference, which parsers would otherwise read as a line feed. XML 1.0 forbids the control
-- characters other than tab, line feed and carriage return, and the non-characters U+FFFE and
-- U+FFFF (even as character references): they become U+FFFD, the replacement character, so
-- that a reader sees that something was there. (NUL and invalid UTF-8 never reach a plugin:
-- attributes cannot hold them.) cpecgraph.text.xml; "%x" in its templates.
xml.text = cpecgraph.text.xml

-- An attribute value, to be written between double quotes: the same, and quotes, tabs and line
-- breaks as references (parsers turn raw ones into spaces in attribute values).
-- cpecgraph.text.xml_attr; "%a" in its templates.
xml.attr = cpecgraph.text.xml_attr

return xml

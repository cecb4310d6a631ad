local s = ("ab"):rep(20) .. "c"
print(s:find("(a)(b)%1", 1), s:match("^(.-)c$"), s:gsub("%w", {a = "A"}))
print(("x = 1, y = 2"):gsub("(%w+) = (%w+)", "%2 = %1"))
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do print(k, v) end
print(pcall(string.rep, "x", -1), pcall(string.find, "x", "[a"), ("%f[%w]%w+"):len())
print(string.format("%q %5.2f %x %s %-5d|", "a\0b\n", 3.14159, 255, {}, 7))
print(utf8.char(72, 228, 8364, 0x10FFFF), utf8.len("\xff"), #utf8.charpattern)
print(string.pack("<i4 z", 7, "x"):byte(1, -1))

#!/usr/bin/python3
"""test_osint_formats.py: the OSINT world's formats: STIX 2.1 bundles, FollowTheMoney entities
and GDELT 2.0 event files, each written here from its published description (STIX's examples,
FtM's schemata, GDELT's codebook), read by the built binary and checked mapping rule by mapping
rule, with one case per error class; the plugins on each; and the Neo4j and GraphFrames
exports, read back with Python's csv module and checked against Neo4j's import format.

Usage: test_osint_formats.py CPECGRAPH TESTDATA_DIR   (last line: 'N passed, N failed')"""
import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402
from test_formats import BIN, DATA, DUMP, dump, error_of, run, write  # noqa: E402

OSINT = os.path.join(DATA, "osint")


def edges_of(graph, **match):
    """The edges of a dumped graph whose attributes include MATCH."""
    return [e for e in graph["edges"] if all(e[2].get(k) == v for k, v in match.items())]


def nodes_of(graph):
    return {n[0]: n[1] for n in graph["nodes"]}


def notes_of(path, *options):
    code, _, err = run("-v", *options, "--check", path)
    expect(code, 0, f"exit ({err})")
    return err


# ---- STIX 2.1 --------------------------------------------------------------------------------

ACTOR = "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f"
MALWARE = "malware--d1c612bc-146f-4b65-b7b0-9a54a14150a4"
IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"
LOCATION = "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"
REPORT = "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"
MARKING = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
IPV4 = "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"
RELATIONSHIP = "relationship--d44019b6-b8f7-4cb3-837e-7fd3c5724b87"
TLP_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"  # predefined, not bundled


def stix_objects():
    """A bundle in the manner of the STIX 2.1 specification's examples: every kind of object
    and every mapping rule once."""
    common = {"spec_version": "2.1", "created": "2016-04-06T20:03:00.000Z",
              "modified": "2016-04-06T20:03:00.000Z"}
    return [
        dict(common, type="identity", id=IDENTITY, name="ACME Widget, Inc.",
             identity_class="organization"),
        dict(common, type="threat-actor", id=ACTOR, name="Adversary Bravo",
             created_by_ref=IDENTITY, modified="2015-05-07T14:22:14.760Z",
             threat_actor_types=["spy"], object_marking_refs=[MARKING],
             external_references=[{"source_name": "ACME", "external_id": "TA-7",
                                   "description": "ACME's profile of Bravo"}]),
        # an older version of the same object: its modified time has fewer fraction digits
        dict(common, type="threat-actor", id=ACTOR, name="Adversary Bravo (old)",
             modified="2015-05-07T14:22:14.5Z"),
        dict(common, type="malware", id=MALWARE, name="Poison Ivy Variant d1c6", is_family=False),
        dict(common, type="relationship", id=RELATIONSHIP,
             relationship_type="uses", source_ref=ACTOR, target_ref=MALWARE,
             start_time="2015-05-01T00:00:00Z", stop_time="2015-06-01T00:00:00Z", confidence=80,
             description="Adversary Bravo uses Poison Ivy",
             external_references=[{"source_name": "ACME report",
                                   "url": "https://example.com/report"}]),
        dict(common, type="location", id=LOCATION, name="Islamabad", country="PK"),
        {"type": "ipv4-addr", "spec_version": "2.1", "id": IPV4, "value": "198.51.100.3"},
        dict(common, type="sighting", id="sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
             sighting_of_ref=MALWARE, where_sighted_refs=[LOCATION, IDENTITY], count=3,
             first_seen="2016-04-01T00:00:00Z"),
        {"type": "marking-definition", "spec_version": "2.1", "id": MARKING,
         "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp", "name": "TLP:GREEN",
         "definition": {"tlp": "green"}},
        dict(common, type="report", id=REPORT, name="The Black Vine Cyberespionage Group",
             published="2016-01-20T17:00:00.000Z",
             object_refs=[ACTOR, MALWARE, IPV4, RELATIONSHIP, TLP_WHITE]),
    ]


def stix_bundle(objects=None):
    return json.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                       "objects": stix_objects() if objects is None else objects}, indent=1)


def case_stix_objects_become_nodes_and_relations_edges():
    path = write("cti.json", stix_bundle())  # told from the content, not the name
    g = dump(path)
    expect(g["directed"], True, "directed")
    expect(g["attrs"], {"stix_bundle": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}, "graph")
    nodes = nodes_of(g)
    expect(sorted(nodes), sorted([IDENTITY, ACTOR, MALWARE, LOCATION, IPV4, REPORT]), "nodes")
    expect({k: (v["type"], v.get("label")) for k, v in nodes.items()},
           {IDENTITY: ("identity", "ACME Widget, Inc."), ACTOR: ("threat-actor", "Adversary Bravo"),
            MALWARE: ("malware", "Poison Ivy Variant d1c6"), LOCATION: ("location", "Islamabad"),
            IPV4: ("ipv4-addr", "198.51.100.3"),
            REPORT: ("report", "The Black Vine Cyberespionage Group")}, "types and labels")
    actor = nodes[ACTOR]
    expect((actor["threat_actor_types"], actor["object_marking_refs"]), (["spy"], [MARKING]),
           "lists and markings stay attributes")
    expect((actor["evidence"], actor["evidence_source"]), ("ACME's profile of Bravo", "ACME TA-7"),
           "a node's evidence: a reference without a URL is cited by name and id")
    uses = edges_of(g, type="uses")
    expect(len(uses), 1, "one relationship")
    src, dst, attrs = uses[0]
    expect((src, dst), (ACTOR, MALWARE), "relationship ends")
    expect({k: attrs[k] for k in ("start_time", "stop_time", "confidence", "evidence",
                                  "evidence_source", "stix_id")},
           {"start_time": "2015-05-01T00:00:00Z", "stop_time": "2015-06-01T00:00:00Z",
            "confidence": 80, "evidence": "Adversary Bravo uses Poison Ivy",
            "evidence_source": "https://example.com/report",
            "stix_id": "relationship--d44019b6-b8f7-4cb3-837e-7fd3c5724b87"}, "relationship")
    expect("source_ref" in attrs or "relationship_type" in attrs, False, "ends left out")
    expect(sorted((e[0], e[1], e[2]["count"]) for e in edges_of(g, type="sighting")),
           sorted([(MALWARE, LOCATION, 3), (MALWARE, IDENTITY, 3)]), "a sighting, per place")
    expect([(e[0], e[1]) for e in edges_of(g, type="created_by_ref")], [(ACTOR, IDENTITY)],
           "created_by_ref")
    expect([e[1] for e in edges_of(g, type="object_refs")], [ACTOR, MALWARE, IPV4], "object_refs")
    expect(nodes[REPORT]["object_refs"], [RELATIONSHIP, TLP_WHITE],
           "references to what is no node (a relationship, a marking) stay an attribute")
    expect(len(g["edges"]), 7, "edges")
    code, _, err = run("--check", path)
    expect((code, err), (0, f"cpecgraph: {path}: warning: 1 older version of objects left out (the "
                            "latest 'modified' is read)\n"), "a warning without -v")
    contains(notes_of(path), "note: 1 marking, language or extension definition not read as "
             "nodes\n")


def case_stix_references_can_stay_attributes():
    g = dump(write("refs.stix.json", stix_bundle()), "-O", "refs=false")
    expect(sorted({e[2]["type"] for e in g["edges"]}), ["sighting", "uses"], "edge types")
    expect(nodes_of(g)[REPORT]["object_refs"], [ACTOR, MALWARE, IPV4, RELATIONSHIP, TLP_WHITE],
           "kept as a list")
    expect(nodes_of(g)[ACTOR]["created_by_ref"], IDENTITY, "kept as a string")


def case_stix_bundles_merge_and_refer_to_each_other():
    objects = stix_objects()
    first = write("first.stix.json", stix_bundle(objects[:4]))  # the identity and the actor
    second = write("second.stix.json", stix_bundle(objects[4:]))  # what refers to them
    code, out, err = run("-e", DUMP, first, second)
    expect(code, 0, f"exit ({err})")
    expect(len(json.loads(out)["edges"]), 7, "the edges of both, the second referring to the first")


def case_a_bare_array_of_stix_objects_is_read_too():
    g = dump(write("array.json", json.dumps(stix_objects())))
    expect(len(g["nodes"]), 6, "nodes")
    objects = stix_objects()
    objects[4] = dict(objects[4], target_ref="malware--00000000-0000-4000-8000-000000000000")
    path = write("array-missing.json", json.dumps(objects))
    contains(error_of(path), f"{path}: /4/target_ref: ", "a bare array's pointers")


def case_a_sighting_without_places_is_a_node():
    objects = stix_objects()
    objects[7].pop("where_sighted_refs")
    g = dump(write("sighting.stix.json", stix_bundle(objects)))
    sighting = objects[7]["id"]
    expect((nodes_of(g)[sighting]["type"], nodes_of(g)[sighting]["count"]), ("sighting", 3),
           "the sighting, a node")
    expect([(e[0], e[1]) for e in edges_of(g, type="sighting_of_ref")], [(sighting, MALWARE)],
           "to what was seen")


def case_stix_errors_have_pointers():
    objects = stix_objects()
    objects[4] = dict(objects[4], target_ref="malware--00000000-0000-4000-8000-000000000000")
    path = write("missing.json", stix_bundle(objects))
    expect(error_of(path).splitlines()[0], f"cpecgraph: {path}: /objects/4/target_ref: "
           "'malware--00000000-0000-4000-8000-000000000000' is not in the bundle (with -O stubs=true, a stub node stands "
           "for it)", "a reference to an object the bundle does not hold")
    g = dump(path, "-O", "stubs=true")
    stub = nodes_of(g)["malware--00000000-0000-4000-8000-000000000000"]
    expect(stub, {"stub": True, "type": "malware"}, "a stub, typed by its id")
    objects[4] = dict(objects[4], target_ref="attack-pattern--00000000-0000-4000-8000-00000000000")
    g = dump(write("missing2.json", stix_bundle(objects)), "-O", "stubs=true")
    expect(nodes_of(g)["attack-pattern--00000000-0000-4000-8000-00000000000"]["type"],
           "attack-pattern", "a type with a hyphen")
    cases = [
        (lambda o: o.__setitem__(4, dict(o[4], target_ref=MARKING)),
         f"/objects/4/target_ref: '{MARKING}' is a marking-definition, which is not a node"),
        (lambda o: o.__setitem__(0, dict(o[0], id="malware--f431f809-377b-45e0-aa1c-6a4751cae5ff")),
         "/objects/0/id: the id 'malware--f431f809-377b-45e0-aa1c-6a4751cae5ff' does not begin "
         "with its type 'identity--'"),
        (lambda o: o.__setitem__(3, 7), "/objects/3: a STIX object must be an object, got number"),
        (lambda o: o[7].__setitem__("where_sighted_refs", LOCATION), "/objects/7/"
         "where_sighted_refs: 'where_sighted_refs' must be a list of ids"),
        (lambda o: o[4].pop("relationship_type"), "/objects/4/relationship_type: a relationship "
         "has a string 'relationship_type'"),
        (lambda o: o[9].__setitem__("object_refs", [ACTOR, 5]), "/objects/9/object_refs/1: a "
         "reference is an id string, got number"),
        (lambda o: o[7]["where_sighted_refs"].append(REPORT + "x"), "/objects/7/"
         f"where_sighted_refs/2: '{REPORT}x' is not in the bundle (with -O stubs=true, a stub "
         "node stands for it)"),
    ]
    for k, (change, message) in enumerate(cases):
        objects = stix_objects()
        change(objects)
        path = write(f"bad{k}.stix.json", stix_bundle(objects))
        expect(error_of(path).splitlines()[0], f"cpecgraph: {path}: {message}", message)
    path = write("not-stix.json", '{"nodes": [{"id": "a"}], "edges": []}')
    expect(error_of(path, "-O", "refs=false"), f"cpecgraph: {path}: --format-option refs: "
           "NetworkX node-link JSON takes no options", "a STIX option on another document")
    path = write("no-objects.stix.json", '{"type": "bundle", "id": "bundle--1", "objects": 3}')
    expect(error_of(path, "--format", "stix"), f"cpecgraph: {path}: /objects: a STIX bundle has "
           "an array 'objects'", "objects not an array")


# ---- FollowTheMoney --------------------------------------------------------------------------

def ftm(id, schema, **props):
    """An entity as Aleph and OpenSanctions export it: every property a list of strings."""
    return {"id": id, "schema": schema,
            "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()}}


# FtM's edge schemata (FtM's own `edge: source, target`) and the two things each joins here
FTM_EDGES = [
    ("Ownership", "owner", "asset", "c-cosco", "c-gwadar"),
    ("Directorship", "director", "organization", "p-dar", "o-ministry"),
    ("Membership", "member", "organization", "o-ministry", "o-sco"),
    ("Employment", "employee", "employer", "p-dar", "o-ministry"),
    ("Family", "person", "relative", "p-wang", "p-dar"),
    ("Associate", "person", "associate", "p-dar", "p-wang"),
    ("Representation", "agent", "client", "c-cosco", "o-ministry"),
    ("UnknownLink", "subject", "object", "c-gwadar", "o-sco"),
    ("Payment", "payer", "beneficiary", "c-cosco", "c-gwadar"),
    ("Occupancy", "holder", "post", "p-dar", "pos-fm"),
    ("ProjectParticipant", "participant", "project", "c-cosco", "proj-cpec"),
    ("Succession", "predecessor", "successor", "o-ministry", "o-sco"),
    ("Debt", "debtor", "creditor", "c-gwadar", "c-cosco"),
    ("ContractAward", "contract", "supplier", "k-1", "c-cosco"),
    ("Documentation", "document", "entity", "doc-1", "c-gwadar"),
    ("CourtCaseParty", "party", "case", "c-cosco", "case-1"),
]


def ftm_entities():
    things = [
        dict(ftm("p-wang", "Person", name="Wang Yi", nationality="cn"),
             caption="Wang Yi (FM)", datasets=["cn_officials"], target=False),
        ftm("p-dar", "Person", name=["Ishaq Dar", "Muhammad Ishaq Dar"], country="pk"),
        ftm("c-cosco", "Company", name="COSCO Shipping", jurisdiction="cn",
            addressEntity="addr-1", proof="doc-1"),
        ftm("c-gwadar", "Company", name="Gwadar Port Authority", jurisdiction="pk"),
        ftm("o-ministry", "PublicBody", name="Ministry of Foreign Affairs of Pakistan"),
        ftm("o-sco", "Organization", name="Shanghai Cooperation Organisation"),
        ftm("addr-1", "Address", full="Shanghai, China"),
        ftm("doc-1", "Document", title="Gwadar concession agreement"),
        ftm("pos-fm", "Position", name="Foreign Minister of Pakistan", organization="o-ministry"),
        ftm("proj-cpec", "Project", name="China-Pakistan Economic Corridor"),
        ftm("case-1", "CourtCase", name="Gwadar tariff case"),
        ftm("k-1", "Contract", title="Port operation contract", authority="o-ministry",
            name="C-17"),
        ftm("post-1", "Post", organization="Ministry of Foreign Affairs", role="adviser",
            holder="p-dar"),
        ftm("ev-1", "Event", name="Sixth Strategic Dialogue", date="2025-08-21",
            involved=["p-wang", "p-dar"], organizer="o-ministry"),
        ftm("x-1", "Spaceship", name="Enterprise"),
        ftm("id-1", "Identification", number="AB123", type="Passport", holder="p-dar"),
    ]
    relations = []
    for k, (schema, source, target, a, b) in enumerate(FTM_EDGES):
        relations.append(ftm(f"rel-{k}", schema, **{source: a, target: b}, role="r%d" % k))
    # the provenance and values of one relation
    relations[0]["properties"].update(percentage=["40"], startDate=["2013-02"],
                                      sourceUrl=["https://example.org/gwadar"],
                                      publisher=["Dawn"],
                                      summary=["COSCO holds 40% of the port operator"])
    relations[12]["properties"].update(amount=["nan"])  # Debt: no number, so a list of text
    relations[8]["properties"].update(amount=["1250000.5"], currency=["usd"],
                                      date=["2024-01-05", "2024-02-05"],
                                      description=["two instalments"])
    # relations come before and after the things they join: a file is read whole
    return relations[:5] + things + relations[5:]


def ftm_file(name, entities=None):
    return write(name, "".join(json.dumps(e) + "\n" for e in (entities or ftm_entities())))


def case_ftm_things_become_nodes():
    g = dump(ftm_file("cpec.ftm.json"))
    expect(g["directed"], True, "directed")
    nodes = nodes_of(g)
    expect(len(nodes), 16, "every thing a node")
    expect((nodes["id-1"]["type"], nodes["id-1"]["ftm_type"], nodes["id-1"]["label"]),
           ("Identification", ["Passport"], "AB123"), "FtM's own type property is ftm_type")
    expect({k: (v["type"], v.get("label")) for k, v in nodes.items() if k != "x-1"}, {
        "p-wang": ("Person", "Wang Yi (FM)"), "p-dar": ("Person", "Ishaq Dar"),
        "c-cosco": ("Company", "COSCO Shipping"), "c-gwadar": ("Company", "Gwadar Port Authority"),
        "o-ministry": ("PublicBody", "Ministry of Foreign Affairs of Pakistan"),
        "o-sco": ("Organization", "Shanghai Cooperation Organisation"),
        "addr-1": ("Address", "Shanghai, China"), "doc-1": ("Document",
                                                            "Gwadar concession agreement"),
        "pos-fm": ("Position", "Foreign Minister of Pakistan"),
        "proj-cpec": ("Project", "China-Pakistan Economic Corridor"),
        "case-1": ("CourtCase", "Gwadar tariff case"),
        "ev-1": ("Event", "Sixth Strategic Dialogue"),
        "k-1": ("Contract", "Port operation contract"),  # a Contract is captioned by its title
        "post-1": ("Post", "Ministry of Foreign Affairs"),
        "id-1": ("Identification", "AB123")},
        "type = schema, label = caption, else the schema's caption properties")
    expect(nodes["post-1"]["organization"], ["Ministry of Foreign Affairs"],
           "a Post's organization is text, not an entity")
    expect(nodes["p-dar"]["name"], ["Ishaq Dar", "Muhammad Ishaq Dar"], "lists stay lists")
    expect(nodes["p-wang"]["nationality"], ["cn"], "one value is still a list")
    expect((nodes["p-wang"]["datasets"], nodes["p-wang"]["is_target"]), (["cn_officials"], False),
           "other members kept; OpenSanctions' target is is_target")
    expect(nodes["ev-1"]["date"], "2025-08-21", "a single date is a scalar")


def case_ftm_relations_become_edges():
    g = dump(ftm_file("rel.ftm.json"))
    for k, (schema, source, target, a, b) in enumerate(FTM_EDGES):
        got = [(e[0], e[1]) for e in edges_of(g, type=schema)]
        expect(got, [(a, b)], f"{schema}: {source} -> {target}")
        attrs = edges_of(g, type=schema)[0][2]
        expect((attrs["ftm_id"], attrs["role"]), (f"rel-{k}", ["r%d" % k]), f"{schema} attributes")
        expect(source in attrs or target in attrs, False, f"{schema}: ends left out")
    own = edges_of(g, type="Ownership")[0][2]
    expect({k: own[k] for k in ("percentage", "startDate", "evidence", "evidence_source",
                                "publisher", "sourceUrl")},
           {"percentage": 40, "startDate": "2013-02",
            "evidence": "COSCO holds 40% of the port operator",
            "evidence_source": "https://example.org/gwadar", "publisher": ["Dawn"],
            "sourceUrl": ["https://example.org/gwadar"]}, "provenance as evidence")
    pay = edges_of(g, type="Payment")[0][2]
    expect((pay["amount"], pay["date"], pay["evidence"]),
           (1250000.5, ["2024-01-05", "2024-02-05"], "two instalments"),
           "an amount is a number; two dates stay a list")
    expect(edges_of(g, type="Debt")[0][2]["amount"], ["nan"], "'nan' is no number")
    refs = sorted((e[0], e[1], e[2]["type"]) for e in g["edges"] if len(e[2]) == 1)
    expect(refs, sorted([("c-cosco", "addr-1", "addressEntity"), ("c-cosco", "doc-1", "proof"),
                         ("pos-fm", "o-ministry", "organization"),
                         ("ev-1", "p-wang", "involved"), ("ev-1", "p-dar", "involved"),
                         ("ev-1", "o-ministry", "organizer"), ("k-1", "o-ministry", "authority"),
                         ("post-1", "p-dar", "holder"), ("id-1", "p-dar", "holder")]),
           "entity-valued properties of things are edges named after the property")
    expect(len(g["edges"]), len(FTM_EDGES) + 9, "edges")


def case_ftm_is_told_from_the_content_and_streams():
    path = ftm_file("entities.jsonl")  # a JSON Lines name, FtM content
    expect(len(dump(path)["nodes"]), 16, "a .jsonl of entities")
    text = "".join(json.dumps(e) + "\n" for e in ftm_entities())
    code, out, err = run("--check", "-", stdin=text)
    expect((code, out.split(";")[0]), (0, "<stdin>: 16 nodes, 25 edges, directed"),
           f"from a pipe ({err})")
    code, out, err = run("--format", "ftm", "--check", "-", stdin=text)
    expect(code, 0, f"forced ({err})")
    line = 1 + [e["schema"] for e in ftm_entities()].index("Spaceship")
    code, _, err = run("--check", path)
    contains(err, f":{line}: /schema: warning: 'Spaceship' is not a FollowTheMoney "
             "schema: its entities are read as nodes, none of whose properties is taken for a "
             "relation")


def case_ftm_lines_in_a_json_lines_file_are_never_plain_nodes():
    first = {"id": "x", "schema": "Person"}  # no properties: still an entity
    path = ftm_file("first.jsonl", [first] + ftm_entities())
    expect(nodes_of(dump(path))["x"], {"type": "Person"}, "told from a first line without "
           "properties")
    path = ftm_file("mixed.jsonl", [{"id": "x", "type": "Person"}] + ftm_entities())
    expect(error_of(path).splitlines()[0], f"cpecgraph: {path}:2: a FollowTheMoney entity in a "
           "file read as JSON Lines, whose first element is not one: give --format ftm",
           "an entity after a plain node")


def case_ftm_errors_name_the_line():
    entities = ftm_entities()
    entities.append(ftm("rel-x", "Ownership", owner="c-cosco", asset="c-nowhere"))
    path = ftm_file("partial.ftm.json", entities)
    n = len(entities)
    expect(error_of(path).splitlines()[-1],
           f"cpecgraph: {path}:{n}: /properties/asset: unknown node 'c-nowhere'",
           "an entity the file does not hold")
    g = dump(path, "-O", "stubs=true")
    expect(nodes_of(g)["c-nowhere"], {"stub": True}, "with -O stubs=true, a stub node")
    later = ftm_file("later.ftm.json", [ftm("c-nowhere", "Company", name="Found Ltd")])
    code, out, err = run("-O", "stubs=true", "-e", DUMP, path, later)
    expect((code, nodes_of(json.loads(out))["c-nowhere"]),
           (0, {"type": "Company", "label": "Found Ltd", "name": ["Found Ltd"]}),
           f"declared by a later file: no stub ({err})")
    contains(notes_of(path, "-O", "stubs=true"), "note: 1 stub node for ids the edges name and "
             "no line holds")
    cases = [
        (ftm("rel-y", "Ownership", owner="c-cosco"), "/properties/asset: an Ownership is an edge, "
         "and names its target in 'asset'"),
        ({"id": "p-x", "schema": "Person", "properties": {"name": "Ana"}}, "/properties/name: an "
         "FtM property is a list of strings, got string"),
        ({"id": "p-x", "schema": "Person", "properties": {"name": ["Ana", 3]}}, "/properties/name: "
         "an FtM property is a list of strings, got a list holding number"),
        ({"id": "", "schema": "Person", "properties": {}}, "/id: an FtM entity has a string 'id'"),
        ({"id": "p-x", "schema": "Person", "properties": []}, "/properties: 'properties' must be "
         "an object, got array"),
        ([1, 2], ": expected an FtM entity (an object), got array"),
        (ftm("p-dar", "Person", nationality="pk"), "/id: duplicate id 'p-dar' (first declared "
         "on line 2); merge FtM fragments first: ftm aggregate < in.ftm.json > out.ftm.json"),
        (ftm("p-dar", "Family", person="p-wang", relative="o-sco"), "/id: duplicate id 'p-dar' "
         "(first declared on line 2); merge FtM fragments first: ftm aggregate < in.ftm.json > "
         "out.ftm.json"),
    ]
    five = [e for e in ftm_entities() if e["id"] in ("p-wang", "p-dar", "c-gwadar", "o-ministry",
                                                      "o-sco")]
    family = ftm("rel-f", "Family", person="p-wang", relative="p-dar")
    path = ftm_file("fragments.ftm.json", five + [family, dict(family, properties={
        "relationship": ["cousin"]})])
    expect(error_of(path), f"cpecgraph: {path}:7: /id: duplicate id 'rel-f' (first declared on "
           "line 6); merge FtM fragments first: ftm aggregate < in.ftm.json > out.ftm.json",
           "a relation's fragments would be two edges")
    for k, (entity, message) in enumerate(cases):
        path = ftm_file(f"bad{k}.ftm.json", five + [entity])
        sep = "" if message.startswith(":") else ": "
        expect(error_of(path).splitlines()[0], f"cpecgraph: {path}:6{sep}{message}", message)


# ---- GDELT 2.0 -------------------------------------------------------------------------------

# The 61 columns of a GDELT 2.0 event record, as its codebook lists them.
GDELT_COLUMNS = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"] +
    [f"Actor{a}{f}" for a in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")] +
    ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
     "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"] +
    [f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")] +
    ["DATEADDED", "SOURCEURL"])
assert len(GDELT_COLUMNS) == 61

ISLAMABAD = {"Type": "4", "FullName": "Islamabad, Islamabad, Pakistan", "CountryCode": "PK",
             "ADM1Code": "PK08", "Lat": "33.7", "Long": "73.1667", "FeatureID": "-1307171"}
BEIJING = {"Type": "4", "FullName": "Beijing, Beijing, China", "CountryCode": "CH",
           "ADM1Code": "CH22", "Lat": "39.9289", "Long": "116.388", "FeatureID": "-1898541"}


def gdelt_row(event_id, day, a1, a2, code, tone, mentions, goldstein, url, geo=ISLAMABAD):
    """One event: A1 and A2 are (code, name, country, type1) or None."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(GlobalEventID=str(event_id), Day=day, MonthYear=day[:6], Year=day[:4],
               FractionDate="2025.6438", IsRootEvent="1", EventCode=code, EventBaseCode=code[:3],
               EventRootCode=code[:2], QuadClass="1", GoldsteinScale=goldstein,
               NumMentions=str(mentions), NumSources="1", NumArticles=str(mentions),
               AvgTone=tone, DATEADDED=day + "120000", SOURCEURL=url)
    for n, actor in ((1, a1), (2, a2)):
        if actor:
            for field, value in zip(("Code", "Name", "CountryCode", "Type1Code"), actor):
                row[f"Actor{n}{field}"] = value
    for g, place in (("Actor1Geo", geo), ("Actor2Geo", BEIJING), ("ActionGeo", geo)):
        for field, value in place.items():
            row[f"{g}_{field}"] = value
    return "\t".join(row[c] for c in GDELT_COLUMNS)


PAK_GOV = ("PAKGOV", "PAKISTAN", "PAK", "GOV")
CHN_GOV = ("CHNGOV", "CHINA", "CHN", "GOV")
CHN = ("CHN", "CHINA", "CHN", "")
EVENTS = [
    gdelt_row(101, "20250821", PAK_GOV, CHN_GOV, "042", "2.5", 10, "1.9", "https://e.org/a"),
    gdelt_row(102, "20250822", PAK_GOV, CHN_GOV, "043", "1.5", 4, "2.8", "https://e.org/b"),
    gdelt_row(103, "20250822", PAK_GOV, CHN_GOV, "057", "4.0", 20, "8.0", "https://e.org/c"),
    gdelt_row(104, "20250820", CHN, PAK_GOV, "036", "-1.25", 3, "4.0", "https://e.org/d"),
    gdelt_row(105, "20250823", CHN, None, "010", "0.5", 2, "0.0", "https://e.org/e"),
]


def gdelt_file(name="events.export.CSV", rows=EVENTS):
    return write(name, "".join(r + "\n" for r in rows))


def case_gdelt_events_become_edges_between_actors():
    path = gdelt_file()
    g = dump(path)
    nodes = nodes_of(g)
    expect(nodes, {"PAKGOV": {"type": "actor", "label": "PAKISTAN", "country": "PAK",
                              "actor_type": "GOV"},
                   "CHNGOV": {"type": "actor", "label": "CHINA", "country": "CHN",
                              "actor_type": "GOV"},
                   "CHN": {"type": "actor", "label": "CHINA", "country": "CHN"}}, "actors")
    expect([(e[0], e[1], e[2]["event_code"]) for e in g["edges"]],
           [("PAKGOV", "CHNGOV", "042"), ("PAKGOV", "CHNGOV", "043"), ("PAKGOV", "CHNGOV", "057"),
            ("CHN", "PAKGOV", "036")], "an edge per event with both actors, codes as text")
    first = g["edges"][0][2]
    expect({k: first[k] for k in ("type", "event_id", "date", "event_root_code", "quad_class",
                                  "goldstein", "num_mentions", "avg_tone", "action_geo",
                                  "action_geo_country", "action_geo_lat", "actor2_geo_country",
                                  "evidence_source", "evidence", "is_root_event")},
           {"type": "Consult", "event_id": 101, "date": "2025-08-21", "event_root_code": "04",
            "quad_class": 1, "goldstein": 1.9, "num_mentions": 10, "avg_tone": 2.5,
            "action_geo": "Islamabad, Islamabad, Pakistan", "action_geo_country": "PK",
            "action_geo_lat": 33.7, "actor2_geo_country": "CH",
            "evidence_source": "https://e.org/a",
            "evidence": "GDELT event 101: Consult (CAMEO 042) on 2025-08-21",
            "is_root_event": True}, "the first event's fields")
    code, _, err = run("--check", path)
    expect((code, err), (0, f"cpecgraph: {path}: warning: 1 event without Actor1 or Actor2 (an "
                            "empty actor code) left out\n"), "a warning without -v")
    code, _, err = run("-q", "--check", path)
    expect((code, err), (0, ""), "no warning with --quiet")


# A row of a real 2.0 export, and one of GDELT 1.0 (58 columns, no ADM2 codes).
REAL_ROW = "\t".join([
    '1318092222', '20250813', '202508', '2025', '2025.6110', 'IND', 'NEW DELHI', 'IND', '', '',
    '', '', '', '', '', 'USA', 'WASHINGTON', 'USA', '', '', '', '', '', '', '', '0', '046', '046',
    '04', '1', '7.0', '3', '1', '3', '-1.70068027210885', '4', 'New Delhi, Delhi, India', 'IN',
    'IN07', '17911', '28.6', '77.2', '-2106102', '3',
    'Washington, District of Columbia, United States', 'US', 'USDC', 'DC001', '38.8951',
    '-77.0364', '531871', '3', 'Washington, District of Columbia, United States', 'US', 'USDC',
    'DC001', '38.8951', '-77.0364', '531871', '20260813110000',
    'https://www.business-standard.com/economy/news/centre-seeks-more-us-lpg-to-cut-r'
    'eliance-on-west-asia-aid-trade-deal-126081301067_1.html',
])
GDELT1_ROW = "\t".join([
    '324845987', '20041126', '200411', '2004', '2004.8932', 'BUS', 'COMPANIES', '', '', '', '',
    '', 'BUS', '', '', 'MNCUSA', 'EXXON', 'USA', '', '', '', '', 'MNC', '', '', '1', '051', '051',
    '05', '1', '3.4', '2', '1', '2', '2.54452926208651', '4',
    'Port Moresby, National Capital, Papua New Guinea', 'PP', 'PP20', '-9.46472', '147.193',
    '-2198538', '4', 'Port Moresby, National Capital, Papua New Guinea', 'PP', 'PP20', '-9.46472',
    '147.193', '-2198538', '4', 'Port Moresby, National Capital, Papua New Guinea', 'PP', 'PP20',
    '-9.46472', '147.193', '-2198538', '20141124',
    'http://www.jaunted.com/story/2014/11/18/73710/605/travel/How+to+Get+a+Visa+to+Vi'
    'sit+Papua+New+Guinea+',
])


def case_a_real_gdelt_row_is_read_by_its_columns():
    g = dump(write("real.export.CSV", REAL_ROW + "\n"))
    expect(sorted(nodes_of(g).items()), [("IND", {"type": "actor", "label": "NEW DELHI",
                                                  "country": "IND"}),
                                         ("USA", {"type": "actor", "label": "WASHINGTON",
                                                  "country": "USA"})], "actors")
    (src, dst, e), = g["edges"]
    expect((src, dst, e["type"], e["event_code"], e["is_root_event"], e["goldstein"],
            e["avg_tone"], e["actor1_geo"], e["actor1_geo_country"], e["action_geo_lat"],
            e["date_added"], e["evidence_source"][:30]),
           ("IND", "USA", "Consult", "046", False, 7.0, -1.70068027210885,
            "New Delhi, Delhi, India", "IN", 38.8951, 20260813110000,
            "https://www.business-standard."), "its fields")
    for name in ("old.export.CSV", "old.tsv"):  # told by its name, or by its content
        path = write(name, GDELT1_ROW + "\n")
        expect(error_of(path), f"cpecgraph: {path}:1:1: 58 tab-separated fields; a GDELT 2.0 "
               "event has 61 (this looks like GDELT 1.0, which cpecgraph does not read)",
               f"GDELT 1.0 as {name}")
    g = dump(write("bom.export.CSV", "\ufeff" + REAL_ROW + "\n"))
    expect(g["edges"][0][2]["event_id"], 1318092222, "a byte order mark")


def case_gdelt_levels_and_aggregation():
    path = gdelt_file()
    g = dump(path, "-O", "level=country")
    expect(sorted(nodes_of(g)), ["CHN", "PAK"], "countries")
    expect(nodes_of(g)["PAK"], {"type": "country"}, "a country node")
    g = dump(path, "-O", "level=type")
    expect(sorted(nodes_of(g)), ["GOV"], "types: actors without a type code are left out")
    expect(len(g["edges"]), 3, "GOV -> GOV events")
    g = dump(path, "-O", "aggregate=true")
    # computed here from EVENTS: PAKGOV -> CHNGOV has two Consult (04) events and one 05
    rows = [dict(zip(GDELT_COLUMNS, r.split("\t"))) for r in EVENTS[:2]]
    consult = edges_of(g, event_root_code="04")
    expect(len(consult), 1, "one edge per pair and root code")
    expect({k: consult[0][2][k] for k in ("weight", "events", "num_mentions", "avg_tone",
                                          "goldstein", "start", "end")},
           {"weight": 2, "events": 2, "num_mentions": sum(int(r["NumMentions"]) for r in rows),
            "avg_tone": sum(float(r["AvgTone"]) for r in rows) / 2,
            "goldstein": sum(float(r["GoldsteinScale"]) for r in rows) / 2,
            "start": "2025-08-21", "end": "2025-08-22"}, "aggregated Consult")
    expect(len(g["edges"]), 3, "three pairs and root codes")


def case_gdelt_aggregates_leave_out_what_is_not_there():
    long_url = "https://e.org/" + "x" * 5000
    rows = [gdelt_row(201, "20250821", PAK_GOV, CHN_GOV, "042", "2.5", 1, "1.0", long_url),
            gdelt_row(202, "20250822", PAK_GOV, CHN_GOV, "042", "", 1, "3.0", "https://e.org/b")]
    g = dump(gdelt_file("gaps.export.CSV", rows), "-O", "aggregate=true")
    (_, _, e), = g["edges"]
    expect((e["avg_tone"], e["goldstein"], e["evidence_source"]), (2.5, 2.0, long_url),
           "an empty tone is not a zero; the first URL whole")
    path = gdelt_file("again.export.CSV", rows)
    code, _, err = run("-O", "aggregate=true", "--check", path, path)
    expect(code, 0, f"exit ({err})")
    contains(err, f"{path}: warning: aggregate=true aggregates the events of each file: the "
             "edges of the files before stay apart from these")


def case_gdelt_streams_from_a_pipe_and_is_told_by_content():
    text = "".join(r + "\n" for r in EVENTS)
    code, out, err = run("--check", "-", stdin=text)
    expect((code, out), (0, "<stdin>: 3 nodes, 4 edges, directed; node types: actor 3\n"),
           f"sniffed ({err})")
    code, out, err = run("--format", "gdelt", "--check", "-", stdin=text)
    expect((code, out), (0, "<stdin>: 3 nodes, 4 edges, directed; node types: actor 3\n"),
           f"streamed ({err})")


def case_gdelt_errors_have_their_place():
    short = "\t".join(EVENTS[0].split("\t")[:57])
    bad_day = EVENTS[0].replace("\t20250821\t", "\t2025-08-21\t", 1)
    cols = EVENTS[0].split("\t")
    column_of = {name: len("\t".join(cols[:i])) + 1 + (i > 0) - 1 for i, name in
                 enumerate(GDELT_COLUMNS)}
    bad_tone = cols[:34] + ["high"] + cols[35:]
    bad_root = cols[:28] + ["42"] + cols[29:]
    cases = [
        (short, ":2:1: 57 tab-separated fields; a GDELT 2.0 event has 61 (this looks like GDELT "
                "1.0, which cpecgraph does not read)"),
        (bad_day, f":2:{column_of['Day'] + 1}: the day (SQLDATE) must be YYYYMMDD, got "
                  "'2025-08-21'"),
        ("\t".join(bad_tone), f":2:{column_of['AvgTone'] + 1}: avg_tone must be a number, got "
                              "'high'"),
        ("\t".join(bad_root), f":2:{column_of['EventRootCode'] + 1}: the CAMEO root code "
                              "(EventRootCode) must be 01 to 20, got '42'"),
        (EVENTS[0].replace("PAKISTAN", "PAKIST\xe1N"), None),
        ("\t".join([""] + cols[1:]), ":2:1: the GlobalEventID is empty"),
    ]
    for k, (line, message) in enumerate(cases):
        path = write(f"bad{k}.export.CSV", EVENTS[1] + "\n" + line + "\n")
        if message is None:  # Latin-1
            with open(path, "wb") as f:
                f.write((EVENTS[1] + "\n" + line + "\n").encode("latin-1"))
            contains(error_of(path), ":2:")
            contains(error_of(path), "invalid UTF-8")
            continue
        expect(error_of(path), f"cpecgraph: {path}{message}", message)
    path = gdelt_file()
    code, _, err = run("-O", "level=city", "--check", path)
    expect((code, err.strip().splitlines()[0]), (3, f"cpecgraph: {path}: --format-option "
           "level=city: give actor, country or type"), "a bad level")


# ---- every format through the plugins ----------------------------------------------------------

def case_every_plugin_runs_on_each_format():
    files = [(write("plugins.stix.json", stix_bundle()), ACTOR, LOCATION),
             (gdelt_file("plugins.export.CSV"), "CHN", "CHNGOV"),
             (ftm_file("plugins.ftm.json"), "p-dar", "c-gwadar")]
    runs = [["-p", "summary"], ["-p", "centrality"], ["-p", "communities"], ["-p", "dot"],
            ["-p", "export", "-a", "format=graphml"], ["-p", "export", "-a", "format=neo4j-nodes"],
            ["-p", "export", "-a", "format=neo4j-relationships"]]
    for path, a, b in files:
        code, out, err = run("-p", "paths", "-a", f"from={a}", "-a", f"to={b}", path)
        expect(code, 0, f"paths on {os.path.basename(path)}: {err}")
        contains(out, "1. ")
        for options in runs:
            code, out, err = run(*options, path)
            expect(code, 0, f"{options} on {os.path.basename(path)}: {err}")
            expect(bool(out), True, f"{options} prints")


# ---- Neo4j and GraphFrames ---------------------------------------------------------------------

NEO4J_GRAPH = {
    "directed": True, "multigraph": True, "graph": {"name": "n"},
    "nodes": [{"id": "a", "type": "person", "label": 'Ana "the" Ruiz, jr.',
               "aliases": ["Ana", "A. Ruiz"], "age": 41, "score": 0.5, "active": True,
               "note": "two\nlines", "codes": [1, 2]},
              {"id": "b", "type": "company", "label": "Acme", "aliases": ["x;y"],
               "codes": [3.5], "active": False},
              {"id": "c", "label": "no type", "note": "", "codes": [], "flags": [True, False],
               "tags": ["", "x"]}],
    "edges": [{"source": "a", "target": "b", "type": "owns", "share": 0.4},
              {"source": "b", "target": "c"}],
}


def neo4j_rows(fmt, graph=NEO4J_GRAPH):
    path = write(f"neo4j-{fmt}.json", json.dumps(graph))
    code, out, err = run("-p", "export", "-a", f"format={fmt}", path)
    expect(code, 0, f"exit ({err})")
    return list(csv.reader(io.StringIO(out, newline="")))


def case_neo4j_files_follow_the_import_format():
    rows = neo4j_rows("neo4j-nodes")
    expect(rows[0], ["id:ID", ":LABEL", "type:string", "label:string", "aliases:string",
                     "age:long", "score:double", "active:boolean", "note:string",
                     "codes:double[]", "flags:boolean[]", "tags:string"],
           "node header: typed columns; a list with a ';' or an empty text is text")
    expect(rows[1], ["a", "person", "person", 'Ana "the" Ruiz, jr.', '["Ana","A. Ruiz"]', "41",
                     "0.5", "true", "two\nlines", "1;2", "", ""], "a node")
    expect(rows[2][:5] + rows[2][7:10], ["b", "company", "company", "Acme", '["x;y"]', "false",
                                         "", "3.5"], "a list with the delimiter, as JSON")
    expect(rows[3][:4], ["c", "", "", "no type"], "no type: no label")
    rels = neo4j_rows("neo4j-relationships")
    expect(rels, [[":START_ID", ":END_ID", ":TYPE", "type:string", "share:double"],
                  ["a", "b", "owns", "owns", "0.4"], ["b", "c", "RELATED_TO", "", ""]],
           "relationships: a type is required, RELATED_TO when the edge has none")
    graph = dict(NEO4J_GRAPH, nodes=NEO4J_GRAPH["nodes"][:2] + [{"id": "c", "a:b": 1}])
    path = write("colon.json", json.dumps(graph))
    code, _, err = run("-p", "export", "-a", "format=neo4j-nodes", path)
    expect((code, err), (1, "cpecgraph: plugin 'export': node attribute 'a:b' holds a ':', which "
                            "Neo4j's header reads as its type: rename it, or -a omit=a:b\n"),
           "a name with a colon")
    # quoting: RFC 4180, which Neo4j's importer reads (a quote doubled inside quotes)
    code, out, _ = run("-p", "export", "-a", "format=neo4j-nodes", write("q.json",
                       json.dumps(NEO4J_GRAPH)))
    contains(out, '"Ana ""the"" Ruiz, jr."')
    # an empty field is no property to Neo4j, a quoted one an empty string
    expect(out.splitlines()[-1], 'c,,,no type,,,,,"",,true;false,"["""",""x""]"',
           "an empty text is quoted, an empty list no property, booleans a boolean[]")


def case_graphframes_files_name_ends_src_and_dst():
    rows = neo4j_rows("graphframes-vertices")
    expect(rows[0][:3], ["id", "type", "label"], "vertices header")
    rels = neo4j_rows("graphframes-edges")
    expect(rels[0], ["src", "dst", "type", "share"], "edges header")
    expect(rels[1], ["a", "b", "owns", "0.4"], "an edge")
    graph = dict(NEO4J_GRAPH, edges=[{"source": "a", "target": "b", "src": "x"}])
    code, _, err = run("-p", "export", "-a", "format=graphframes-edges",
                       write("src.json", json.dumps(graph)))
    expect(code, 1, "exit")
    contains(err, "has an attribute named 'src', which graphframes-edges keeps for the edge's end")


if __name__ == "__main__":
    main(globals())

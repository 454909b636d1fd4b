#!/usr/bin/env python3
"""Turns an NHSRplotthedots test snapshot into the reference vectors of
Tests/WaymarkDomainTests/PlotTheDotsReference.swift.

The package's integration tests keep each `ptd_spc` result whole with
`expect_snapshot_value(style = "serialize")`: base64 of R's XDR serialization (version 2) in
`tests/testthat/_snaps/integration_tests.md`. Copy one snapshot's base64 block (the indented lines
under its heading, without the indent) into a file and run

    scripts/spc-reference-vectors.py NAME FILE "THE ptd_spc CALL"

to print the Swift for one vector: the series, each point's mean and process limits exactly as R
held them, and each point's type. Only the kinds of R object those snapshots hold are read.
"""
import base64
import struct
import sys


class Reader:
    def __init__(self, data):
        self.data, self.at, self.refs = data, 0, []

    def int(self):
        (value,) = struct.unpack(">i", self.data[self.at:self.at + 4])
        self.at += 4
        return value

    def double(self):
        (value,) = struct.unpack(">d", self.data[self.at:self.at + 8])
        self.at += 8
        return value

    def item(self):
        flags = self.int()
        kind, has_attributes, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind == 254:                                    # NILVALUE_SXP
            return None
        if kind in (241, 242, 247, 251, 252, 253):         # environments and markers
            return ("special", kind)
        if kind == 255:                                    # REFSXP
            return self.refs[(flags >> 8 or self.int()) - 1]
        if kind == 1:                                      # SYMSXP
            symbol = ("symbol", self.item())
            self.refs.append(symbol)
            return symbol
        if kind == 2:                                      # LISTSXP: a pairlist, tag and value
            members = []
            while True:
                if has_attributes:
                    self.item()
                tag = self.item() if has_tag else None
                members.append((tag[1] if tag else None, self.item()))
                flags = self.int()
                kind, has_attributes, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
                if kind == 254:
                    return ("pairlist", members)
                if kind != 2:
                    raise ValueError(f"a pairlist ending in type {kind}")
        if kind == 9:                                      # CHARSXP
            length = self.int()
            if length == -1:
                return None
            text = self.data[self.at:self.at + length].decode("utf-8")
            self.at += length
            return text
        if kind in (10, 13):                               # LGLSXP, INTSXP (NA is the smallest int)
            value = [self.int() for _ in range(self.int())]
            value = [None if v == -2147483648 else v for v in value]
        elif kind == 14:                                   # REALSXP
            value = [self.double() for _ in range(self.int())]
        elif kind in (16, 19):                             # STRSXP, VECSXP
            value = [self.item() for _ in range(self.int())]
        else:
            raise ValueError(f"R type {kind} at byte {self.at}, not one these snapshots hold")
        attributes = dict(self.item()[1]) if has_attributes else {}
        return ("vector", kind, value, attributes)


def frame(path):
    """The data frame's columns by name, and the `ptd_spc_options` it carries."""
    data = base64.b64decode(open(path).read())
    if data[:2] != b"X\n":
        raise ValueError("not R's XDR serialization")
    reader = Reader(data)
    reader.at = 2
    if reader.int() != 2:
        raise ValueError("not version 2 of R's serialization")
    reader.int(), reader.int()
    _, _, columns, attributes = reader.item()
    table = {name: column[2] for name, column in zip(attributes["names"][2], columns)}
    options = attributes.get("options")
    settings = {}
    if options:
        for name, value in zip(options[3]["names"][2], options[2]):
            settings[name] = value[2] if value and value[0] == "vector" else value
    return table, settings


def swift(name, path, call):
    table, options = frame(path)
    if options.get("improvement_direction") != ["increase"] or options.get("screen_outliers") != [1]:
        raise ValueError("the tests assume improvement up and screening on, the package's defaults")

    def doubles(values):
        rows = [", ".join(repr(v) for v in values[i:i + 4]) for i in range(0, len(values), 4)]
        return "[\n" + "".join(f"            {row},\n" for row in rows) + "        ]"

    kinds = {"common_cause": ".common", "special_cause_improvement": ".improvement",
             "special_cause_concern": ".concern", "special_cause_neutral": ".neither"}
    groups = table["rebase_group"]
    rebases = [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    fixed = options.get("fix_after_n_points")
    return f"""    /// `{call}`
    static let {name} = Vector(
        fixAfter: {int(fixed[0]) if fixed else "nil"},
        rebaseAt: {rebases},
        values: {doubles(table["y"])},
        mean: {doubles(table["mean"])},
        lower: {doubles(table["lpl"])},
        upper: {doubles(table["upl"])},
        types: [{", ".join(kinds[k] for k in table["point_type"])}]
    )
"""


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(swift(*sys.argv[1:]))

#!/usr/bin/env python3
"""Writes a large UBL 2.1 invoice for benches/xml.sh: the official example
(UBL-Invoice-2.1-Example.xml of the OASIS UBL release, read from the corpus) with its five
cac:InvoiceLine elements repeated, in turn, until there are N lines, each with its own ID.
Every 20th line (5 %) has an error planted in one of several ways, or every EVERY-th with a
third argument (0: every line valid). Both validators report one error per planted line.

    python3 benches/gen_ubl_invoice.py EXAMPLE.xml N OUT.xml [EVERY]
"""
import re
import sys

BREAKS = [
    # A quantity that is no decimal.
    (re.compile(r'(<cbc:InvoicedQuantity unitCode="[^"]*">)[^<]*(</cbc:InvoicedQuantity>)'), r"\1one\2"),
    # An unknown element before a required one.
    (re.compile(r"(<cbc:LineExtensionAmount)"), r"<cbc:UnknownElement>x</cbc:UnknownElement>\1"),
    # A percent that is no number.
    (re.compile(r"(<cbc:Percent>)[^<]*(</cbc:Percent>)"), r"\1twenty\2"),
]


def main():
    example, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    every = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    text = open(example, encoding="utf-8").read()
    first = text.index("<cac:InvoiceLine>")
    last = text.rindex("</cac:InvoiceLine>") + len("</cac:InvoiceLine>")
    lines = re.findall(r"<cac:InvoiceLine>.*?</cac:InvoiceLine>", text[first:last], re.S)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text[:first])
        for i in range(n):
            line = re.sub(r"<cbc:ID>[^<]*</cbc:ID>", f"<cbc:ID>{i + 1}</cbc:ID>", lines[i % len(lines)], count=1)
            if every > 0 and i % every == every - 1:
                pattern, replacement = BREAKS[(i // every) % len(BREAKS)]
                line = pattern.sub(replacement, line, count=1)
            f.write(line)
            f.write("\n\t")
        f.write(text[last:])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a civil register export with N Birth records (about 700 bytes each) for
benches/xml.sh; every 20th record is invalid in one of several ways (5 %), or every
EVERY-th with a third argument (0: every record valid).

    python3 benches/gen_register.py N OUT.xml [EVERY]
"""
import random
import sys

GIVEN = ["Ana", "Bo", "Chidi", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jana"]
FAMILY = ["Adler", "Berg", "Costa", "Dvorak", "Eze", "Fischer", "Garcia", "Horvat"]
BREAKS = [
    ("<BirthDate>{d}</BirthDate>", "<BirthDate>2024-02-30</BirthDate>"),
    ("<Sex>{s}</Sex>", "<Sex>U</Sex>"),
    ("<Nationality>EX</Nationality>", "<Nationality>Examplia</Nationality>"),
    ("<District>{district}</District>", "<District>north</District>"),
    ("<Weight>{w}</Weight>", "<Weight>9.5</Weight>"),
]


def record(i, rnd, every):
    invalid = every > 0 and i % every == every - 1
    year = 2000 + i % 24
    d = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    s = "FMX"[i % 3]
    w = f"{2.5 + (i % 20) / 10:.3f}"
    district = f"EX-{'NOSOEAWECE'[2 * (i % 5):2 * (i % 5) + 2]}-{1 + i % 9:02d}"
    nin = lambda k: f"{(i * 7919 + k) % 10**11:011d}"
    text = f"""  <Birth id="b{i}" registered="{d}">
    <Child>
      <Nin>{nin(1)}</Nin>
      <Name><Given>{rnd.choice(GIVEN)}</Given><Given>{rnd.choice(GIVEN)}</Given><Family>{rnd.choice(FAMILY)}</Family></Name>
      <Sex>{s}</Sex>
      <BirthDate>{d}</BirthDate>
      <BirthTime>0{i % 10}:1{i % 6}:00</BirthTime>
      <Weight>{w}</Weight>
    </Child>
    <Mother>
      <Nin>{nin(2)}</Nin>
      <Name><Given>{rnd.choice(GIVEN)}</Given><Family>{rnd.choice(FAMILY)}</Family></Name>
      <Nationality>EX</Nationality>
    </Mother>
    <Father>
      <Nin>{nin(3)}</Nin>
      <Name><Given>{rnd.choice(GIVEN)}</Given><Family>{rnd.choice(FAMILY)}</Family></Name>
      <Nationality>EX</Nationality>
    </Father>
    <Place><Facility>District Hospital {i % 40}</Facility><District>{district}</District></Place>
  </Birth>
"""
    if invalid:
        good, bad = BREAKS[(i // 20) % len(BREAKS)]
        good = good.format(d=d, s=s, w=w, district=district)
        text = text.replace(good, bad, 1)
    return text


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    every = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rnd = random.Random(42)
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write('<Register xmlns="urn:examplia:civil-register:1" exported="2026-11-29T12:00:00Z">\n')
        for i in range(n):
            f.write(record(i, rnd, every))
        f.write("</Register>\n")


if __name__ == "__main__":
    main()

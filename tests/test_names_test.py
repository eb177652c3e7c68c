#!/usr/bin/env python3
"""Every Catch2 test name can be run by CTest: catch_discover_tests registers each name as a CMake
list item, so a ';' cuts it in two and CTest runs a filter that matches no test, and passes."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
bad = []
for path in sorted(list(root.glob("src/**/*.cpp")) + list(root.glob("tests/**/*.cpp"))):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for name in re.findall(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', line):
            if ";" in name:
                bad.append(f"{path.relative_to(root)}:{number}: {name}")
for b in bad:
    print("a test name with ';', which CTest never runs:", b)
sys.exit(1 if bad else 0)
